"""The obligations calendar: every dated duty of the deal and its fulfilment."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors as sel
from .. import services as svc
from ..constants import ObligationStatus
from .base import DealView


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
