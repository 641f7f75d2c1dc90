"""The deals part of the REST API (`/api/v1/deals/...`): read-only, public, the version in force.

A deal changes only through its procedures (Art. 11-13), never by a PUT, so there are no write
endpoints here. `?version=N` reads an earlier version.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from regiodeal.api.views import DealAPIView

from . import models as m
from .selectors import deal_entry_into_force, deal_list, version_in_force

VERSION_PARAM = OpenApiParameter(
    "version", OpenApiTypes.INT, description="Version number; default: the version in force today."
)


class PartySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="organisation.code")
    signatory = serializers.SerializerMethodField()

    class Meta:
        model = m.Party
        fields = ["code", "name", "name_en", "short_name", "kind", "acts_as", "signatory"]

    def get_signatory(self, obj) -> dict[str, str]:
        return {"name": obj.signatory_name, "function": obj.signatory_function}


class PartnerSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="organisation.code")

    class Meta:
        model = m.Partner
        fields = ["code", "name"]


class ObjectiveSerializer(serializers.ModelSerializer):
    pillar = serializers.CharField(source="pillar.code")

    class Meta:
        model = m.Objective
        fields = ["code", "pillar", "title", "title_en"]


class CovenantTargetSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")

    class Meta:
        model = m.ResultTarget
        fields = ["indicator", "kind", "operator", "value", "area_kind", "due_on", "article", "text"]


class ResultSerializer(serializers.ModelSerializer):
    pillar = serializers.CharField(source="pillar.code")
    targets = CovenantTargetSerializer(many=True)

    class Meta:
        model = m.IntendedResult
        fields = ["code", "pillar", "title", "title_en", "residents_will_notice", "targets"]


class PillarSerializer(serializers.ModelSerializer):
    objectives = ObjectiveSerializer(many=True)
    results = ResultSerializer(many=True)

    class Meta:
        model = m.Pillar
        fields = [
            "code",
            "name",
            "name_en",
            "short_name",
            "approach",
            "residents_will_notice",
            "objectives",
            "results",
        ]


class BudgetLineSerializer(serializers.ModelSerializer):
    pillar = serializers.CharField(source="pillar.code", allow_null=True, default=None)

    class Meta:
        model = m.BudgetLine
        fields = ["code", "name", "name_en", "kind", "pillar", "rijk", "regional", "total"]


class DealSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField()
    regiokassier = serializers.CharField()
    url = serializers.CharField()

    @staticmethod
    def of(deal: m.Deal, request) -> dict:
        version = version_in_force(deal)
        force = deal_entry_into_force(deal, version)
        return {
            "slug": deal.slug,
            "name": version.name,
            "version": version.number,
            "status": force.status(),
            "starts_on": force.starts_on,
            "ends_on": version.ends_on,
            "regiokassier": version.regiokassier.code,
            "url": request.build_absolute_uri(f"/api/v1/deals/{deal.slug}/"),
        }


class DealList(generics.ListAPIView):
    """All Regio Deals in this instance."""

    permission_classes = [AllowAny]
    serializer_class = DealSerializer
    queryset = m.Deal.objects.none()  # for the schema

    def list(self, request, *args, **kwargs):
        from rest_framework.response import Response

        page = self.paginate_queryset(list(deal_list()))
        data = [DealSerializer.of(d, request) for d in page]
        return self.get_paginated_response(data) if page is not None else Response(data)


class DealDetail(generics.RetrieveAPIView):
    """One deal: its status, dates and regiokassier."""

    permission_classes = [AllowAny]
    serializer_class = DealSerializer
    queryset = m.Deal.objects.none()

    def retrieve(self, request, *args, **kwargs):
        from rest_framework.response import Response

        return Response(DealSerializer.of(_deal(kwargs["slug"]), request))


def _deal(slug: str) -> m.Deal:
    try:
        return m.Deal.objects.get(slug=slug)
    except m.Deal.DoesNotExist as exc:
        raise Http404(_("Er is geen deal met de naam %(slug)r.") % {"slug": slug}) from exc


class VersionPartList(generics.ListAPIView):
    """Base: the parts of the deal's version in force (or ?version=N)."""

    permission_classes = [AllowAny]
    pagination_class = None
    model: type = None
    related: tuple = ()
    prefetch: tuple = ()

    def get_version(self) -> m.DealVersion:
        deal = _deal(self.kwargs["slug"])
        raw = self.request.query_params.get("version")
        if raw is None:
            return version_in_force(deal)
        if not raw.isdigit():
            from rest_framework.exceptions import ValidationError

            raise ValidationError(
                {"version": [_("%(raw)r is geen versienummer (1, 2, ...).") % {"raw": raw}]}
            )
        try:
            return deal.versions.get(number=int(raw))
        except m.DealVersion.DoesNotExist as exc:
            raise Http404(
                _("Deal %(slug)s heeft geen versie %(raw)s.") % {"slug": deal.slug, "raw": raw}
            ) from exc

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return (
            self.model.objects.filter(version=self.get_version())
            .select_related(*self.related)
            .prefetch_related(*self.prefetch)
            .order_by("position")
        )


