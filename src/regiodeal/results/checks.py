"""`regiodeal check` findings for results (Art. 3, Art. 7.1, Art. 7.2.B)."""

from __future__ import annotations

import datetime as dt

from regiodeal.common.findings import ERROR, WARNING, Finding, register_check
from regiodeal.deals.selectors import version_in_force

from .selectors import dashboard
from .verdict import Verdict


@register_check("results.measurable")
def results_measurable(deal, on: dt.date):
    """Every intended result needs an indicator, and every indicator target a baseline once the
    date for describing the beginsituatie has passed (Art. 7.1)."""
    try:
        version = version_in_force(deal, on)
    except Exception:  # a deal without a version has nothing to measure
        return []
    rules = version.rules
    board = dashboard(deal=deal, on=on, with_projects=False, latest_only=True)
    found = []
    for pillar in board.pillars:
        for rs in pillar.results:
            code = rs.result.code
            if not rs.links:
                found.append(
                    Finding(
                        rule="results.result-without-indicator",
                        article="7.2",
                        severity=WARNING,
                        message=(
                            f"Intended result {code} has no indicator, so the yearly report cannot say "
                            "whether it is on schedule (art. 7.2.B)."
                        ),
                        subject=f"result {code}",
                    )
                )
            for ls in rs.links:
                link = ls.link
                if link.baseline_value is None and on > rules.baseline_due_on:
                    found.append(
                        Finding(
                            rule="results.baseline-missing",
                            article=rules.evaluation_article,
                            severity=ERROR,
                            message=(
                                f"No baseline for {link.indicator.code} of result {code}: the beginsituatie "
                                f"was to be described by {rules.baseline_due_label} "
                                f"({rules.baseline_due_on.isoformat()}, art. {rules.evaluation_article})."
                            ),
                            subject=f"result {code} / {link.indicator.code}",
                            data={"due_on": rules.baseline_due_on.isoformat()},
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
