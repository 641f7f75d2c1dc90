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
        if o.date_basis == "unset":
            # Bijlage 1 B names no date and the programme office has set none: a warning.
            yield Finding(
                rule="governance.obligation-date-unset",
                article=o.article,
                severity=WARNING,
                message=_(
                    "%(title)s: het convenant noemt geen datum (%(article)s) en het programmabureau heeft er "
                    "nog geen bepaald. Leg de datum vast bij Instellingen van de deal, of vink de plicht af "
                    "in de kalender als het programma er is."
                )
                % {"title": o.title, "article": _article(o.article)},
                subject=o.key,
                data={"key": o.key, "date_basis": o.date_basis},
            )
            continue
        if o.date_basis == "office":
            message = _(
                "%(title)s: uiterlijk %(due)s, de datum die het programmabureau bepaalde (het convenant "
                "noemt er geen, %(article)s), nog niet gedaan."
            )
        elif o.date_basis == "reading":
            message = _(
                "%(title)s: uiterlijk %(due)s, zoals het programmabureau die woorden leest (%(article)s), "
                "nog niet gedaan."
            )
        else:
            message = _("%(title)s: uiterlijk %(due)s, nog niet gedaan (%(article)s).")
        yield Finding(
            rule="governance.obligation-overdue",
            article=o.article,
            severity=WARNING if o.key.startswith("actie-") else ERROR,
            message=message % {"title": o.title, "due": o.due_on.isoformat(), "article": _article(o.article)},
            subject=o.key,
            data={"due_on": o.due_on.isoformat(), "key": o.key, "date_basis": o.date_basis},
        )
