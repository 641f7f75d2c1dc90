"""The public part of the REST API (`/api/v1/public/`): anonymous, read-only, and read only through
portal/selectors.py (via the open-data declarations in opendata.py), so it shows exactly what the
public site and the downloads show. Serializers are made from the data dictionary."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.common.dataversion import cached_fragment
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import deal_entry_into_force, version_in_force_cached
from regiodeal.disclosure.public import EXCLUSION_NOTE

from . import iati, opendata
from . import selectors as public

FIELD_TYPES = {
    "integer": lambda f: serializers.IntegerField(allow_null=f.nullable, help_text=f.meaning),
    "date": lambda f: serializers.DateField(allow_null=f.nullable, help_text=f.meaning),
    "boolean": lambda f: serializers.BooleanField(help_text=f.meaning),
    "list": lambda f: serializers.ListField(child=serializers.CharField(), help_text=f.meaning),
}


def _serializer_for(dataset: opendata.Dataset) -> type[serializers.Serializer]:
    with translation.override("en"):
        fields = {
            f.name: FIELD_TYPES.get(
                f.type,
                lambda f: serializers.CharField(
                    allow_null=f.nullable, allow_blank=True, help_text=str(f.meaning)
                ),
            )(f)
            for f in dataset.fields
        }
    name = "Public" + "".join(part.capitalize() for part in dataset.name.split("-")) + "Row"
    return type(name, (serializers.Serializer,), fields)


SERIALIZERS = {name: _serializer_for(ds) for name, ds in opendata.DATASETS.items()}


class PublicView:
    permission_classes = [AllowAny]
    read_capability = None  # public read (accounts.access.DealCapability's convention)
    http_method_names = ["get", "head", "options"]

    def get_deal(self) -> dm.Deal:
        try:
            return public.public_deal(self.kwargs["slug"])
        except dm.Deal.DoesNotExist as exc:
            raise Http404(_("Die deal bestaat niet.")) from exc


class PublicDealSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    aim = serializers.CharField()
    status = serializers.CharField(help_text="not_in_force, in_force or ended (Art. 19)")
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField()
    verdict = serializers.CharField(help_text="the deal's on-schedule verdict: the worst of its pillars")
    national_maximum = serializers.CharField(help_text="euros, two decimals")
    national_granted = serializers.CharField(help_text="euros, two decimals")
    national_spent = serializers.CharField(help_text="euros, two decimals")
    regional_pledged = serializers.CharField(help_text="euros, two decimals")
    regional_actual = serializers.CharField(help_text="euros, two decimals")
    money_note = serializers.CharField(
        help_text="What the money figures leave out: the money of confidential projects (Art. 10)"
    )
    datasets = serializers.DictField(child=serializers.CharField(), help_text="dataset name -> API path")


def _deal_data(deal: dm.Deal) -> dict:
    # The version in force as this process keeps it: its name, aim and end date are its own
    # columns, and the covenant's content (Parties, areas, pillars ...) is not shown here (read
    # for each of the 40 deals of a list, that was some 17 queries a deal).
    version = version_in_force_cached(deal)
    money = public.public_money(deal)
    force = deal_entry_into_force(deal)  # of the version in force today, as `version`: kept per process
    return {
        "slug": deal.slug,
        "name": version.name,
        "aim": version.aim,
        "status": force.status(),
        "starts_on": force.starts_on,
        "ends_on": version.ends_on,
        "verdict": public.public_results(deal).verdict,
        "national_maximum": f"{money.total.national_maximum:.2f}",
        "national_granted": f"{money.total.national_granted:.2f}",
        "national_spent": f"{money.total.national_spent:.2f}",
        "regional_pledged": f"{money.total.regional_pledged:.2f}",
        "regional_actual": f"{money.total.regional_actual:.2f}",
        "money_note": str(EXCLUSION_NOTE),
        "datasets": {
            **{name: f"/api/v1/public/deals/{deal.slug}/{name}/" for name in opendata.DATASETS},
            **({"iati": f"/api/v1/public/deals/{deal.slug}/iati/"} if iati.available(deal) else {}),
            "catalogue": f"/api/v1/public/deals/{deal.slug}/catalogue/",
        },
    }


def _deal_entry(deal: dm.Deal) -> dict:
    """`_deal_data`, cached under the version the public is served (per language: the note is
    translated): it follows a write with a short lag, a confidentiality decision at once."""
    return cached_fragment(deal, "public-api:deal", lambda: _deal_data(deal), public=True)


class PublicDealList(PublicView, generics.ListAPIView):
    """Every Regio Deal in this instance, with its aim, verdict and money in total."""

    serializer_class = PublicDealSerializer
    queryset = dm.Deal.objects.none()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(list(public.public_deals()))
        data = [_deal_entry(d) for d in page]
        return self.get_paginated_response(data)


class PublicDealDetail(PublicView, generics.GenericAPIView):
    """One Regio Deal: aim, status, verdict, money in total and the addresses of its datasets."""

    serializer_class = PublicDealSerializer
    queryset = dm.Deal.objects.none()

    def get(self, request, *args, **kwargs):
        return Response(_deal_entry(self.get_deal()))


PROJECT_FILTERS = [
    OpenApiParameter("pillar", str, description="a pillar code (1, 2, 3)"),
    OpenApiParameter(
        "gemeente", str, description="a gemeente's area code (SCHIEDAM); projects in its wijken count"
    ),
    OpenApiParameter("wijk", str, description="a wijk or gebied's area code (SCHIEDAM_NIEUWLAND)"),
]


def dataset_view(name: str):
    dataset = opendata.DATASETS[name]
    serializer = SERIALIZERS[name]

    class DatasetList(PublicView, generics.ListAPIView):
        serializer_class = serializer
        queryset = dm.Deal.objects.none()

        def list(self, request, *args, **kwargs):
            deal = self.get_deal()
            filters = {k: (request.query_params.get(k) or "").strip() or None for k in dataset.filters}

            def serialized() -> list[dict]:
                return [dict(r) for r in serializer(opendata.rows(dataset, deal, **filters), many=True).data]

            # Serialized once per data version of the deal the public is served (it follows a
            # write with a short lag, a confidentiality decision at once) and the filters asked for.
            rows = cached_fragment(
                deal, f"public-api:{name}", serialized, *sorted(filters.items()), public=True
            )
            return self.get_paginated_response(self.paginate_queryset(rows))

    DatasetList.__name__ = DatasetList.__qualname__ = serializer.__name__.replace("Row", "List")
    DatasetList.__doc__ = f"{dataset.title}: {dataset.description} (Field meanings: the data dictionary.)"
    decorated = extend_schema(
        parameters=PROJECT_FILTERS if dataset.filters else None,
        description=str(dataset.description),
    )(DatasetList)
    return decorated.as_view()


class _FileRenderer(BaseRenderer):
    """Lets a client ask for the file's own media type (Accept: application/xml, ...): the view
    answers with the file itself; an error's JSON body is written as JSON."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes | str) else json.dumps(data, ensure_ascii=False).encode()


