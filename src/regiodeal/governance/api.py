"""The governance part of the REST API (`/api/v1/deals/<slug>/governance/`).

Read: VIEW_INTERNAL. The overleg, the register, VRO's receipt of a request and decisions on
confidentiality: MANAGE_GOVERNANCE. Filing a request and declaring consent: a Party
representative, only on behalf of the Parties they represent (403 otherwise). Declarations are
multipart uploads with the declaration file. Errors of the covenant's rules answer 400 with the
message; an edit from a stale `lock_version` answers 409.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.api.fields import AmountField
from regiodeal.api.views import DealAPIView
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import deal_entry_into_force, version_diff, version_get, version_list
from regiodeal.disclosure.access import shows, visible_to, without_pointers_to_hidden
from regiodeal.disclosure.models import WooGround
from regiodeal.disclosure.registry import DISCLOSABLE, record_get

from . import models as gm
from . import selectors as sel
from . import services as svc
from .constants import Answer, ObligationStatus, RegisterKind, RegisterStatus, RequestKind
from .permissions import require_own_party


class DealView(DealAPIView):
    write_capability = C.MANAGE_GOVERNANCE


class OrgCode(serializers.SlugRelatedField):
    """An organisation of this deal, by code."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=dm.Organisation.objects.all(), **kwargs)

    def get_queryset(self):
        view = self.context.get("view")
        return (
            dm.Organisation.objects.filter(deal=view.get_deal()) if view else dm.Organisation.objects.none()
        )


# ---------------------------------------------------------------------------------------------
# Signatures (Art. 17, 19)


class SignatureSerializer(serializers.Serializer):
    organisation = OrgCode()
    signed_on = serializers.DateField()


class EntryIntoForceSerializer(serializers.Serializer):
    status = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField()
    signatures = SignatureSerializer(many=True)
    unsigned = serializers.ListField(child=serializers.CharField())


class SignatureList(DealView, APIView):
    """The signatures, the entry into force (the day after the last) and who has not signed.
    POST records a signature (programme office)."""

    def _state(self):
        deal = self.get_deal()
        force = deal_entry_into_force(deal)
        return {
            "status": force.status(),
            "starts_on": force.starts_on,
            "ends_on": force.ends_on,
            "signatures": [
                {"organisation": s.organisation, "signed_on": s.signed_on}  # OrgCode writes its code
                for s in deal.signatures.select_related("organisation").order_by("signed_on", "id")
            ],
            "unsigned": [p.code for p in force.unsigned],
        }

    @extend_schema(responses=EntryIntoForceSerializer)
    def get(self, request, slug):
        return Response(EntryIntoForceSerializer(self._state()).data)

    @extend_schema(request=SignatureSerializer, responses={201: EntryIntoForceSerializer})
    def post(self, request, slug):
        s = SignatureSerializer(data=request.data, context={"view": self})
        s.is_valid(raise_exception=True)
        svc.signature_record(actor=self.actor(), deal=self.get_deal(), **s.validated_data)
        return Response(EntryIntoForceSerializer(self._state()).data, status=status.HTTP_201_CREATED)


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
        try:
            meeting = sel.meeting_get(deal, self.kwargs["pk"])
        except gm.Meeting.DoesNotExist as exc:
            raise Http404 from exc
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
        try:
            return gm.Meeting.objects.get(deal=self.get_deal(), pk=self.kwargs["pk"])
        except gm.Meeting.DoesNotExist as exc:
            raise Http404 from exc


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
        try:
            action = gm.Action.objects.get(deal=self.get_deal(), pk=pk)
        except gm.Action.DoesNotExist as exc:
            raise Http404 from exc
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


# ---------------------------------------------------------------------------------------------
# Requests (Art. 10-13, 19.2)


class ConsentSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")
    declaration = AttachmentSerializer()

    class Meta:
        model = gm.Consent
        fields = [
            "organisation",
            "answer",
            "declared_on",
            "declaration",
            "note",
            "on_behalf",
            "recorded_as",
            "recorded_by_label",
        ]

    recorded_as = serializers.CharField(
        read_only=True,
        help_text="Who recorded it: the Party itself, or the programme office on its behalf (a letter).",
    )


