"""The governance API's base view and the organisation-by-code field."""

from __future__ import annotations

from rest_framework import serializers

from regiodeal.accounts.roles import Capability as C
from regiodeal.api.views import DealAPIView
from regiodeal.deals import models as dm


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
