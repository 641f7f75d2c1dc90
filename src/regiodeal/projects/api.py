"""The projects part of the REST API (`/api/v1/deals/<slug>/projects/`).

Read: VIEW_INTERNAL. Create, change and move along the lifecycle: MANAGE_PROJECTS. Milestones and
risks: RECORD_PROGRESS, which a project lead has only for projects they manage. A PATCH carries
the `lock_version` it started from; a stale one gets 409 Conflict with the message.
Links (pillars, results, areas, ...) are given as codes of the deal version in force.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from regiodeal.accounts.access import require_object
from regiodeal.accounts.roles import Capability
from regiodeal.api.views import DealAPIView, ServiceCreateMixin
from regiodeal.common.lookups import found_or_404
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force
from regiodeal.disclosure.access import visible_to

from . import services
from .constants import ProjectStatus, RiskLevel
from .models import Milestone, Project, ProjectTransition, Risk
from .selectors import project_list, project_page
from .workflow import allowed_next


class CodeList(serializers.ListField):
    """Codes in and out; `to_representation` reads a prefetched relation."""

    child = serializers.CharField()

    def to_representation(self, value):
        return [x.code for x in value.all()]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "done_on", "lock_version"]
        read_only_fields = ["id", "done_on", "lock_version"]


class RiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Risk
        fields = ["id", "description", "likelihood", "impact", "mitigation", "status", "lock_version"]
        read_only_fields = ["id", "status", "lock_version"]


class TransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectTransition
        fields = ["from_status", "to_status", "at", "by_label", "reason"]
        read_only_fields = ["from_status", "at", "by_label"]


class ProjectSerializer(serializers.ModelSerializer):
    lead = serializers.CharField(source="lead.code")
    participants = CodeList(required=False)
    pillars = CodeList(required=False)
    objectives = CodeList(required=False)
    results = CodeList(required=False)
    areas = CodeList(required=False)
    groups = CodeList(required=False)
    sectors = CodeList(required=False)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "description",
            "lead",
            "participants",
            "pillars",
            "objectives",
            "results",
            "areas",
            "groups",
            "sectors",
            "starts_on",
            "ends_on",
            "status",
            "allowed_transitions",
            "residents_participation",
            "credits_rijk_regio",
            "credits_evidence",
            "is_example",
            "lock_version",
        ]
        read_only_fields = ["status", "is_example", "lock_version"]

    def get_allowed_transitions(self, obj) -> list[str]:
        return [str(s) for s in allowed_next(obj.status)]


class ProjectDetailSerializer(ProjectSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True)
    risks = RiskSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "milestones", "risks", "transitions"]


class ProjectPatchSerializer(ProjectSerializer):
    lock_version = serializers.IntegerField()

    class Meta(ProjectSerializer.Meta):
        read_only_fields = ["code", "status", "is_example"]


LINKS = {
    "participants": lambda deal, v: dm.Organisation.objects.filter(deal=deal),
    "pillars": lambda deal, v: v.pillars.all(),
    "objectives": lambda deal, v: v.objectives.all(),
    "results": lambda deal, v: v.results.all(),
    "areas": lambda deal, v: v.areas.all(),
    "groups": lambda deal, v: v.groups.all(),
    "sectors": lambda deal, v: v.sectors.all(),
}


def resolve(deal: dm.Deal, data: dict) -> dict:
    """Codes -> objects of the deal version in force; every unknown code is named."""
    version = version_in_force(deal)
    out, errors = {}, {}
    for name, value in data.items():
        if name == "lead":
            code = value["code"] if isinstance(value, dict) else value
            try:
                out["lead"] = dm.Organisation.objects.get(deal=deal, code=code)
            except dm.Organisation.DoesNotExist:
                errors["lead"] = [_("Onbekende organisatie %(code)r in deze deal.") % {"code": code}]
        elif name in LINKS:
            found = {o.code: o for o in LINKS[name](deal, version).filter(code__in=list(value))}
            unknown = [c for c in value if c not in found]
            if unknown:
                errors[name] = [_("Onbekende codes: %(codes)s.") % {"codes": ", ".join(unknown)}]
            out[name] = [found[c] for c in value if c in found]
        else:
            out[name] = value
    if errors:
        raise ValidationError(errors)
    return out


FILTERS = [
    OpenApiParameter("pillar", str, description="Pillar code"),
    OpenApiParameter("area", str, description="Area code"),
    OpenApiParameter("group", str, description="Target-group code"),
    OpenApiParameter("status", str, enum=list(ProjectStatus.values)),
]


class ProjectList(DealAPIView, ServiceCreateMixin, generics.ListCreateAPIView):
    """The project register (filters: pillar, area, group, status); POST creates a project."""

    write_capability = Capability.MANAGE_PROJECTS
    serializer_class = ProjectSerializer
    output_serializer_class = ProjectDetailSerializer
    queryset = Project.objects.none()
    create_service = staticmethod(services.project_create)

    def get_queryset(self):
        q = self.request.query_params
        deal = self.get_deal()
        found = project_list(
            deal=deal, **{k: q.get(k) or None for k in ("pillar", "area", "group", "status")}
        )
        return visible_to(found, self.request.user, deal)  # Art. 10.1: not for third parties

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def service_kwargs(self, data: dict) -> dict:
        return {"deal": self.get_deal(), **resolve(self.get_deal(), data)}

    def created(self, made):
        return ProjectDetailSerializer(project_page(deal=self.get_deal(), code=made.code)).data


class ProjectDetail(DealAPIView, generics.RetrieveUpdateAPIView):
    """One project with milestones, risks and its transitions. PATCH with `lock_version`."""

    write_capability = Capability.MANAGE_PROJECTS
    serializer_class = ProjectDetailSerializer
    queryset = Project.objects.none()
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        deal = self.get_deal()
        project = found_or_404(project_page, deal=deal, code=self.kwargs["code"])
        if not visible_to(Project.objects.filter(pk=project.pk), self.request.user, deal).exists():
            raise Http404  # kept from third parties (Art. 10.1)
        return project

    @extend_schema(request=ProjectPatchSerializer, responses={200: ProjectDetailSerializer})
    def patch(self, request, *args, **kwargs):
        project = self.get_object()
        serializer = ProjectPatchSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "lock_version" not in data:
            raise ValidationError({"lock_version": [_("Stuur de lock_version mee die u las.")]})
        expected = data.pop("lock_version")
        data = resolve(self.get_deal(), data)
        services.project_update(actor=self.actor(), project=project, expected_version=expected, **data)
        return Response(ProjectDetailSerializer(self.get_object()).data)


class ProjectChild(DealAPIView):
    def get_project(self) -> Project:
        try:
            return Project.objects.select_related("deal").get(deal=self.get_deal(), code=self.kwargs["code"])
        except Project.DoesNotExist as exc:
            raise Http404 from exc


class TransitionList(ProjectChild, generics.ListCreateAPIView):
    """A project's status changes (who, when, from, to, why); POST moves it along its lifecycle."""

    write_capability = Capability.MANAGE_PROJECTS
    serializer_class = TransitionSerializer
    queryset = ProjectTransition.objects.none()

    def get_queryset(self):
        return ProjectTransition.objects.filter(project=self.get_project()).order_by("at", "id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transition = services.project_transition(
            actor=self.actor(),
            project=self.get_project(),
            to_status=serializer.validated_data["to_status"],
            reason=serializer.validated_data["reason"],
        )
        return Response(TransitionSerializer(transition).data, status=status.HTTP_201_CREATED)


