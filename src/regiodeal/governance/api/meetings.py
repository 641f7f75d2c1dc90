"""The Rijk-Regio-overleg (Art. 6): meetings with decisions, actions and files; the register of
bottlenecks and risks and its escalation route (Art. 6.2, 6.5)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.common.lookups import found_or_404
from regiodeal.disclosure.access import shows, visible_to

from .. import models as gm
from .. import selectors as sel
from .. import services as svc
from ..constants import RegisterKind, RegisterStatus
from .base import DealView, OrgCode

# ---------------------------------------------------------------------------------------------
# Meetings (Art. 6)


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = gm.Decision
        fields = ["id", "number", "text", "public"]
        read_only_fields = ["id", "number"]


class ActionSerializer(serializers.ModelSerializer):
    owner = OrgCode()

    class Meta:
        model = gm.Action
        fields = [
            "id",
            "description",
            "owner",
            "owner_person",
            "due_on",
            "done_on",
            "done_note",
            "lock_version",
        ]
        read_only_fields = ["id", "done_on", "done_note", "lock_version"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = gm.Attachment
        fields = ["id", "title", "url", "uploaded_at", "uploaded_by_label"]

    def get_url(self, obj) -> str:
        return f"/deals/{obj.deal.slug}/governance/files/{obj.pk}/"


class MeetingSerializer(serializers.ModelSerializer):
    attendees = OrgCode(many=True, required=False)
    guests = OrgCode(many=True, required=False, help_text="Partners present as guests (Art. 6.1)")
    counts = serializers.SerializerMethodField(
        help_text="Counts for Art. 6.2: attendees of both the Rijk and the Regio"
    )
    lock_version = serializers.IntegerField(required=False)

    class Meta:
        model = gm.Meeting
        fields = [
            "id",
            "held_on",
            "title",
            "location",
            "attendees",
            "guests",
            "counts",
            "agenda",
            "minutes",
            "lock_version",
        ]
        read_only_fields = ["id", "counts"]

    def get_counts(self, obj) -> bool:
        return sel.meeting_counts(obj) if obj.pk else False


class MeetingDetailSerializer(MeetingSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "decisions", "actions", "attachments"]

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj) -> list:
        found = obj.attachments.all()
        request = self.context.get("request")
        if request is not None:
            found = visible_to(found, request.user, obj.deal)  # Art. 10.1: not a confidential one
        return AttachmentSerializer(found, many=True).data


class MeetingList(DealView, generics.ListCreateAPIView):
    """Meetings of the Rijk-Regio-overleg; POST records one (programme office)."""

    serializer_class = MeetingSerializer
    queryset = gm.Meeting.objects.none()

    def get_queryset(self):
        deal = self.get_deal()
        return visible_to(sel.meeting_list(deal), self.request.user, deal)  # Art. 10.1

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        d.pop("lock_version", None)
        serializer.instance = svc.meeting_create(actor=self.actor(), deal=self.get_deal(), **d)


class MeetingDetail(DealView, generics.RetrieveUpdateAPIView):
    """One meeting with its decisions, actions and files. PATCH with `lock_version`."""

    serializer_class = MeetingDetailSerializer
    queryset = gm.Meeting.objects.none()
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        deal = self.get_deal()
        meeting = found_or_404(sel.meeting_get, deal, self.kwargs["pk"])
        if not shows(self.request.user, deal, meeting):
            raise Http404  # Art. 10.1: kept from a third party
        return meeting

    def update(self, request, *args, **kwargs):
        meeting = self.get_object()
        s = MeetingSerializer(meeting, data=request.data, partial=True, context={"view": self})
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        if "lock_version" not in d:
            raise ValidationError({"lock_version": [_("Stuur de lock_version mee die u las.")]})
        version = d.pop("lock_version")
        attendees = d.pop("attendees", None)
        guests = d.pop("guests", None)
        svc.meeting_update(
            actor=self.actor(),
            meeting=meeting,
            expected_version=version,
            attendees=attendees,
            guests=guests,
            **d,
        )
        return Response(
            MeetingDetailSerializer(self.get_object(), context={"view": self, "request": request}).data
        )


class MeetingChild(DealView, generics.CreateAPIView):
    def meeting(self) -> gm.Meeting:
        return found_or_404(gm.Meeting.objects.get, deal=self.get_deal(), pk=self.kwargs["pk"])


class DecisionCreate(MeetingChild):
    """Add a decision of the overleg to a meeting."""

    serializer_class = DecisionSerializer

    def perform_create(self, serializer):
        serializer.instance = svc.decision_add(
            actor=self.actor(),
            meeting=self.meeting(),
            text=serializer.validated_data["text"],
            public=serializer.validated_data.get("public", True),
        )


class ActionCreate(MeetingChild):
    """Add an action with its owner and due date to a meeting."""

    serializer_class = ActionSerializer

    def perform_create(self, serializer):
        serializer.instance = svc.action_add(
            actor=self.actor(), meeting=self.meeting(), **serializer.validated_data
        )


class AttachmentUpload(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    file = serializers.FileField()


class MeetingFileCreate(MeetingChild):
    """Attach a file (minutes, documents) to a meeting: multipart."""

    serializer_class = AttachmentUpload
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=AttachmentUpload, responses={201: AttachmentSerializer})
    def post(self, request, *args, **kwargs):
        s = AttachmentUpload(data=request.data)
        s.is_valid(raise_exception=True)
        a = svc.attachment_add(
            actor=self.actor(), deal=self.get_deal(), meeting=self.meeting(), **s.validated_data
        )
        return Response(AttachmentSerializer(a).data, status=status.HTTP_201_CREATED)


class ActionDone(serializers.Serializer):
    done_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lock_version = serializers.IntegerField()


class ActionDoneView(DealView, APIView):
    """Mark an action done."""

    @extend_schema(request=ActionDone, responses={200: ActionSerializer})
    def post(self, request, slug, pk):
        s = ActionDone(data=request.data)
        s.is_valid(raise_exception=True)
        action = found_or_404(gm.Action.objects.get, deal=self.get_deal(), pk=pk)
        d = s.validated_data
        svc.action_complete(
            actor=self.actor(),
            action=action,
            expected_version=d["lock_version"],
            done_on=d["done_on"],
            note=d["note"],
        )
        return Response(ActionSerializer(action, context={"view": self}).data)


# ---------------------------------------------------------------------------------------------
# Register and escalation (Art. 6.2, 6.5)


class LevelSerializer(serializers.ModelSerializer):
    lock_version = serializers.IntegerField(required=False)

    class Meta:
        model = gm.EscalationLevel
        fields = ["id", "position", "name", "handled_by", "respond_within_days", "ended_on", "lock_version"]
        read_only_fields = ["id", "ended_on"]


class LevelList(DealView, generics.ListCreateAPIView):
    """The deal's escalation route (Art. 6.5); POST adds a level."""

    serializer_class = LevelSerializer
    queryset = gm.EscalationLevel.objects.none()

    def get_queryset(self):
        return sel.escalation_levels(self.get_deal())

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        d.pop("lock_version", None)
        serializer.instance = svc.escalation_level_save(actor=self.actor(), deal=self.get_deal(), **d)


