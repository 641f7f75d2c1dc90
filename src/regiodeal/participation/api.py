"""The participation part of the REST API (`/api/v1/deals/<slug>/participation/`).

Read: VIEW_INTERNAL. Wijken, themes, initiatives, marking text publishable, deleting and importing:
MANAGE_PARTICIPATION. Outreach conversations and co-creation: MANAGE_PARTICIPATION, or a project
lead for a project they manage (`permissions.may_record_for`). A PATCH carries the `lock_version`
it started from; a stale one gets 409 Conflict. Free text with personal data is refused with 400,
naming the field and what was found.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.accounts.roles import Capability
from regiodeal.api.fields import AmountField
from regiodeal.api.views import DealAPIView, ServiceCreateMixin
from regiodeal.audit.services import Actor
from regiodeal.common.lookups import found_or_404
from regiodeal.common.uploads import uploaded
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force
from regiodeal.disclosure.access import hidden_project_ids, without_hidden_projects
from regiodeal.projects.models import Project

from . import selectors, services
from .constants import InitiativeKind, InitiativeStatus, LadderRung, OutreachForm, ProjectStage
from .importing import outreach_import
from .models import CoCreation, Conversation, Initiative, InitiativeTransition, Theme, Wijk
from .permissions import may_manage, may_record_for

COUNT = {"min_value": 1, "max_value": 1_000_000}
ON = OpenApiParameter("on", OpenApiTypes.DATE, description="Default: today")


def _code(table: dict, code, name: str, what: str):
    if code in (None, ""):
        return None
    if code not in table:
        raise ValidationError({name: [_("Onbekend in deze deal: %(code)r.") % {"code": code}]})
    return table[code]


def _all_known(found, codes: list[str], name: str, unknown_message: str) -> list:
    """The records of `found` named by `codes`, in their order; a 400 at `name` listing the codes
    the deal does not know."""
    by_code = {item.code: item for item in found}
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise ValidationError({name: [unknown_message % {"codes": ", ".join(unknown)}]})
    return [by_code[c] for c in codes]


class WijkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Wijk
        fields = ["id", "code", "name", "gemeente", "within", "listed_on", "ended_on"]
        read_only_fields = ["id", "ended_on"]
        extra_kwargs = {"listed_on": {"required": False}}


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "code", "name", "active"]
        read_only_fields = ["id", "active"]
        validators: list = []


class GroupCounts(serializers.DictField):
    """{group code: residents} in and out; `to_representation` reads the prefetched rows."""

    child = serializers.IntegerField(**COUNT)

    def to_representation(self, value):
        return {g.group_code: g.residents for g in value.all()}


class CodeList(serializers.ListField):
    child = serializers.CharField(max_length=40)

    def to_representation(self, value):
        return [x.code for x in value.all()]


class ConversationSerializer(serializers.ModelSerializer):
    """A batch of outreach conversations. No resident's name or contact details: there is no
    field for them."""

    wijk = serializers.CharField(source="wijk.code", max_length=20)
    organisation = serializers.CharField(source="organisation.code", max_length=40)
    residents = serializers.IntegerField(**COUNT)
    form = serializers.ChoiceField(choices=OutreachForm.choices)
    groups = GroupCounts(required=False, help_text="Residents spoken per target group: {group code: number}.")
    themes = CodeList(required=False, help_text="Theme codes from the programme office's list.")
    project = serializers.CharField(source="project.code", allow_null=True, required=False, default=None)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "wijk",
            "held_on",
            "organisation",
            "residents",
            "form",
            "groups",
            "themes",
            "themes_other",
            "raised",
            "input_followup",
            "feedback",
            "feedback_on",
            "project",
            "text_publishable",
            "recorded_by_label",
            "lock_version",
        ]
        read_only_fields = ["id", "text_publishable", "recorded_by_label", "lock_version"]


class ConversationPatchSerializer(serializers.Serializer):
    lock_version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    wijk = serializers.CharField(required=False, max_length=20)
    held_on = serializers.DateField(required=False)
    organisation = serializers.CharField(required=False, max_length=40)
    residents = serializers.IntegerField(required=False, **COUNT)
    form = serializers.ChoiceField(choices=OutreachForm.choices, required=False)
    groups = serializers.DictField(child=serializers.IntegerField(**COUNT), required=False)
    themes = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    themes_other = serializers.CharField(required=False, allow_blank=True, max_length=500)
    raised = serializers.CharField(required=False, allow_blank=True)
    input_followup = serializers.CharField(required=False, allow_blank=True)
    feedback = serializers.CharField(required=False, allow_blank=True)
    feedback_on = serializers.DateField(required=False, allow_null=True)
    project = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=40)
    text_publishable = serializers.BooleanField(
        required=False, help_text="Programme office only: release the record's text for the public site."
    )


def _resolve_conversation(deal: dm.Deal, data: dict) -> dict:
    """Codes in the request -> the deal's objects; an unknown code is a 400 naming it."""
    out = dict(data)
    if "wijk" in out:
        code = out["wijk"]["code"] if isinstance(out["wijk"], dict) else out["wijk"]
        out["wijk"] = _code(
            {w.code: w for w in Wijk.objects.filter(deal=deal, code=code)}, code, "wijk", "wijk"
        )
        if out["wijk"] is None:
            raise ValidationError({"wijk": [_("Geef de code van de wijk.")]})
    if "organisation" in out:
        code = out["organisation"]["code"] if isinstance(out["organisation"], dict) else out["organisation"]
        orgs = {o.code: o for o in dm.Organisation.objects.filter(deal=deal, code=code)}
        out["organisation"] = _code(orgs, code, "organisation", "organisation")
        if out["organisation"] is None:
            raise ValidationError({"organisation": [_("Geef de organisatie die de gesprekken voerde.")]})
    if "project" in out:
        value = out["project"]
        code = value.get("code") if isinstance(value, dict) else value
        out["project"] = _code(
            {p.code: p for p in Project.objects.filter(deal=deal, code=code or "")},
            code,
            "project",
            "project",
        )
    if "themes" in out:
        found = Theme.objects.filter(deal=deal, code__in=out["themes"])
        out["themes"] = _all_known(found, out["themes"], "themes", _("Onbekende thema's: %(codes)s."))
    return out


