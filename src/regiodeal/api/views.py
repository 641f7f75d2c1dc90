"""The API's base views: one deal view and one create-through-a-service view.

`DealAPIView` is the base of every view under `/api/v1/deals/<slug>/`: the deal from the slug
(404 when there is none), DealCapability with the view's `read_capability` and
`write_capability`, the acting person for the audit trail and the `?on=` date.

`ServiceCreateMixin` is a POST that validates the serializer, hands its data to the service
(keyword-only, with `actor` and, unless `pass_deal` is False, `deal`) and answers 201 with the
created record. The service's errors are answered by regiodeal.api.handler, so no view catches
them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rest_framework import status
from rest_framework.response import Response

from regiodeal.accounts.access import DealCapability, deal_from_slug
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.params import TODAY, date_param


class DealAPIView:
    """Mixin for a deal's API view (before the DRF view class in the bases)."""

    permission_classes = [DealCapability]
    read_capability = Capability.VIEW_INTERNAL

    def get_deal(self):
        if not hasattr(self, "_deal"):
            self._deal = deal_from_slug(self.kwargs["slug"])
        return self._deal

    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def on(self, default=TODAY) -> dt.date | None:
        """`?on=YYYY-MM-DD`; `default` (today) without it; 400 for a value that is no date."""
        return date_param(self.request.query_params, "on", default)


class ServiceCreateMixin:
    """POST creates through a service. Set `create_service` (a service function, wrapped in
    staticmethod) and, when the answer differs from the input, `output_serializer_class`;
    override `service_kwargs` to turn the validated data into the service's arguments."""

    create_service: Callable
    output_serializer_class = None
    pass_deal = True

    def service_kwargs(self, data: dict) -> dict:
        return {"deal": self.get_deal(), **data} if self.pass_deal else data

    def created(self, made):
        """What the service made, as the answer shows it (without the request: files as paths)."""
        return (self.output_serializer_class or self.get_serializer_class())(made).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        made = self.create_service(actor=self.actor(), **self.service_kwargs(dict(serializer.validated_data)))
        return Response(self.created(made), status=status.HTTP_201_CREATED)
