"""The API's JSON parser, within limits (docs/security.md "Limits on input"): a body larger than
`REGIODEAL_API_JSON_MAX_BYTES` is refused with 413, one nested deeper than
`REGIODEAL_API_JSON_MAX_DEPTH` (no request of this API nests more than a few levels) or holding a
NUL character with 400; the body is read at most one byte past the limit. Python's own decoder
gives up far below 100,000 levels with a RecursionError, which was a 500."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


def depth_of(value) -> int:
    """How deeply lists and objects nest in a decoded value (a scalar: 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _no_nul(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            return None
        maximum = settings.REGIODEAL_API_JSON_MAX_BYTES
        body = stream.read(maximum + 1)
        if len(body) > maximum:
            raise BodyTooLarge(
                _(
                    "De JSON is groter dan %(max)s bytes (REGIODEAL_API_JSON_MAX_BYTES); stuur minder "
                    "in één verzoek."
                )
                % {"max": maximum}
            )
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        deepest = settings.REGIODEAL_API_JSON_MAX_DEPTH
        try:
            data = json.loads(body.decode(encoding), parse_constant=strict_constant if self.strict else None)
        except RecursionError:
            data = None
            too_deep = True
        except ValueError as exc:  # includes UnicodeDecodeError
            raise ParseError(_("De JSON is niet te lezen: %(error)s") % {"error": exc}) from None
        else:
            too_deep = depth_of(data) > deepest
        if too_deep:
            raise ParseError(
                _(
                    "De JSON is dieper genest dan %(max)s niveaus (REGIODEAL_API_JSON_MAX_DEPTH); geen "
                    "verzoek aan deze API heeft dat nodig."
                )
                % {"max": deepest}
            )
        if not _no_nul(data):
            raise ParseError(_("De JSON bevat een NUL-teken (\\u0000); haal het weg."))
        return data