class MilestoneCreate(ProjectChild, ServiceCreateMixin, generics.CreateAPIView):
    """Add a milestone (RECORD_PROGRESS; a project lead for their own projects)."""

    write_capability = Capability.RECORD_PROGRESS
    object_level = True
    serializer_class = MilestoneSerializer
    queryset = Milestone.objects.none()
    create_service = staticmethod(services.milestone_add)

    def create(self, request, *args, **kwargs):
        require_object(request.user, Capability.RECORD_PROGRESS, self.get_deal(), self.get_project())
        return super().create(request, *args, **kwargs)

    def service_kwargs(self, data: dict) -> dict:
        return {"project": self.get_project(), **data}


class RiskCreate(ProjectChild, generics.CreateAPIView):
    """Add a risk (RECORD_PROGRESS; a project lead for their own projects)."""

    write_capability = Capability.RECORD_PROGRESS
    object_level = True
    serializer_class = RiskSerializer
    queryset = Risk.objects.none()

    def create(self, request, *args, **kwargs):
        project = self.get_project()
        require_object(request.user, Capability.RECORD_PROGRESS, self.get_deal(), project)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for name in ("likelihood", "impact"):
            if data[name] not in RiskLevel.values:
                raise ValidationError({name: [_("Kies low, medium of high.")]})
        risk = services.risk_add(actor=self.actor(), project=project, **data)
        return Response(RiskSerializer(risk).data, status=status.HTTP_201_CREATED)
