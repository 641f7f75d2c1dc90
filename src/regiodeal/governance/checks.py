"""Governance findings for `regiodeal check`: a calendar year of the deal's life in which the
Rijk-Regio-overleg did not meet (Art. 6.2), and every overdue duty of the obligations calendar."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from regiodeal.common.findings import ERROR, WARNING, Finding, register_check

from .constants import ObligationStatus
from .selectors import obligations, years_without_enough_meetings


def _article(article: str) -> str:
    """ "art. 7.1", or an annex as written ("Bijlage 1")."""
    return _("art. %(a)s") % {"a": article} if article[:1].isdigit() else article


@register_check("governance.overleg")
def overleg_met_every_year(deal, on: dt.date):
    """Art. 6.2: the Rijk-Regio-overleg meets at least once a year."""
    for year, held, required in years_without_enough_meetings(deal, on):
        yield Finding(
            rule="governance.overleg-yearly",
            article="6.2",
            severity=ERROR,
            message=_(
                "Het Rijk-Regio-overleg kwam in %(year)s %(held)s keer bijeen; minstens %(required)s keer "
                "is vereist (art. 6.2)."
            )
            % {"year": year, "held": held, "required": required},
            subject=f"year {year}",
            data={"year": year, "held": held, "required": required},
        )


@register_check("governance.obligations")
def no_overdue_obligations(deal, on: dt.date):
    """Every dated duty of the deal done by its date (Art. 7, 11.2, 19.2, Bijlage 1, actions)."""
    for o in obligations(deal, on):
        if o.status != ObligationStatus.OVERDUE or o.key.startswith("overleg-") or o.kept_elsewhere:
            continue  # a year without a meeting is the finding above; the app that keeps a duty reports it
        yield Finding(
            rule="governance.obligation-overdue",
            article=o.article,
            severity=WARNING if o.key.startswith("actie-") else ERROR,
            message=_("%(title)s: uiterlijk %(due)s, nog niet gedaan (%(article)s).")
            % {"title": o.title, "due": o.due_on.isoformat(), "article": _article(o.article)},
            subject=o.key,
            data={"due_on": o.due_on.isoformat(), "key": o.key},
        )