class LevelChange(DealView, generics.GenericAPIView):
    """One escalation level (Art. 6.5): PATCH changes it (send the `lock_version` you read);
    DELETE removes a level no item ever went through (one that was used can only be ended)."""

    serializer_class = LevelSerializer
    queryset = gm.EscalationLevel.objects.none()
    http_method_names = ["patch", "delete", "options"]

    def get_object(self):
        try:
            return sel.escalation_levels(self.get_deal()).get(pk=self.kwargs["pk"])
        except gm.EscalationLevel.DoesNotExist as exc:
            raise Http404 from exc

    @extend_schema(responses={200: LevelSerializer})
    def patch(self, request, slug, pk):
        level = self.get_object()
        s = LevelSerializer(level, data=request.data, partial=True, context={"view": self})
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        if "lock_version" not in d:
            raise ValidationError({"lock_version": [_("Stuur de lock_version mee die u las.")]})
        version = d.pop("lock_version")
        fields = {
            k: d.get(k, getattr(level, k)) for k in ("position", "name", "handled_by", "respond_within_days")
        }
        svc.escalation_level_save(
            actor=self.actor(),
            deal=self.get_deal(),
            level=level,
            expected_version=version,
            agreed_in=level.agreed_in,
            **fields,
        )
        return Response(LevelSerializer(self.get_object(), context={"view": self}).data)

    @extend_schema(responses={204: None})
    def delete(self, request, slug, pk):
        level = self.get_object()
        svc.escalation_level_delete(actor=self.actor(), level=level)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LevelEnd(serializers.Serializer):
    ended_on = serializers.DateField()
    lock_version = serializers.IntegerField(help_text="The lock_version you read (required).")


