"""Signatures and entry into force (Art. 17, 19), the deal's versions and their publication (Art. 20.1)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.deals import models as dm
from regiodeal.deals.selectors import deal_entry_into_force, version_diff, version_get, version_list

from .. import models as gm
from .. import selectors as sel
from .. import services as svc
from .base import DealView, OrgCode

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
