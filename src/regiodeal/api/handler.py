"""The API's one mapping of errors to answers (REST_FRAMEWORK["EXCEPTION_HANDLER"]).

A view calls its service and lets the service's error go: this handler turns it into JSON with a
message in the client's language (Dutch by default, English with Accept-Language: en; the
services write their messages with gettext) and the rule that refused it under `rule`:

- a service's ValidationError (a covenant rule, a refused transition): 400, the messages per
  field (`{"field": ["..."]}`, or `{"detail": ["..."]}` when the error names no field), as the
  serializers answer; `rule` is the error's own code or rule, else "invalid";
- a query parameter that is no date (`common.params.BadParameter`): 400, `{"on": ["..."]}`;
- an input outside the limits (`common.limits.InputRefused`): 400, `{"detail": "..."}`;
- an import with problems (`ImportRejected`): 400 with every row's problem;
- a save from a stale `lock_version` (`common.locking.EditConflict`): 409 with the current one;
- PermissionDenied from a service or a permission check: 403, `{"detail": "..."}`.

Every other error keeps DRF's answer (a serializer's messages per field, or `detail`), with its
first code as `rule` ("required", "blank", "not_found", ...). docs/developers.md,
"Errors in the API"."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from regiodeal.common import limits
from regiodeal.common.locking import EditConflict
from regiodeal.common.params import BadParameter

RULE = "rule"  # the key of the rule code in every error answer


def _rule_of(exc: DjangoValidationError) -> str:
    """The code a service gave its error (`ValidationError(..., code=...)`, or a `rule` attribute
    of its error type); "invalid" when it named none."""
    named = getattr(exc, "rule", None)
    if named:
        return str(named)
    errors = (
        exc.error_list if not hasattr(exc, "error_dict") else [e for v in exc.error_dict.values() for e in v]
    )
    for error in errors:
        if getattr(error, "code", None):
            return str(error.code)
    return "invalid"


def validation_body(exc: DjangoValidationError) -> dict:
    """A service's ValidationError as the serializers answer: messages per field, else `detail`."""
    body = dict(exc.message_dict) if hasattr(exc, "error_dict") else {"detail": exc.messages}
    return {**body, RULE: _rule_of(exc)}


def _import_rejected(exc) -> dict:
    return {
        "detail": str(exc),
        "errors": [
            {"row": e.row, "column": e.column, "message": e.message}
            for e in limits.shown_problems(exc.errors)
        ],
        "error_count": len(exc.errors),
        RULE: "import.rejected",
    }


def _own(exc) -> Response | None:
    """The answer to an error of the platform itself, or None for DRF's own."""
    from regiodeal.results.importing import ImportRejected

    if isinstance(exc, DjangoValidationError):
        return Response(validation_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BadParameter):
        return Response({exc.name: [exc.message], RULE: exc.rule}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, limits.InputRefused):
        return Response(
            {"detail": exc.message, RULE: f"import.{exc.rule}"}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, ImportRejected):
        return Response(_import_rejected(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, EditConflict):
        return Response(
            {"detail": str(exc), "lock_version": exc.obj.lock_version, RULE: "edit_conflict"},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
        given = str(exc.detail) if isinstance(exc, exceptions.PermissionDenied) else str(exc)
        if not given or given == str(exceptions.PermissionDenied.default_detail):
            given = _("U mag dit hier niet doen met dit account.")
        return Response(
            {"detail": given, RULE: getattr(exc, "rule", None) or "permission_denied"},
            status=status.HTTP_403_FORBIDDEN,
        )
    return None


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)  # as DRF does, so that it gets its code as rule
    response = _own(exc)
    if response is not None:
        set_rollback()  # nothing of a refused request is kept (ATOMIC_REQUESTS)
        return response
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a 500: Django's handler answers (regiodeal.api.errors.server_error)
    if isinstance(response.data, dict) and RULE not in response.data:
        codes = _first_code(exc.get_codes()) if isinstance(exc, exceptions.APIException) else None
        if codes:
            response.data[RULE] = codes
    return response


def _first_code(codes) -> str | None:
    """DRF's code of an error (`get_codes()`: a code, or codes per field and item): the first."""
    if isinstance(codes, str):
        return codes
    for inner in codes.values() if isinstance(codes, dict) else codes:
        found = _first_code(inner)
        if found:
            return found
    return None