class LevelEndView(LevelChange):
    """The overleg stops using a level: kept for the history, no item escalates to it any more."""

    http_method_names = ["post", "options"]

    @extend_schema(request=LevelEnd, responses={200: LevelSerializer})
    def post(self, request, slug, pk):
        s = LevelEnd(data=request.data)
        s.is_valid(raise_exception=True)
        level = self.get_object()
        svc.escalation_level_end(
            actor=self.actor(),
            level=level,
            ended_on=s.validated_data["ended_on"],
            expected_version=s.validated_data["lock_version"],
        )
        return Response(LevelSerializer(self.get_object(), context={"view": self}).data)


class EscalationSerializer(serializers.ModelSerializer):
    from_level = serializers.IntegerField(source="from_level.position", allow_null=True, default=None)
    to_level = serializers.IntegerField(source="to_level.position")

    class Meta:
        model = gm.Escalation
        fields = ["from_level", "to_level", "at", "by_label", "reason"]


class RegisterItemSerializer(serializers.ModelSerializer):
    raised_by = OrgCode()
    addressed_to = OrgCode(
        required=False, allow_null=True, help_text="For a shortcoming (Art. 16): the Party called to account"
    )
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=gm.Meeting.objects.all(), required=False, allow_null=True, help_text="discussed in (id)"
    )
    kind = serializers.ChoiceField(choices=RegisterKind.choices)
    status = serializers.ChoiceField(choices=RegisterStatus.choices, read_only=True)
    level = serializers.IntegerField(source="level.position", read_only=True, allow_null=True, default=None)
    escalations = EscalationSerializer(many=True, read_only=True)

    class Meta:
        model = gm.RegisterItem
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "raised_by",
            "addressed_to",
            "raised_on",
            "meeting",
            "mitigation",
            "status",
            "level",
            "escalations",
            "lock_version",
        ]
        read_only_fields = ["id", "lock_version"]


class RegisterList(DealView, generics.ListCreateAPIView):
    """Bottlenecks and risks; POST raises one."""

    serializer_class = RegisterItemSerializer
    queryset = gm.RegisterItem.objects.none()

    def get_queryset(self):
        deal = self.get_deal()
        return visible_to(sel.register_list(deal), self.request.user, deal).prefetch_related(  # Art. 10.1
            "escalations__from_level", "escalations__to_level"
        )

    def perform_create(self, serializer):
        serializer.instance = svc.register_item_create(
            actor=self.actor(), deal=self.get_deal(), **serializer.validated_data
        )


class EscalateSerializer(serializers.Serializer):
    to_level = serializers.IntegerField(min_value=1, help_text="the level's position")
    reason = serializers.CharField()


class EscalateView(DealView, APIView):
    """Move an item to another level of the escalation route."""

    @extend_schema(request=EscalateSerializer, responses={201: RegisterItemSerializer})
    def post(self, request, slug, pk):
        s = EscalateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        deal = self.get_deal()
        try:
            item = gm.RegisterItem.objects.get(deal=deal, pk=pk)
            level = gm.EscalationLevel.objects.get(deal=deal, position=s.validated_data["to_level"])
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        svc.register_item_escalate(
            actor=self.actor(), item=item, to_level=level, reason=s.validated_data["reason"]
        )
        item = sel.register_item_get(deal, pk)
        return Response(
            RegisterItemSerializer(item, context={"view": self}).data, status=status.HTTP_201_CREATED
        )