class RequestStepSerializer(serializers.ModelSerializer):
    # The edge's reason in the client's language (Accept-Language), the note as typed.
    reason = serializers.CharField(source="reason_text", read_only=True)

    class Meta:
        model = gm.RequestTransition
        fields = ["from_status", "to_status", "on", "at", "by_label", "reason"]


class RequestSerializer(serializers.ModelSerializer):
    filed_by = serializers.CharField(source="filed_by.code", allow_null=True, default=None)
    adopted_version = serializers.IntegerField(source="adopted_version.number", allow_null=True, default=None)
    consultation_deadline = serializers.SerializerMethodField()

    class Meta:
        model = gm.Request
        fields = [
            "number",
            "kind",
            "status",
            "title",
            "reasons",
            "filed_by",
            "filed_on",
            "received_on",
            "consultation_deadline",
            "effective_from",
            "decided_on",
            "adopted_version",
            "changes",
            "target_label",
            "confidential_until",
            "spuk_requested_on",
            "consulted_on",
            "discussed_in",
            "waits_for",
            "roles",
            "roles_decision",
            "roles_note",
            "obligations_accepted_on",
        ]

    discussed_in = serializers.PrimaryKeyRelatedField(read_only=True, help_text="meeting id (Art. 4.3, 19.2)")
    roles_decision = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="decision id (Art. 12.2)"
    )
    waits_for = serializers.SerializerMethodField(
        help_text="what adoption waits for beside consents: discussion (Art. 4.3, 19.2), acceptance (13.1)"
    )

    def get_waits_for(self, obj) -> list[str]:
        return svc.waits_for(obj, timezone.localdate()) if obj.status == "consultation" else []

    def get_consultation_deadline(self, obj) -> dt.date | None:
        return sel.request_deadline(obj)


class RequestDetailSerializer(RequestSerializer):
    transitions = RequestStepSerializer(many=True)
    consents = ConsentSerializer(many=True)
    missing = serializers.SerializerMethodField()

    class Meta(RequestSerializer.Meta):
        fields = [*RequestSerializer.Meta.fields, "transitions", "consents", "missing"]

    def get_missing(self, obj) -> list[str]:
        """Parties in office today whose consent is still missing (consultation only)."""
        if obj.status != "consultation":
            return []
        return [p.code for p in svc.missing_consents(obj, timezone.localdate())]


class BudgetChange(serializers.Serializer):
    rijk = AmountField(min_value=0)
    regional = AmountField(min_value=0)


class TextChange(serializers.Serializer):
    path = serializers.CharField(max_length=200)
    value = serializers.CharField()


class ApplicantSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=40)
    name = serializers.CharField(max_length=300)
    short_name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=["rijk", "regio"])
    acts_as = serializers.CharField(max_length=300)
    signatory_name = serializers.CharField(max_length=200)
    signatory_function = serializers.CharField(max_length=300)
    overleg = serializers.BooleanField(default=True)


class NewRequestSerializer(serializers.Serializer):
    """What a request says. By `kind`: amendment (budget, ends_on, text, effective_from),
    duration (ends_on, decision), accession (party; reasons = the concrete contribution),
    withdrawal (reasons = the changed circumstances), confidentiality (record_kind, record_id,
    until, woo_ground: the Woo article 5.1/5.2 code; reasons = the grounds)."""

    kind = serializers.ChoiceField(choices=RequestKind.choices)
    filed_by = serializers.CharField(required=False, help_text="Party code; not for accession")
    filed_on = serializers.DateField()
    title = serializers.CharField(required=False, max_length=300, default="")
    reasons = serializers.CharField(allow_blank=True)
    budget = serializers.DictField(child=BudgetChange(), required=False)
    ends_on = serializers.DateField(required=False)
    text = TextChange(many=True, required=False)
    effective_from = serializers.DateField(required=False, allow_null=True)
    discussed_in = serializers.IntegerField(
        required=False, allow_null=True, help_text="amendment: the overleg meeting that discussed it (id)"
    )
    decision = serializers.IntegerField(required=False, help_text="id of the overleg's decision (duration)")
    party = ApplicantSerializer(required=False)
    record_kind = serializers.ChoiceField(choices=sorted(DISCLOSABLE), required=False)
    record_id = serializers.IntegerField(required=False, min_value=1)
    until = serializers.DateField(required=False, allow_null=True)
    woo_ground = serializers.ChoiceField(choices=WooGround.choices, required=False, allow_blank=True)


