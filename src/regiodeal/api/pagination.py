"""Pagination that refuses what it can't read, instead of silently ignoring it."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 1000

    def _read(self, request, name: str, default, minimum: int):
        raw = request.query_params.getlist(name)
        if not raw:
            return default
        if len(raw) > 1:
            raise ValidationError(
                {name: [_("geef %(name)s één keer, niet %(n)s keer") % {"name": name, "n": len(raw)}]}
            )
        try:
            value = int(raw[0])
        except ValueError as exc:
            raise ValidationError({name: [_("%(raw)r is geen geheel getal") % {"raw": raw[0]}]}) from exc
        if value < minimum:
            raise ValidationError(
                {name: [_("%(name)s is minstens %(min)s") % {"name": name, "min": minimum}]}
            )
        return value

    def get_limit(self, request):
        limit = self._read(request, self.limit_query_param, self.default_limit, 1)
        if limit is not None and limit > self.max_limit:
            raise ValidationError(
                {self.limit_query_param: [_("limit is hoogstens %(max)s") % {"max": self.max_limit}]}
            )
        return limit

    def get_offset(self, request):
        return self._read(request, self.offset_query_param, 0, 0)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_limit})
            if parameter["name"] == self.offset_query_param:
                parameter["schema"]["minimum"] = 0
        return parameters
