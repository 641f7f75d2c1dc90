"""`regiodeal check` findings for results (Art. 3, Art. 7.1, Art. 7.2.B)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from regiodeal.common.findings import ERROR, WARNING, Finding, register_check
from regiodeal.common.formatting import day
from regiodeal.deals.selectors import baseline_reading, version_in_force

from .selectors import dashboard, unjudged
from .verdict import Verdict


@register_check("results.measurable")
def results_measurable(deal, on: dt.date):
    """Every intended result needs an indicator, and every indicator target a baseline once the
    date for describing the beginsituatie has passed (Art. 7.1)."""
    try:
        version_in_force(deal, on)
    except Exception:  # a deal without a version has nothing to measure
        return []
    reading = baseline_reading(deal, on)
    board = dashboard(deal=deal, on=on, with_projects=False, latest_only=True)
    found = []
    for item in unjudged(deal=deal, on=on, board=board):
        if item.kind == "result":
            message = _(
                "Beoogd resultaat %(code)s heeft geen indicator en geen mijlpaal, dus de "
                "voortgangsrapportage kan niet zeggen of het op schema ligt (art. 7.2 onder B). "
                "Kies bij het resultaat een indicator uit de catalogus of een mijlpaal."
            ) % {"code": item.code}
        else:
            message = _(
                "Wat inwoners van pijler %(code)s gaan merken (art. 3) heeft geen mijlpaal, dus de "
                "voortgangsrapportage kan er niets over zeggen (art. 7.2 onder B). Leg een mijlpaal vast."
            ) % {"code": item.code}
        found.append(
            Finding(
                rule="results.result-without-indicator",
                article="7.2",
                severity=WARNING,
                message=message,
                subject=f"{item.kind} {item.code}",
            )
        )
    for pillar in board.pillars:
        for rs in pillar.results:
            code = rs.result.code
            for ls in rs.links:
                link = ls.link
                if link.baseline_value is None and on > reading.due_on:
                    found.append(
                        Finding(
                            rule="results.baseline-missing",
                            article=reading.article,
                            severity=ERROR,
                            message=_(
                                "Geen nulmeting voor %(indicator)s bij resultaat %(code)s: de beginsituatie "
                                "is beschreven “%(label)s” (art. %(article)s), gelezen als %(due)s."
                            )
                            % {
                                "indicator": link.indicator.code,
                                "code": code,
                                "label": reading.label,
                                "article": reading.article,
                                "due": day(reading.due_on),
                            },
                            subject=f"result {code} / {link.indicator.code}",
                            data={"due_on": reading.due_on.isoformat(), "by_office": reading.by_office},
                        )
                    )
                elif ls.verdict.verdict == Verdict.BEHIND:
                    found.append(
                        Finding(
                            rule="results.behind-schedule",
                            article="7.2",
                            severity=WARNING,
                            message=(
                                f"{link.indicator.code} of result {code} is behind schedule "
                                "(progress below the time elapsed minus 0.15)."
                            ),
                            subject=f"result {code} / {link.indicator.code}",
                            data={
                                "p": str(float(ls.verdict.assessment.p)) if ls.verdict.assessment else None,
                                "t": str(float(ls.verdict.assessment.t)) if ls.verdict.assessment else None,
                            },
                        )
                    )
    return found
