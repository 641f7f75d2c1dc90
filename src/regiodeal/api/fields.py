"""The API's money field: one strict reading of an amount (`common.amounts.parse_plain_amount`),
a plain decimal string such as "1250.00" (or a JSON whole number). DRF's own DecimalField took
"1e5", "١٢٣" and "1_000"; this one refuses them with how to write the amount."""

from __future__ import annotations

from rest_framework import serializers

from regiodeal.common.amounts import AmountError, parse_plain_amount


class AmountField(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            value = parse_plain_amount(data)
        except AmountError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None
        return super().to_internal_value(str(value))