def _renderer(media: str, fmt: str):
    return type(f"Renderer_{fmt}", (_FileRenderer,), {"media_type": media, "format": fmt})


class _FileView(PublicView, APIView):
    """A public file (not JSON) from the API; its errors are JSON like every other error."""

    def handle_exception(self, exc):
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)


class PublicIati(_FileView):
    """The deal as an IATI 2.03 activity file (XML): the deal the parent activity, each public
    project a child; excl. confidential projects (Art. 10). What each element holds:
    docs/standards.md. The same file as /deals/{slug}/public/open-data/iati.xml."""

    renderer_classes = [JSONRenderer, _renderer("application/xml", "xml")]

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR})
    def get(self, request, *args, **kwargs):
        from .views import iati_file

        deal = self.get_deal()
        try:
            content = iati_file(deal)
        except iati.IatiUnavailable as exc:
            raise Http404("The regiokassier has no organisation identifier yet.") from exc
        return HttpResponse(content, content_type="application/xml; charset=utf-8")


class PublicCatalogue(_FileView):
    """The deal's open datasets as a DCAT-AP-DONL 2 catalogue: JSON-LD, or Turtle with
    ?syntax=ttl. The same as /deals/{slug}/public/open-data/catalogus.jsonld and .ttl."""

    renderer_classes = [
        JSONRenderer,
        _renderer("application/ld+json", "jsonld"),
        _renderer("text/turtle", "ttl"),
    ]

    @extend_schema(
        parameters=[
            OpenApiParameter("syntax", str, enum=["jsonld", "ttl"], description="jsonld (default) or ttl")
        ],
        responses={(200, "application/ld+json"): OpenApiTypes.OBJECT, (200, "text/turtle"): OpenApiTypes.STR},
    )
    def get(self, request, *args, **kwargs):
        from .views import CATALOGUE_TYPES, catalogue_file

        fmt = "ttl" if request.query_params.get("syntax") == "ttl" else "jsonld"
        return HttpResponse(catalogue_file(self.get_deal(), fmt), content_type=CATALOGUE_TYPES[fmt])
