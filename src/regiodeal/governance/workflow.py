"""The procedures' state machines: ONE transitions table, enforced in `services._transition`.

Each edge says why it exists, citing the covenant. `None` is "not yet filed". Every transition is
stored as a `RequestTransition` row (who, when, from, to, reason). Adoption and rejection are not
clicked: the services take those edges when the declarations say so.
"""

from __future__ import annotations

from .constants import RequestKind as K
from .constants import RequestStatus as S

_CONSENT_PROCEDURE = {
    (None, S.FILED): "a Party asks in writing (Art. 11.1, 13.2)",
    (S.FILED, S.CONSULTATION): "VRO has learned of the request: the consultation starts and VRO asks "
    "the other Parties' consent (Art. 11.2, 13.2)",
    (S.CONSULTATION, S.ADOPTED): "every Party in office has consented (Art. 11.1, 11.3, 13.3)",
    (
        S.CONSULTATION,
        S.REJECTED,
    ): "a Party refused: the change needs the consent of all Parties (Art. 11.1, 13.1)",
    (S.FILED, S.WITHDRAWN): "the requester withdraws the request before VRO takes it up",
    (S.CONSULTATION, S.WITHDRAWN): "the requester withdraws the request during the consultation",
}

TRANSITIONS: dict[str, dict[tuple[str | None, str], str]] = {
    K.AMENDMENT: _CONSENT_PROCEDURE,
    K.DURATION: {
        **_CONSENT_PROCEDURE,
        (None, S.FILED): "after discussion in the Rijk-Regio-overleg, a Party asks to change the "
        "duration (Art. 19.2)",
    },
    K.ACCESSION: {
        **_CONSENT_PROCEDURE,
        (None, S.FILED): "a written request to VRO to accede, with the concrete contribution (Art. 13.2)",
    },
    K.WITHDRAWAL: {
        (None, S.NOTICE_GIVEN): "a Party gives written notice stating the changed circumstances; it "
        "takes effect after the notice period (Art. 12.1)",
    },
    K.CONFIDENTIALITY: {
        (None, S.FILED): "a Party asks that a record be kept confidential; meanwhile it is (Art. 10.1)",
        (S.FILED, S.GRANTED): "the record stays confidential, up to the decided end date (Art. 10.1)",
        (S.FILED, S.REFUSED): "disclosure is required by law, a court or the deal (Art. 10.1)",
        (S.GRANTED, S.LIFTED): "the confidentiality is lifted before its end date",
    },
}

OPEN = frozenset({S.FILED, S.CONSULTATION})


def allowed_next(kind: str, status: str | None) -> list[str]:
    return [to for (frm, to) in TRANSITIONS[kind] if frm == status]


def reason_for(kind: str, frm: str | None, to: str) -> str:
    """The edge's reason; KeyError when the table doesn't allow it."""
    return TRANSITIONS[kind][(frm, to)]