class RequestList(DealView, generics.ListAPIView):
    """Every request of the deal. POST files one: a Party representative for their own Party
    (an accession request also by the programme office, which registers the applicant's letter)."""

    serializer_class = RequestSerializer
    queryset = gm.Request.objects.none()
    write_capability = C.FILE_REQUEST
    object_level = True  # the Party it is filed for decides, below

    def get_queryset(self):
        deal = self.get_deal()
        found = sel.request_list(deal, self.request.query_params.get("kind") or None).select_related("deal")
        return without_pointers_to_hidden(found, self.request.user, deal)  # Art. 10.1

    @extend_schema(request=NewRequestSerializer, responses={201: RequestDetailSerializer})
    def post(self, request, slug):
        s = NewRequestSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        deal, actor, kind = self.get_deal(), self.actor(), d["kind"]
        if kind == RequestKind.ACCESSION:
            if not (can(request.user, C.FILE_REQUEST, deal) or can(request.user, C.MANAGE_GOVERNANCE, deal)):
                raise PermissionDenied
            if "party" not in d:
                raise ValidationError({"party": [_("Beschrijf wie wil toetreden.")]})
            p = dict(d["party"])
            party = {
                **{k: p[k] for k in ("code", "name", "short_name", "kind", "acts_as", "overleg")},
                "signatory": {"name": p["signatory_name"], "function": p["signatory_function"]},
            }
            r = svc.accession_file(
                actor=actor, deal=deal, filed_on=d["filed_on"], contribution=d["reasons"], party=party
            )
            return self._created(r)
        organisation = deal.organisations.filter(code=d.get("filed_by", "")).first()
        require_own_party(request.user, deal, organisation)
        if kind == RequestKind.AMENDMENT:
            changes = {}
            if d.get("budget"):
                changes["budget"] = {
                    k: {"rijk": str(v["rijk"]), "regional": str(v["regional"])}
                    for k, v in d["budget"].items()
                }
            if d.get("ends_on"):
                changes["ends_on"] = d["ends_on"].isoformat()
            if d.get("text"):
                changes["text"] = [dict(t) for t in d["text"]]
            r = svc.amendment_file(
                actor=actor,
                deal=deal,
                filed_by=organisation,
                filed_on=d["filed_on"],
                title=d["title"] or "Wijziging",
                reasons=d["reasons"],
                changes=changes,
                effective_from=d.get("effective_from"),
                discussed_in=self._meeting(d.get("discussed_in")),
            )
        elif kind == RequestKind.DURATION:
            decision = gm.Decision.objects.filter(meeting__deal=deal, pk=d.get("decision") or 0).first()
            if not d.get("ends_on"):
                raise ValidationError({"ends_on": [_("Geef de nieuwe einddatum.")]})
            r = svc.duration_change_file(
                actor=actor,
                deal=deal,
                filed_by=organisation,
                filed_on=d["filed_on"],
                ends_on=d["ends_on"],
                decision=decision,
                reasons=d["reasons"],
            )
        elif kind == RequestKind.WITHDRAWAL:
            r = svc.withdrawal_file(
                actor=actor,
                deal=deal,
                party=organisation,
                notice_on=d["filed_on"],
                circumstances=d["reasons"],
            )
        else:
            try:
                record = record_get(d.get("record_kind", ""), d.get("record_id") or 0, deal=deal)
            except (LookupError, ObjectDoesNotExist) as exc:
                raise ValidationError({"record_id": [_("Dat gegeven bestaat niet.")]}) from exc
            r = svc.confidentiality_file(
                actor=actor,
                deal=deal,
                filed_by=organisation,
                filed_on=d["filed_on"],
                record=record,
                grounds=d["reasons"],
                until=d.get("until"),
                woo_ground=d.get("woo_ground", ""),
            )
        return self._created(r)

    def _meeting(self, pk) -> gm.Meeting | None:
        if not pk:
            return None
        meeting = gm.Meeting.objects.filter(deal=self.get_deal(), pk=pk).first()
        if meeting is None:
            raise ValidationError({"discussed_in": [_("Die vergadering bestaat niet in deze deal.")]})
        return meeting

    def _created(self, r):
        r = sel.request_get(self.get_deal(), r.number)
        return Response(
            RequestDetailSerializer(r, context={"view": self}).data, status=status.HTTP_201_CREATED
        )