class WijkList(DealAPIView, ServiceCreateMixin, generics.ListCreateAPIView):
    """The wijken on the deal's outreach list (CBS wijk codes); POST adds one (MANAGE_PARTICIPATION)."""

    write_capability = Capability.MANAGE_PARTICIPATION
    serializer_class = WijkSerializer
    create_service = staticmethod(services.wijk_add)
    queryset = Wijk.objects.none()

    def get_queryset(self):
        return selectors.wijk_list(deal=self.get_deal())


class ThemeList(DealAPIView, ServiceCreateMixin, generics.ListCreateAPIView):
    """The themes the programme office keeps; POST adds one (MANAGE_PARTICIPATION)."""

    write_capability = Capability.MANAGE_PARTICIPATION
    serializer_class = ThemeSerializer
    create_service = staticmethod(services.theme_add)
    queryset = Theme.objects.none()

    def get_queryset(self):
        return selectors.theme_list(deal=self.get_deal())


class ConversationList(DealAPIView, generics.ListCreateAPIView):
    """Outreach conversations (filters: wijk code, project code); POST records a batch and
    recounts the wijk's norm (MANAGE_PARTICIPATION; a project lead with a project they manage)."""

    write_capability = Capability.MANAGE_PARTICIPATION
    object_level = True
    serializer_class = ConversationSerializer
    queryset = Conversation.objects.none()

    def get_queryset(self):
        deal = self.get_deal()
        q = self.request.query_params
        project = None
        if q.get("project"):
            project = Project.objects.filter(deal=deal, code=q["project"]).first()
            if project is None:
                return Conversation.objects.none()
        found = selectors.conversation_list(deal=deal, wijk=q.get("wijk") or None, project=project)
        return without_hidden_projects(found, self.request.user, deal)  # Art. 10.1

    @extend_schema(
        parameters=[
            OpenApiParameter("wijk", str, description="Wijk code"),
            OpenApiParameter("project", str, description="Project code"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        deal = self.get_deal()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _resolve_conversation(deal, dict(serializer.validated_data))
        if not may_record_for(request.user, deal, data.get("project")):
            raise PermissionDenied
        conversation = services.conversation_record(actor=self.actor(), deal=deal, **data)
        return Response(
            ConversationSerializer(selectors.conversation_get(deal=deal, pk=conversation.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ConversationDetail(DealAPIView, generics.RetrieveUpdateDestroyAPIView):
    """One batch of conversations. PATCH with `lock_version` corrects it or records what was done
    with the input and the feedback; `text_publishable` is for the programme office only. DELETE
    removes a record made by mistake (MANAGE_PARTICIPATION). Each recounts the norm."""

    write_capability = Capability.MANAGE_PARTICIPATION
    object_level = True
    serializer_class = ConversationSerializer
    queryset = Conversation.objects.none()
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self):
        deal = self.get_deal()
        conversation = found_or_404(selectors.conversation_get, deal=deal, pk=self.kwargs["pk"])
        if conversation.project_id in hidden_project_ids(self.request.user, deal):
            raise Http404  # Art. 10.1: a record of a project kept from the user
        return conversation

    @extend_schema(request=ConversationPatchSerializer, responses={200: ConversationSerializer})
    def patch(self, request, *args, **kwargs):
        deal = self.get_deal()
        conversation = self.get_object()
        if not may_record_for(request.user, deal, conversation.project):
            raise PermissionDenied
        serializer = ConversationPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _resolve_conversation(deal, dict(serializer.validated_data))
        expected = data.pop("lock_version")
        publishable = data.pop("text_publishable", None)
        if publishable is not None and not may_manage(request.user, deal):
            raise PermissionDenied
        if "project" in data and not may_record_for(request.user, deal, data["project"]):
            raise PermissionDenied
        actor = Actor.from_request(request)
        if data:
            conversation = services.conversation_update(
                actor=actor, conversation=conversation, expected_version=expected, **data
            )
            expected = conversation.lock_version
        if publishable is not None:
            services.conversation_set_publishable(
                actor=actor, conversation=conversation, publishable=publishable, expected_version=expected
            )
        return Response(ConversationSerializer(self.get_object()).data)

    def delete(self, request, *args, **kwargs):
        conversation = self.get_object()
        if not may_manage(request.user, self.get_deal()):
            raise PermissionDenied
        services.conversation_delete(actor=self.actor(), conversation=conversation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConversationImport(DealAPIView, APIView):
    """Import outreach records from a .csv or .xlsx, all-or-nothing (MANAGE_PARTICIPATION). On any
    problem: 400 with every error's row and column, and nothing stored."""

    write_capability = Capability.MANAGE_PARTICIPATION
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "OutreachImportRequest", {"file": serializers.FileField()}
            )
        },
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request, *args, **kwargs):
        filename, content = uploaded(request)
        outcome = outreach_import(  # ImportRejected: 400 with every problem (api/handler.py)
            actor=self.actor(),
            deal=self.get_deal(),
            filename=filename,
            content=content,
        )
        return Response(
            {
                "file": outcome.filename,
                "created": outcome.created,
                "residents": outcome.residents,
                "wijken": outcome.wijken,
            },
            status=status.HTTP_201_CREATED,
        )


class NormView(DealAPIView, APIView):
    """Art. 2.1: residents spoken per wijk against the norm (at least 30), with the verdict the
    results app gives each wijk (the norm of the approach, not an intended result)."""

    @extend_schema(parameters=[ON], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, *args, **kwargs):
        overview = selectors.norm_overview(deal=self.get_deal(), on=self.on(default=None))
        return Response(
            {
                "on": overview.on.isoformat(),
                "norm": overview.norm,
                "verdict": overview.verdict,
                "wijken_meeting_norm": overview.met_count,
                "wijken": [
                    {
                        "code": w.wijk.code,
                        "name": w.wijk.name,
                        "gemeente": w.wijk.gemeente,
                        "residents": w.spoken,
                        "conversations": w.conversations,
                        "missing": w.missing,
                        "verdict": w.verdict,
                    }
                    for w in overview.wijken
                ],
            }
        )


FOUR_DECIMALS = "A fraction (0 to 1), four decimals"
# The quality list's shape, so that clients (and the schemathesis test) know it is a list of wijken.
QUALITY_RESPONSE = inline_serializer(
    "WijkQuality",
    {
        "wijk": serializers.CharField(),
        "residents_spoken": serializers.IntegerField(),
        "population": serializers.IntegerField(allow_null=True),
        "population_on": serializers.DateField(allow_null=True),
        "groups": inline_serializer(
            "GroupReach",
            {
                "group": serializers.CharField(),
                "spoken": serializers.IntegerField(),
                "population": serializers.IntegerField(allow_null=True),
                "share_spoken": serializers.CharField(allow_null=True, help_text=FOUR_DECIMALS),
                "share_population": serializers.CharField(allow_null=True, help_text=FOUR_DECIMALS),
                "under_reached": serializers.BooleanField(
                    allow_null=True, help_text="null: not judged (no figures, or too few residents spoken)"
                ),
            },
            many=True,
        ),
    },
    many=True,
)


class QualityView(DealAPIView, APIView):
    """Participation quality per wijk and group: share among residents spoken against share among
    residents living there (CBS); under-reached groups flagged (docs/participation.md)."""

    @extend_schema(parameters=[ON], responses={200: QUALITY_RESPONSE})
    def get(self, request, *args, **kwargs):
        def share(value):
            return None if value is None else f"{float(value):.4f}"

        rows = selectors.participation_quality(deal=self.get_deal(), on=self.on(default=None))
        return Response(
            [
                {
                    "wijk": q.wijk.code,
                    "residents_spoken": q.spoken,
                    "population": q.population,
                    "population_on": q.population_on.isoformat() if q.population_on else None,
                    "groups": [
                        {
                            "group": g.group_code,
                            "spoken": g.spoken,
                            "population": g.population,
                            "share_spoken": share(g.share_spoken),
                            "share_population": share(g.share_population),
                            "under_reached": g.under_reached,
                        }
                        for g in q.groups
                    ],
                }
                for q in rows
            ]
        )


class PublicSummaryPreview(DealAPIView, APIView):
    """What the public site may show of outreach (`selectors.public_outreach_summary`): aggregates
    only, small cells hidden, text only where marked publishable. Internal preview."""

    @extend_schema(parameters=[ON], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, *args, **kwargs):
        return Response(
            selectors.public_outreach_summary(self.get_deal(), on=self.on(default=None)).as_dict()
        )


class InitiativeSerializer(serializers.ModelSerializer):
    wijk = serializers.CharField(source="wijk.code", max_length=20)
    party = serializers.CharField(source="party.code", max_length=40)
    amount = AmountField(min_value=0, required=False)
    kind = serializers.ChoiceField(choices=InitiativeKind.choices)
    projects = CodeList(required=False)
    results = CodeList(required=False)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id",
            "kind",
            "title",
            "wijk",
            "party",
            "residents_do",
            "party_does",
            "amount",
            "support",
            "starts_on",
            "ends_on",
            "status",
            "allowed_transitions",
            "projects",
            "results",
            "lock_version",
        ]
        read_only_fields = ["id", "status", "lock_version"]

    def get_allowed_transitions(self, obj) -> list[str]:
        from .workflow import allowed_next

        return [str(s) for s in allowed_next(obj.status)]


class InitiativeTransitionSerializer(serializers.ModelSerializer):
    to_status = serializers.ChoiceField(choices=InitiativeStatus.choices)

    class Meta:
        model = InitiativeTransition
        fields = ["from_status", "to_status", "at", "by_label", "reason"]
        read_only_fields = ["from_status", "at", "by_label"]


def _resolve_initiative(deal: dm.Deal, data: dict) -> dict:
    out = dict(data)
    if "wijk" in out:
        code = out["wijk"]["code"]
        out["wijk"] = _code(
            {w.code: w for w in Wijk.objects.filter(deal=deal, code=code)}, code, "wijk", "wijk"
        )
    if "party" in out:
        code = out["party"]["code"]
        out["party"] = _code(
            {o.code: o for o in dm.Organisation.objects.filter(deal=deal, code=code)},
            code,
            "party",
            "organisation",
        )
    if "projects" in out:
        found = Project.objects.filter(deal=deal, code__in=out["projects"])
        out["projects"] = _all_known(found, out["projects"], "projects", _("Onbekende projecten: %(codes)s."))
    if "results" in out:
        found = version_in_force(deal).results.filter(code__in=out["results"])
        out["results"] = _all_known(
            found, out["results"], "results", _("Onbekende beoogde resultaten: %(codes)s.")
        )
    return out


class InitiativeList(DealAPIView, generics.ListCreateAPIView):
    """Bewonersdeals and residents' initiatives (filter: status); POST proposes one
    (MANAGE_PARTICIPATION)."""

    write_capability = Capability.MANAGE_PARTICIPATION
    serializer_class = InitiativeSerializer
    queryset = Initiative.objects.none()

    def get_queryset(self):
        status_ = self.request.query_params.get("status")
        return selectors.initiative_list(
            deal=self.get_deal(),
            status=status_ if status_ in InitiativeStatus.values else None,
            viewer=self.request.user,  # Art. 10.1: no confidential project named
        )

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=list(InitiativeStatus.values))])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        deal = self.get_deal()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _resolve_initiative(deal, dict(serializer.validated_data))
        initiative = services.initiative_create(actor=self.actor(), deal=deal, **data)
        return Response(
            InitiativeSerializer(
                selectors.initiative_get(deal=deal, pk=initiative.pk, viewer=request.user)
            ).data,
            status=status.HTTP_201_CREATED,
        )


