"""The ministry's portfolio view (Art. 20.2: VRO reports on the portfolio of Regio
Deals): every deal the account may see, side by side: national money granted and spent, whether
each year's progress report reached the ministry on time (Art. 7.3), and the verdicts.

Internal, not public: it reads finance and results directly (a Party sees what is confidential
towards third parties). Who sees it: the ministry (RECEIVE_REPORTS, every deal) and a programme
office (MANAGE_REPORT, their own deal). Reports come from the reporting app
(`reporting.selectors.public_reports_of`, through `portal/selectors.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.common import dataversion as dv
from regiodeal.common.formatting import day
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import deal_list, entries_into_force

from .selectors import public_reports_of


@dataclass
class ReportYear:
    year: int
    due_on: dt.date
    submitted_on: dt.date | None
    # on_time, late, overdue (due and not submitted) or pending (not yet due), on the day the row
    # is made (a row is cached under its deal's data version, which has the date in it).
    state: str = field(init=False)

    def __post_init__(self):
        if self.submitted_on is not None:
            self.state = "on_time" if self.submitted_on <= self.due_on else "late"
        else:
            self.state = "overdue" if timezone.localdate() > self.due_on else "pending"

    @property
    def text(self) -> str:
        """The state in the reader's language, with its dates: "op tijd ingediend (2 juli 2026)".
        Made here, not in the template: the portfolio shows some 150 of them, and four
        `blocktranslate` branches per report (the state worked out in each) were a quarter of the
        page's rendering."""
        due, submitted = day(self.due_on), day(self.submitted_on)
        if self.state == "on_time":
            return _("op tijd ingediend (%(d)s)") % {"d": submitted}
        if self.state == "late":
            return _("te laat ingediend (%(d)s, uiterlijk %(due)s)") % {"d": submitted, "due": due}
        if self.state == "overdue":
            return _("niet ingediend (uiterlijk %(due)s)") % {"due": due}
        return _("nog niet nodig (uiterlijk %(due)s)") % {"due": due}


@dataclass
class PortfolioRow:
    deal: dm.Deal
    name: str
    status: str  # not_in_force, in_force, ended (deals.selectors.STATUS_LABELS)
    national_maximum: Decimal
    national_granted: Decimal
    national_spent: Decimal
    regional_pledged: Decimal
    regional_actual: Decimal
    verdict: str
    pillars: list[tuple[str, str, str]]  # code, short name, verdict
    reports: list[ReportYear] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        """In the reader's language: the rows are cached for every language."""
        from regiodeal.deals.selectors import STATUS_LABELS

        return str(STATUS_LABELS[self.status])

    @property
    def spent_share(self) -> Decimal | None:
        if not self.national_maximum:
            return None
        return (self.national_spent / self.national_maximum * 100).quantize(Decimal("0.1"))


def _reports(version: dm.DealVersion, starts_on: dt.date | None, submitted_reports) -> list[ReportYear]:
    """Art. 7.3: the report on year Y reaches the ministry before MM-DD (15 July) of Y+1."""
    submitted = {r.year: r.submitted_on for r in submitted_reports}
    if starts_on is None:
        return []
    month, day = (int(x) for x in version.rules.report_to_ministry_before.split("-"))
    today = timezone.localdate()
    years = []
    for year in range(starts_on.year, min(today.year, version.ends_on.year) + 1):
        years.append(ReportYear(year, dt.date(year + 1, month, day), submitted.get(year)))
    return years


def _versions_in_force(deals: list[dm.Deal], on: dt.date) -> dict[int, dm.DealVersion]:
    """`deals.selectors.version_in_force` for several deals in one query: for each deal the
    newest version whose effective date has come (version 1 has none of its own)."""
    found: dict[int, dm.DealVersion] = {}
    for version in (
        dm.DealVersion.objects.filter(deal__in=deals)
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        .defer("source_text", "content")
        .select_related("rules")
        .prefetch_related("budget_lines")
        .order_by("deal_id", "-number")
    ):
        found.setdefault(version.deal_id, version)
    return found


# What a row is computed from (common/dataversion.py): a write of another kind leaves it cached.
# Not the projects: the money comes from the money totals, the verdicts from the results' links
# and measurements, and a row shows no project.
ROW_KINDS = (dv.COVENANT, dv.MONEY, dv.RESULTS, dv.REPORTS)


def portfolio_rows(user) -> list[PortfolioRow] | None:
    """None when the account may not see the portfolio at all. Each deal's row is cached under
    that deal's data version (common/dataversion.py: a write of its money, results, projects,
    reports or covenant, and the date, make a new one), so a write in one deal makes one row be
    computed again, not all of them; the rows missing are computed together."""
    deals = [
        d
        for d in deal_list()
        if can(user, Capability.RECEIVE_REPORTS, d) or can(user, Capability.MANAGE_REPORT, d)
    ]
    if not deals:
        return None
    rows = dv.cached_per_deal(
        deals,
        "portfolio:row",
        lambda missing: {row.deal.pk: row for row in _build_rows(missing)},
        kinds=ROW_KINDS,
    )
    return [rows[d.pk] for d in deals]


def _build_rows(deals: list[dm.Deal]) -> list[PortfolioRow]:
    """Every deal's money, versions and verdicts are read for all deals at once; what remains per
    deal is its entry into force (signatures), its submitted reports and its latest measurements."""
    from regiodeal.finance.selectors import Figures, totals_by_deal
    from regiodeal.results.selectors import dashboards

    today = timezone.localdate()
    versions = _versions_in_force(deals, today)
    money = totals_by_deal(deals, today)
    boards = dashboards(versions=versions, on=today)
    forces = entries_into_force(deals, versions)
    submitted = public_reports_of(deals)
    rows = []
    for deal in deals:
        version = versions[deal.pk]
        force = forces[deal.pk]
        total = money.get(deal.pk) or Figures(code="")
        board = boards[deal.pk]
        reports = _reports(version, force.starts_on, submitted[deal.pk])
        rows.append(
            PortfolioRow(
                deal=deal,
                name=version.name,
                status=force.status(),
                national_maximum=sum((b.rijk for b in version.budget_lines.all()), Decimal("0.00")),
                national_granted=total.granted,
                national_spent=total.national_spent,
                regional_pledged=total.pledged,
                regional_actual=total.regional_actual,
                verdict=str(board.rollup.verdict),
                pillars=[(p.pillar.code, p.pillar.short_name, str(p.rollup.verdict)) for p in board.pillars],
                reports=reports,
            )
        )
    return rows
