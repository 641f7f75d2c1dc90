"""The ideas part of the REST API (`/api/v1/deals/<slug>/ideas/`): moderation by the programme
office. Reading ideas here (including the ones not yet published, and internal notes) and
changing their status need MANAGE_PARTICIPATION; contact details need VIEW_PERSONAL_DATA and every
read is audited. Residents bring ideas in through the web form (honeypot and rate limit); the
public status of ideas is in the public API (`/api/v1/public/`)."""

from __future__ import annotations

from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from regiodeal.accounts.roles import Capability
from regiodeal.api.views import DealAPIView
from regiodeal.projects.models import Project

from . import services
from .constants import IdeaStatus
from .models import Idea, IdeaContact, IdeaTransition
from .selectors import idea_get, idea_list


class IdeaAPIView(DealAPIView):
    read_capability = Capability.MANAGE_PARTICIPATION
    write_capability = Capability.MANAGE_PARTICIPATION

    def get_idea(self) -> Idea:
        try:
            return idea_get(deal=self.get_deal(), number=self.kwargs["number"])
        except Idea.DoesNotExist as exc:
            raise Http404(_("Dat idee bestaat niet.")) from exc


class IdeaTransitionSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", allow_null=True, default=None)

    class Meta:
        model = IdeaTransition
        fields = ["from_status", "to_status", "at", "by_label", "public_reason", "internal_note", "project"]


class IdeaSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", allow_null=True, default=None)

    class Meta:
        model = Idea
        fields = [
            "number",
            "title",
            "description",
            "area_code",
            "area_name",
            "status",
            "project",
            "public_reason",
            "submitted_at",
            "closed_at",
        ]


class IdeaDetailSerializer(IdeaSerializer):
    transitions = IdeaTransitionSerializer(many=True, read_only=True)

    class Meta(IdeaSerializer.Meta):
        fields = [*IdeaSerializer.Meta.fields, "transitions"]


class IdeaTransitionInSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=IdeaStatus.choices)
    public_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    internal_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    project = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None, max_length=40
    )


class IdeaContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = IdeaContact
        fields = ["name", "email", "phone", "consent_text", "consented_at"]


class IdeaList(IdeaAPIView, generics.ListAPIView):
    """Every idea of the deal, newest first (`?status=`)."""

    serializer_class = IdeaSerializer
    queryset = Idea.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database
            return Idea.objects.none()
        wanted = self.request.query_params.get("status") or None
        return idea_list(deal=self.get_deal(), status=wanted if wanted in IdeaStatus.values else None)


class IdeaDetail(IdeaAPIView, generics.RetrieveAPIView):
    """One idea with its history, including the internal notes."""

    serializer_class = IdeaDetailSerializer
    queryset = Idea.objects.none()

    def get_object(self):
        return self.get_idea()


class IdeaTransitionCreate(IdeaAPIView, generics.GenericAPIView):
    """Move an idea along its life (workflow.py): `public_reason` is required for *not taken up*
    and *removed*, `project` (a project code) for *taken up*."""

    serializer_class = IdeaTransitionInSerializer
    queryset = Idea.objects.none()

    @extend_schema(request=IdeaTransitionInSerializer, responses={201: IdeaTransitionSerializer})
    def post(self, request, *args, **kwargs):
        idea = self.get_idea()
        data = IdeaTransitionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        project = None
        if d.get("project"):
            project = Project.objects.filter(deal=self.get_deal(), code=d["project"]).first()
            if project is None:
                raise ValidationError(
                    {"project": [_("Geen project %(code)r in deze deal.") % {"code": d["project"]}]}
                )
        row = services.idea_transition(
            actor=self.actor(),
            idea=idea,
            to_status=d["to_status"],
            public_reason=d["public_reason"],
            internal_note=d["internal_note"],
            project=project,
        )
        return Response(IdeaTransitionSerializer(row).data, status=status.HTTP_201_CREATED)


@method_decorator(never_cache, name="dispatch")  # personal data: no browser or proxy keeps a copy
class IdeaContactDetail(IdeaAPIView, generics.GenericAPIView):
    """The resident's contact details (AVG): programme office only; every read is recorded in the
    audit trail. 404 when none were left or they were deleted after the retention period. Answered
    with `Cache-Control: no-store`."""

    read_capability = Capability.VIEW_PERSONAL_DATA
    serializer_class = IdeaContactSerializer
    queryset = IdeaContact.objects.none()

    def get(self, request, *args, **kwargs):
        contact = services.idea_contact_read(actor=self.actor(), idea=self.get_idea())
        if contact is None:
            raise Http404(_("Dit idee heeft geen contactgegevens."))
        return Response(IdeaContactSerializer(contact).data)
