"""The kinds of request (Art. 10-13, 19.2) and how each is filed: one table, used by the screen
(`views/requests.py`, a form per kind) and the API (`api/requests.py`, one body with `kind`).

Each of them reads its own input into the service's words; the table says which service files
the request, whether a Party's representative files it for their own Party (every kind but an
accession, Art. 13: the applicant is no Party yet) and under which word that Party goes.
Who may register an accession stays the caller's (the screen: a Party's representative or the
programme office; the API: whoever may file a request or manage governance).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from regiodeal.disclosure.registry import record_get

from . import models as gm
from . import services as svc
from .constants import RequestKind
from .permissions import require_own_party


@dataclass(frozen=True)
class Filing:
    file: Callable[..., gm.Request]  # the service
    by_party: bool = True  # filed by a Party's representative for their own Party
    party_as: str = "filed_by"  # the service's word for that Party


FILINGS: dict[str, Filing] = {
    RequestKind.ACCESSION: Filing(svc.accession_file, by_party=False),
    RequestKind.AMENDMENT: Filing(svc.amendment_file),
    RequestKind.DURATION: Filing(svc.duration_change_file),
    RequestKind.WITHDRAWAL: Filing(svc.withdrawal_file, party_as="party"),
    RequestKind.CONFIDENTIALITY: Filing(svc.confidentiality_file),
}


def file_request(
    kind: str, *, user, actor, deal, party, fields: Callable[[], Mapping[str, Any]]
) -> gm.Request:
    """File a request of `kind` with the service's `fields` (read only after the Party is checked:
    a representative acts only for their own Party, `require_own_party`)."""
    filing = FILINGS[kind]
    own = {}
    if filing.by_party:
        require_own_party(user, deal, party)
        own[filing.party_as] = party
    return filing.file(actor=actor, deal=deal, **fields(), **own)


def named_record(deal, kind: str, pk: int):
    """Art. 10: the record a confidentiality request names; refused at `record_id` when the deal
    has no such record."""
    try:
        return record_get(kind, pk, deal=deal)
    except (LookupError, ObjectDoesNotExist) as exc:
        raise ValidationError({"record_id": _("Dat gegeven bestaat niet.")}) from exc
