"""The yearly progress report is a pair of dated duties (Art. 7.3) that reporting keeps: the
report's own dates are the evidence in the obligations calendar (common.obligations)."""

from __future__ import annotations

from regiodeal.common.obligations import Evidence, register_evidence

from .models import Report


def _report(deal, year: int):
    return Report.objects.filter(deal=deal, year=year - 1).first()


@register_evidence("voortgang-concept")
def draft_sent_evidence(deal, year: int) -> Evidence | None:
    """`voortgang-concept-2026`: the draft on 2025 to the Parties."""
    report = _report(deal, year)
    if report is None or report.sent_on is None:
        return None
    return Evidence(report.sent_on, f"Concept over {year - 1} voorgelegd aan de Partijen op {report.sent_on}")


@register_evidence("voortgang-vro")
def report_submitted_evidence(deal, year: int) -> Evidence | None:
    """`voortgang-vro-2026`: the report on 2025 submitted to VRO."""
    report = _report(deal, year)
    if report is None or report.submitted_on is None:
        return None
    return Evidence(
        report.submitted_on,
        f"Voortgangsrapportage over {year - 1} ingediend bij VRO op {report.submitted_on}",
    )
