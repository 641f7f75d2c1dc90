"""The life of a progress report: ONE transitions table, enforced in `services._transition`.

Each edge says why it exists and, where the covenant dates it, which rule of the deal holds its
date (`deals.Rules`): the draft goes to the Parties before 15 June and the report to VRO before
15 July of the year after the reported year (Art. 7.3). A later date is allowed, because the
report must still be made, but the step is stored as late and `regiodeal check` reports it.
`None` is "not yet generated". Every transition is stored as a `ReportTransition` row.
"""

from __future__ import annotations

from dataclasses import dataclass

from .constants import ReportStatus as S


@dataclass(frozen=True)
class Edge:
    reason: str
    deadline_rule: str | None = None  # a field of deals.Rules holding "MM-DD" of the next year


TRANSITIONS: dict[tuple[str | None, str], Edge] = {
    (None, S.DRAFT): Edge("the programme office generates the draft from the data of the year (Art. 7.2)"),
    (S.DRAFT, S.SENT): Edge(
        "the draft is put to the Parties, before 15 June, in view of submission to VRO before "
        "15 July (Art. 7.3)",
        "report_draft_to_parties_before",
    ),
    (S.SENT, S.DRAFT): Edge("the draft is reworked after the Parties' comments, to be put to them again"),
    (S.SENT, S.FINAL): Edge(
        "the Parties have commented; the programme office finalises the report (Art. 7.3)"
    ),
    (S.FINAL, S.DRAFT): Edge("reopened before submission: something in the report must still change"),
    (S.FINAL, S.SUBMITTED): Edge(
        "submitted to VRO before 15 July for the specific grant (Art. 7.3, 7.4); the report is frozen",
        "report_to_ministry_before",
    ),
}

# Comments are taken while the Parties have the draft; lessons are written until it is final.
COMMENTABLE = frozenset({S.SENT})
EDITABLE = frozenset({S.DRAFT, S.SENT})
FROZEN = frozenset({S.SUBMITTED})


def allowed_next(status: str | None) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]


def edge(frm: str | None, to: str) -> Edge:
    """The edge; KeyError when the table doesn't allow it."""
    return TRANSITIONS[(frm, to)]