class InitiativeDetail(DealAPIView, generics.RetrieveAPIView):
    """One bewonersdeal or initiative."""

    serializer_class = InitiativeSerializer
    queryset = Initiative.objects.none()

    def get_object(self):
        try:
            return selectors.initiative_get(
                deal=self.get_deal(), pk=self.kwargs["pk"], viewer=self.request.user
            )
        except Initiative.DoesNotExist as exc:
            raise Http404 from exc


class InitiativeTransitionList(DealAPIView, generics.ListCreateAPIView):
    """An initiative's status changes (who, when, from, to, why); POST moves it along its
    lifecycle (participation/workflow.py; MANAGE_PARTICIPATION)."""

    write_capability = Capability.MANAGE_PARTICIPATION
    serializer_class = InitiativeTransitionSerializer
    queryset = InitiativeTransition.objects.none()

    def get_initiative(self) -> Initiative:
        return found_or_404(Initiative.objects.get, deal=self.get_deal(), pk=self.kwargs["pk"])

    def get_queryset(self):
        return InitiativeTransition.objects.filter(initiative=self.get_initiative()).order_by("at", "id")

    def create(self, request, *args, **kwargs):
        initiative = self.get_initiative()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transition = services.initiative_transition(
            actor=self.actor(),
            initiative=initiative,
            to_status=serializer.validated_data["to_status"],
            reason=serializer.validated_data["reason"],
        )
        return Response(InitiativeTransitionSerializer(transition).data, status=status.HTTP_201_CREATED)


class CoCreationSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", max_length=40)
    wijk = serializers.CharField(
        source="wijk.code", allow_null=True, required=False, default=None, max_length=20
    )
    rung = serializers.ChoiceField(choices=LadderRung.choices)
    stage = serializers.ChoiceField(choices=ProjectStage.choices)
    residents = serializers.IntegerField(**COUNT)

    class Meta:
        model = CoCreation
        fields = ["id", "project", "rung", "stage", "wijk", "held_on", "residents", "description"]
        read_only_fields = ["id"]


class CoCreationList(DealAPIView, generics.ListCreateAPIView):
    """How residents took part in projects, on the participation ladder (filter: project code);
    POST records it (MANAGE_PARTICIPATION; a project lead for a project they manage)."""

    write_capability = Capability.MANAGE_PARTICIPATION
    object_level = True
    serializer_class = CoCreationSerializer
    queryset = CoCreation.objects.none()

    def get_queryset(self):
        deal = self.get_deal()
        code = self.request.query_params.get("project")
        found = selectors.cocreation_list(deal=deal)
        if code:
            project = Project.objects.filter(deal=deal, code=code).first()
            found = (
                selectors.cocreation_list(deal=deal, project=project)
                if project
                else CoCreation.objects.none()
            )
        return without_hidden_projects(found, self.request.user, deal)  # Art. 10.1

    @extend_schema(parameters=[OpenApiParameter("project", str, description="Project code")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        deal = self.get_deal()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        code = data.pop("project")["code"]
        project = _code(
            {p.code: p for p in Project.objects.filter(deal=deal, code=code)}, code, "project", "project"
        )
        wijk_code = (data.pop("wijk", None) or {}).get("code")
        wijk = _code(
            {w.code: w for w in Wijk.objects.filter(deal=deal, code=wijk_code or "")},
            wijk_code,
            "wijk",
            "wijk",
        )
        if not may_record_for(request.user, deal, project):
            raise PermissionDenied
        item = services.cocreation_record(actor=self.actor(), deal=deal, project=project, wijk=wijk, **data)
        return Response(CoCreationSerializer(item).data, status=status.HTTP_201_CREATED)


class CoCreationRollUp(DealAPIView, APIView):
    """Co-creation rolled up per project, per pillar and per wijk: records, residents per rung and
    the highest rung reached."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, *args, **kwargs):
        rollup = selectors.cocreation_rollup(deal=self.get_deal(), viewer=request.user)  # Art. 10.1

        def row(r):
            return {
                "key": r.key,
                "name": r.name,
                "records": r.records,
                "residents": r.residents,
                "per_rung": r.per_rung,
                "highest_rung": r.highest,
                "projects": sorted(r.projects),
            }

        return Response({part: [row(r) for r in rows] for part, rows in rollup.items()})