class RequestDetail(DealView, generics.RetrieveAPIView):
    """One request with its steps, declarations and the Parties whose consent is missing."""

    serializer_class = RequestDetailSerializer
    queryset = gm.Request.objects.none()

    def get_object(self):
        deal = self.get_deal()
        try:
            r = sel.request_get(deal, self.kwargs["number"])
        except gm.Request.DoesNotExist as exc:
            raise Http404 from exc
        if not without_pointers_to_hidden(
            gm.Request.objects.filter(pk=r.pk), self.request.user, deal
        ).exists():
            raise Http404  # Art. 10.1: a confidentiality request names a record kept from the user
        return r


class RequestStep(DealView, APIView):
    """Base of the steps on a request; answers with the request."""

    input: type[serializers.Serializer]

    def the_request(self) -> gm.Request:
        try:
            return sel.request_get(self.get_deal(), self.kwargs["number"])
        except gm.Request.DoesNotExist as exc:
            raise Http404 from exc

    def post(self, request, slug, number):
        s = self.input(data=request.data)
        s.is_valid(raise_exception=True)
        r = self.the_request()
        self.act(r, s.validated_data)
        return Response(RequestDetailSerializer(self.the_request(), context={"view": self}).data)


def _step_schema(input_serializer):
    return extend_schema(request=input_serializer, responses={200: RequestDetailSerializer})


class Receipt(serializers.Serializer):
    received_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReceiptView(RequestStep):
    """Art. 11.2: the day VRO learned of the request; the consultation starts (programme office)."""

    input = Receipt

    @_step_schema(Receipt)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        svc.request_receipt_record(actor=self.actor(), request=r, **d)


class Consultation(serializers.Serializer):
    consulted_on = serializers.DateField(required=False, allow_null=True)
    meeting = serializers.IntegerField(required=False, allow_null=True, help_text="overleg meeting id")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationView(RequestStep):
    """Art. 11.2: when the Parties consulted on the request (a date, or the overleg meeting that
    held it; that meeting is also the discussion Art. 4.3 and 19.2 ask for). After six weeks it
    is a warning; the decision stays valid (programme office)."""

    input = Consultation

    @_step_schema(Consultation)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        meeting = None
        if d.get("meeting"):
            meeting = gm.Meeting.objects.filter(deal=self.get_deal(), pk=d["meeting"]).first()
            if meeting is None:
                raise ValidationError({"meeting": [_("Die vergadering bestaat niet in deze deal.")]})
        svc.consultation_record(
            actor=self.actor(), request=r, consulted_on=d.get("consulted_on"), meeting=meeting, note=d["note"]
        )


class RolesDecision(serializers.Serializer):
    decision = serializers.IntegerField(help_text="the overleg's decision (id)")
    regiokassier = serializers.CharField(required=False, help_text="Party code taking the role")
    vro = serializers.CharField(required=False, help_text="Party code taking VRO's roles")
    note = serializers.CharField()


class RolesView(RequestStep):
    """Art. 12.2: what the remaining Parties decided about a withdrawing Party's roles; the new
    version is made with the successors (programme office)."""

    input = RolesDecision

    @_step_schema(RolesDecision)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        deal = self.get_deal()
        decision = gm.Decision.objects.filter(meeting__deal=deal, pk=d["decision"]).first()
        successors = {}
        for role in ("regiokassier", "vro"):
            if d.get(role):
                org = deal.organisations.filter(code=d[role]).first()
                if org is None:
                    raise ValidationError({role: [_("Die organisatie bestaat niet in deze deal.")]})
                successors[role] = org
        svc.withdrawal_roles_decide(
            actor=self.actor(), request=r, decision=decision, successors=successors, note=d["note"]
        )


