"""The life of a progress report: ONE transitions table, enforced by the transition engine
(`common/transitions.py`) through `services._transition`.

Each edge says why it exists and, where the covenant dates it, which rule of the deal holds its
date (`deals.Rules`): the draft goes to the Parties before 15 June and the report to VRO before
15 July of the year after the reported year (Art. 7.3). A later date is allowed, because the
report must still be made, but the step is stored as late and `regiodeal check` reports it.
`None` is "not yet generated". Every transition is stored as a `ReportTransition` row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from .constants import ReportStatus as S


@dataclass(frozen=True)
class Edge:
    reason: str  # Dutch, stored as such on the ReportTransition and translated on screen
    deadline_rule: str | None = None  # a field of deals.Rules holding "MM-DD" of the next year


TRANSITIONS: dict[tuple[str | None, str], Edge] = {
    (None, S.DRAFT): Edge(
        gettext_noop("het programmabureau maakt het concept uit de gegevens van het jaar (art. 7.2)")
    ),
    (S.DRAFT, S.SENT): Edge(
        gettext_noop(
            "het concept gaat vóór 15 juni naar de Partijen, met het oog op indiening bij VRO vóór "
            "15 juli (art. 7.3)"
        ),
        "report_draft_to_parties_before",
    ),
    (S.SENT, S.DRAFT): Edge(
        gettext_noop(
            "het concept wordt na het commentaar van de Partijen herzien, om het opnieuw voor te leggen"
        )
    ),
    (S.SENT, S.FINAL): Edge(
        gettext_noop("de Partijen hebben gereageerd; het programmabureau stelt de rapportage vast (art. 7.3)")
    ),
    (S.FINAL, S.DRAFT): Edge(
        gettext_noop("heropend vóór de indiening: er moet nog iets in de rapportage veranderen")
    ),
    (S.FINAL, S.SUBMITTED): Edge(
        gettext_noop(
            "vóór 15 juli ingediend bij VRO voor de specifieke uitkering (art. 7.3, 7.4); de "
            "rapportage ligt vast"
        ),
        "report_to_ministry_before",
    ),
}

MESSAGES = sorted({e.reason for e in TRANSITIONS.values()}, key=len, reverse=True)

# Comments are taken while the Parties have the draft; lessons are written until it is final.
COMMENTABLE = frozenset({S.SENT})
EDITABLE = frozenset({S.DRAFT, S.SENT})
FROZEN = frozenset({S.SUBMITTED})


def allowed_next(status: str | None) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]


def reason_text(stored: str) -> str:
    """A stored step's reason in the reader's language."""
    from regiodeal.common.i18n import stored_message

    return stored_message(stored, MESSAGES)
