"""The procedures' state machines: ONE transitions table per kind of request, enforced by the
transition engine (`common/transitions.py`) through `services.common._transition`.

Each edge says why it exists, citing the covenant. `None` is "not yet filed". Every transition is
stored as a `RequestTransition` row (who, when, from, to, reason). Adoption and rejection are not
clicked: the services take those edges when the declarations say so.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from .constants import RequestKind as K
from .constants import RequestStatus as S

# Dutch, stored as such on each RequestTransition and translated on screen (common/i18n.py).
_CONSENT_PROCEDURE = {
    (None, S.FILED): gettext_noop("een Partij vraagt het schriftelijk (art. 11.1, 13.2)"),
    (S.FILED, S.CONSULTATION): gettext_noop(
        "VRO heeft kennisgenomen van het verzoek: het overleg begint en VRO vraagt de andere "
        "Partijen om instemming (art. 11.2, 13.2)"
    ),
    (S.CONSULTATION, S.ADOPTED): gettext_noop(
        "elke Partij in functie heeft ingestemd (art. 11.1, 11.3, 13.3)"
    ),
    (S.CONSULTATION, S.REJECTED): gettext_noop(
        "een Partij weigerde: de wijziging vraagt de instemming van alle Partijen (art. 11.1, 13.1)"
    ),
    (S.FILED, S.WITHDRAWN): gettext_noop("de verzoeker trekt het verzoek in voordat VRO het oppakt"),
    (S.CONSULTATION, S.WITHDRAWN): gettext_noop("de verzoeker trekt het verzoek in tijdens het overleg"),
}

TRANSITIONS: dict[str, dict[tuple[str | None, str], str]] = {
    K.AMENDMENT: _CONSENT_PROCEDURE,
    K.DURATION: {
        **_CONSENT_PROCEDURE,
        (None, S.FILED): gettext_noop(
            "na bespreking in het Rijk-Regio-overleg vraagt een Partij de looptijd te wijzigen (art. 19.2)"
        ),
    },
    K.ACCESSION: {
        **_CONSENT_PROCEDURE,
        (None, S.FILED): gettext_noop(
            "een schriftelijk verzoek aan VRO om toe te treden, met de concrete bijdrage (art. 13.2)"
        ),
    },
    K.WITHDRAWAL: {
        (None, S.NOTICE_GIVEN): gettext_noop(
            "een Partij zegt schriftelijk op en noemt de veranderde omstandigheden; de opzegging gaat "
            "in na de opzegtermijn (art. 12.1)"
        ),
    },
    K.CONFIDENTIALITY: {
        (None, S.FILED): gettext_noop(
            "een Partij vraagt een stuk vertrouwelijk te houden; intussen is het dat (art. 10.1)"
        ),
        (S.FILED, S.GRANTED): gettext_noop(
            "het stuk blijft vertrouwelijk, tot de besloten einddatum (art. 10.1)"
        ),
        (S.FILED, S.REFUSED): gettext_noop(
            "openbaarmaking is vereist door de wet, een rechter of de deal (art. 10.1)"
        ),
        (S.GRANTED, S.LIFTED): gettext_noop("de vertrouwelijkheid wordt opgeheven vóór de einddatum"),
    },
}

# Every reason of the tables, to recognise a stored one.
MESSAGES = sorted({m for table in TRANSITIONS.values() for m in table.values()}, key=len, reverse=True)

OPEN = frozenset({S.FILED, S.CONSULTATION})


def allowed_next(kind: str, status: str | None) -> list[str]:
    return [to for (frm, to) in TRANSITIONS[kind] if frm == status]


def reason_text(stored: str) -> str:
    """A stored transition reason in the reader's language (the note after it as written)."""
    from regiodeal.common.i18n import stored_message

    return stored_message(stored, MESSAGES)
