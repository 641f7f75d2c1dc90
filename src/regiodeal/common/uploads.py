"""The file an import through the API sends (multipart, field `file`): its name and bytes, once its
size is within REGIODEAL_UPLOAD_MAX_BYTES (`common.limits`). Without a file: a ValidationError at
`file`; too large: `ImportRejected` with that one problem. The API's handler answers both with a
400 (api/handler.py), the screens' upload flow has its own (imports/)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import limits
from .importing import ImportRejected, RowError


def uploaded(request, field: str = "file") -> tuple[str, bytes]:
    upload = request.FILES.get(field)
    if upload is None:
        raise ValidationError({field: [_("Stuur het bestand mee dat u wilt inlezen.")]})
    try:
        limits.check_size(upload.size)
    except limits.InputRefused as exc:
        raise ImportRejected(upload.name, [RowError(0, "", exc.message)]) from None
    return upload.name, upload.read()