@extend_schema_view(get=extend_schema(parameters=[VERSION_PARAM]))
class PartyList(VersionPartList):
    """The Parties (Partijen), in the covenant's order."""

    serializer_class = PartySerializer
    model = m.Party
    related = ("organisation",)


@extend_schema_view(get=extend_schema(parameters=[VERSION_PARAM]))
class PartnerList(VersionPartList):
    """The Partners: involved, not party to the deal."""

    serializer_class = PartnerSerializer
    model = m.Partner
    related = ("organisation",)


@extend_schema_view(get=extend_schema(parameters=[VERSION_PARAM]))
class PillarList(VersionPartList):
    """The pillars with their objectives (Art. 1) and intended results (Art. 3)."""

    serializer_class = PillarSerializer
    model = m.Pillar
    prefetch = ("objectives", "results__targets__indicator")


@extend_schema_view(get=extend_schema(parameters=[VERSION_PARAM]))
class ObjectiveList(VersionPartList):
    """The objectives of all pillars (Art. 1)."""

    serializer_class = ObjectiveSerializer
    model = m.Objective
    related = ("pillar",)

    def get_queryset(self):
        return super().get_queryset().order_by("pillar__position", "position")


@extend_schema_view(get=extend_schema(parameters=[VERSION_PARAM]))
class ResultList(VersionPartList):
    """The intended results (beoogde resultaten, Art. 3) with the covenant's numbers."""

    serializer_class = ResultSerializer
    model = m.IntendedResult
    related = ("pillar",)
    prefetch = ("targets__indicator",)

    def get_queryset(self):
        return super().get_queryset().order_by("pillar__position", "position")


@extend_schema_view(get=extend_schema(parameters=[VERSION_PARAM]))
class BudgetLineList(VersionPartList):
    """The budget table of Art. 4.2: national maximum, regional minimum and total per line."""

    serializer_class = BudgetLineSerializer
    model = m.BudgetLine
    related = ("pillar",)


class DealSettingsSerializer(serializers.ModelSerializer):
    """What the programme office decides where the covenant leaves it open (models.DealSettings)."""

    lock_version = serializers.IntegerField(required=False)  # the version the change started from
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)  # null until first saved

    class Meta:
        model = m.DealSettings
        fields = ["programme_due_month", "programme_due_day", "baseline_due_on", "lock_version", "updated_at"]
        read_only_fields = ["updated_at"]


class DealSettingsView(DealAPIView, generics.RetrieveUpdateAPIView):
    """The deal's settings: read with VIEW_INTERNAL; PUT by the programme office (MANAGE_GOVERNANCE),
    with the `lock_version` it started from once they exist (409 when someone saved in between).
    Every change is audited."""

    write_capability = "manage_governance"
    serializer_class = DealSettingsSerializer
    http_method_names = ["get", "put", "head", "options"]

    def get_object(self):
        from .selectors import deal_settings

        return deal_settings(self.get_deal())

    def update(self, request, *args, **kwargs):
        from rest_framework.exceptions import ValidationError
        from rest_framework.response import Response

        from .services import deal_settings_update

        current = self.get_object()
        ser = self.get_serializer(current, data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        if current.pk is not None and "lock_version" not in data:
            raise ValidationError({"lock_version": [_("Stuur de lock_version mee waarvan u uitging.")]})
        saved = deal_settings_update(
            actor=self.actor(),
            deal=self.get_deal(),
            programme_due_month=data.get("programme_due_month"),
            programme_due_day=data.get("programme_due_day"),
            baseline_due_on=data.get("baseline_due_on"),
            expected_version=data.get("lock_version"),
        )
        return Response(DealSettingsSerializer(saved).data)