class Acceptance(serializers.Serializer):
    accepted_on = serializers.DateField()
    declaration = serializers.FileField(help_text="the signed acceptance: PDF, PNG or JPEG")


class AcceptanceView(RequestStep):
    """Art. 13.1: the acceding party accepts the obligations of the deal (multipart)."""

    input = Acceptance
    parser_classes = [MultiPartParser, FormParser]

    @_step_schema(Acceptance)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        svc.accession_acceptance_record(actor=self.actor(), request=r, **d)


class Declaration(serializers.Serializer):
    organisation = serializers.CharField(help_text="Party code")
    answer = serializers.ChoiceField(choices=Answer.choices)
    declared_on = serializers.DateField()
    declaration = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentView(RequestStep):
    """Art. 11.3, 13.3: a Party's consent or refusal with its declaration (multipart), recorded by
    a representative of that Party. One refusal rejects; all consents adopt."""

    input = Declaration
    write_capability = C.CONSENT
    object_level = True
    parser_classes = [MultiPartParser, FormParser]

    @_step_schema(Declaration)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        deal = self.get_deal()
        organisation = deal.organisations.filter(code=d["organisation"]).first()
        require_own_party(self.request.user, deal, organisation, C.CONSENT)
        svc.consent_record(
            actor=self.actor(),
            request=r,
            organisation=organisation,
            answer=d["answer"],
            declared_on=d["declared_on"],
            declaration=d["declaration"],
            note=d["note"],
        )


class LetterView(ConsentView):
    """Art. 11.3, 13.3: a Party's consent or refusal that reached the programme office by letter,
    recorded by the programme office on the Party's behalf (multipart; the scanned letter is a PDF,
    PNG or JPEG). The same rules as a Party's own declaration."""

    write_capability = C.MANAGE_GOVERNANCE
    object_level = False

    @_step_schema(Declaration)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        organisation = self.get_deal().organisations.filter(code=d["organisation"]).first()
        if organisation is None:
            raise ValidationError({"organisation": [_("Die organisatie bestaat niet in deze deal.")]})
        svc.consent_record(
            actor=self.actor(),
            request=r,
            organisation=organisation,
            answer=d["answer"],
            declared_on=d["declared_on"],
            declaration=d["declaration"],
            note=d["note"],
            on_behalf=True,
        )


