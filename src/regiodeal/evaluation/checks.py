"""`regiodeal check` findings for evaluation and steering (Art. 2.4, 7.1, Bijlage 1 §2.D) and
communication (Art. 8.1, 8.2)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from regiodeal.common.findings import WARNING, Finding, register_check
from regiodeal.common.formatting import day
from regiodeal.deals.selectors import deal_entry_into_force, version_in_force
from regiodeal.governance.dates import add_months

from .constants import ARTICLE, INTERIM_EVERY_MONTHS, REQUIRED_ONCE, DocumentKind
from .selectors import credit_lines, documents_in_force


def _due_on(deal, kind: str, on: dt.date) -> dt.date | None:
    """When the deal must have the document. The evaluation approach: the date the covenant gives
    for describing it ("in het voorjaar van 2025", read as the rules' baseline date). The others
    have no date in the covenant: half a year after the entry into force (docs/evaluation.md)."""
    force = deal_entry_into_force(deal)
    if force.starts_on is None:
        return None
    if kind == DocumentKind.EVALUATION_APPROACH:
        return version_in_force(deal, max(force.starts_on, on)).rules.baseline_due_on
    return add_months(force.starts_on, 6)


@register_check("evaluation.documents")
def documents_present(deal, on: dt.date):
    """Art. 7.1 (evaluation approach), 2.4 (problem analysis, theory of change), 8.1 (communication plan)."""
    have = documents_in_force(deal=deal, on=on)
    for kind in REQUIRED_ONCE:
        due = _due_on(deal, kind, on)
        if kind in have or due is None or on <= due:
            continue
        yield Finding(
            rule=f"evaluation.{kind.replace('_', '-')}-missing",
            article=ARTICLE[kind],
            severity=WARNING,
            message=_(
                "Er is geen %(kind)s vastgelegd (art. %(article)s), verwacht vanaf %(due)s. "
                "Leg het document vast onder Evaluatie en bijsturing."
            )
            % {"kind": DocumentKind(kind).label, "article": ARTICLE[kind], "due": day(due)},
            subject=str(DocumentKind(kind).label),
            data={"kind": kind, "due_on": due.isoformat()},
        )


@register_check("evaluation.periodic")
def periodic_evaluation(deal, on: dt.date):
    """Bijlage 1 §2.D: a periodic evaluation looks at whether and where to steer. Read as at least
    one interim evaluation in every twelve months from the entry into force."""
    force = deal_entry_into_force(deal)
    if force.starts_on is None:
        return
    latest = documents_in_force(deal=deal, on=on).get(DocumentKind.INTERIM_EVALUATION)
    since = latest.dated if latest else force.starts_on
    due = add_months(since, INTERIM_EVERY_MONTHS)
    if on <= due:
        return
    yield Finding(
        rule="evaluation.interim-overdue",
        article="Bijlage 1",
        severity=WARNING,
        message=_(
            "Sinds %(since)s is er geen tussentijdse evaluatie vastgelegd; een periodieke evaluatie "
            "(Bijlage 1, 2.D) was verwacht vóór %(due)s."
        )
        % {"since": day(since), "due": day(due)},
        subject=str(DocumentKind.INTERIM_EVALUATION.label),
        data={"since": since.isoformat(), "due_on": due.isoformat()},
    )


@register_check("evaluation.credit-line")
def credit_line_asked(deal, on: dt.date):
    """Art. 8.2: the Regio asks every project of the deal to make known that it was made possible
    by the cooperation of Rijk and regio. A project that was not asked is the finding."""
    for row in credit_lines(deal=deal):
        if row.asked:
            continue
        yield Finding(
            rule="communication.credit-line-not-asked",
            article="8.2",
            severity=WARNING,
            message=_(
                "Project %(code)s is niet gevraagd te vermelden dat het mede mogelijk is gemaakt door "
                "samenwerking tussen Rijk en regio (art. 8.2). Leg vast wanneer en hoe het is gevraagd."
            )
            % {"code": row.project.code},
            subject=f"project {row.project.code}",
            data={"project": row.project.code},
        )