class Note(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField()


class WithdrawView(RequestStep):
    """The requesting Party withdraws its request."""

    input = Note
    write_capability = C.FILE_REQUEST
    object_level = True

    @_step_schema(Note)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        require_own_party(self.request.user, self.get_deal(), r.filed_by)
        svc.request_withdraw(actor=self.actor(), request=r, **d)


class Reconsider(serializers.Serializer):
    on = serializers.DateField(required=False)


class ReconsiderView(RequestStep):
    """Adopt a request once every Party still in office has consented (a non-answering Party left)."""

    input = Reconsider

    @_step_schema(Reconsider)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        on = d.get("on") or timezone.localdate()
        svc.request_reconsider(actor=self.actor(), request=r, on=min(on, timezone.localdate()))


class Decide(serializers.Serializer):
    grant = serializers.BooleanField()
    decided_on = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideView(RequestStep):
    """Art. 10: the decision on a confidentiality request (programme office)."""

    input = Decide

    @_step_schema(Decide)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        svc.confidentiality_decide(actor=self.actor(), request=r, **d)


class LiftView(RequestStep):
    """Lift a granted confidentiality before its end date."""

    input = Note

    @_step_schema(Note)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        svc.confidentiality_lift(actor=self.actor(), request=r, **d)


class Spuk(serializers.Serializer):
    requested_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SpukView(RequestStep):
    """Art. 19.2: the regiokassier asked VRO to amend the SPUK decision."""

    input = Spuk
    write_capability = C.MANAGE_FINANCE  # the regiokassier; the programme office may too, below
    object_level = True

    @_step_schema(Spuk)
    def post(self, request, slug, number):
        return super().post(request, slug, number)

    def act(self, r, d):
        deal = self.get_deal()
        if not (
            can(self.request.user, C.MANAGE_FINANCE, deal)
            or can(self.request.user, C.MANAGE_GOVERNANCE, deal)
        ):
            raise PermissionDenied
        svc.spuk_request_record(actor=self.actor(), request=r, **d)


# ---------------------------------------------------------------------------------------------
# Versions and the obligations calendar


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = dm.DealVersion
        fields = ["number", "origin", "effective_from", "ends_on", "checksum", "source_name"]


class VersionList(DealView, generics.ListAPIView):
    """Every version of the deal; `diff/?a=1&b=2` compares two."""

    serializer_class = VersionSerializer
    queryset = dm.DealVersion.objects.none()

    def get_queryset(self):
        return version_list(self.get_deal())


class DiffSerializer(serializers.Serializer):
    a = serializers.IntegerField()
    b = serializers.IntegerField()
    diff = serializers.ListField(child=serializers.CharField())


class DiffQuery(serializers.Serializer):
    a = serializers.IntegerField(
        min_value=1, required=False, help_text="from this version (default: the one before b)"
    )
    b = serializers.IntegerField(
        min_value=1, required=False, help_text="to this version (default: the newest)"
    )


class VersionDiff(DealView, APIView):
    """The difference between two versions' normalised content, as unified-diff lines."""

    @extend_schema(parameters=[DiffQuery], responses=DiffSerializer)
    def get(self, request, slug):
        q = DiffQuery(data=request.query_params)
        q.is_valid(raise_exception=True)
        deal = self.get_deal()
        newest = deal.versions.order_by("-number").values_list("number", flat=True).first() or 1
        b_number = q.validated_data.get("b", newest)
        a_number = q.validated_data.get("a", max(b_number - 1, 1))
        try:
            a, b = version_get(deal, a_number), version_get(deal, b_number)
        except dm.DealVersion.DoesNotExist as exc:
            raise Http404 from exc
        return Response({"a": a.number, "b": b.number, "diff": version_diff(a, b)})


class PublicationSerializer(serializers.ModelSerializer):
    request = serializers.IntegerField(
        source="request.number", required=False, allow_null=True, default=None, help_text="amendment number"
    )

    class Meta:
        model = gm.Publication
        fields = ["id", "reference", "published_on", "url", "request"]
        read_only_fields = ["id"]


class PublicationList(DealView, generics.ListCreateAPIView):
    """Art. 20.1: the deal's publication in the Staatscourant (and an amendment's); POST records
    one (programme office)."""

    serializer_class = PublicationSerializer
    queryset = gm.Publication.objects.none()

    def get_queryset(self):
        return sel.publication_list(self.get_deal())

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        number = (d.pop("request", None) or {}).get("number")
        deal = self.get_deal()
        request = None
        if number:
            request = gm.Request.objects.filter(deal=deal, number=number).first()
            if request is None:
                raise ValidationError({"request": [_("Dat verzoek bestaat niet in deze deal.")]})
        serializer.instance = svc.publication_record(actor=self.actor(), deal=deal, request=request, **d)


class ObligationSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    article = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ObligationStatus.choices)
    done_on = serializers.DateField(allow_null=True)
    evidence = serializers.CharField(allow_blank=True)
    manual = serializers.BooleanField()


class ObligationList(DealView, APIView):
    """Every dated duty of the deal with its status today (upcoming, due_soon, done, overdue)."""

    @extend_schema(responses=ObligationSerializer(many=True))
    def get(self, request, slug):
        items = sel.obligations_for(self.get_deal(), timezone.localdate(), request.user)  # Art. 10.1
        return Response(ObligationSerializer(items, many=True).data)


class Fulfilment(serializers.Serializer):
    done_on = serializers.DateField()
    evidence = serializers.CharField(max_length=1000)


class FulfilView(DealView, APIView):
    """Record that a duty was done, with its evidence (programme office)."""

    @extend_schema(request=Fulfilment, responses={201: ObligationSerializer})
    def post(self, request, slug, key):
        s = Fulfilment(data=request.data)
        s.is_valid(raise_exception=True)
        deal = self.get_deal()
        svc.obligation_fulfil(actor=self.actor(), deal=deal, key=key, **s.validated_data)
        item = next(o for o in sel.obligations(deal, timezone.localdate()) if o.key == key)
        return Response(ObligationSerializer(item).data, status=status.HTTP_201_CREATED)
