"""Writing example values through the apps' services: every value by the call a screen would
make, so every rule and the audit trail apply as they would to real data (the other writer,
`bulk.py`, writes the large tables as rows for the benchmarks' millions)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from regiodeal.audit.services import Actor
from regiodeal.deals import models as dm
from regiodeal.demo import values as v


def write_signatures(*, deal: dm.Deal, actor: Actor, signatures: list[v.Signature]) -> int:
    """The Parties' signatures not there yet, through `signature_record` (Art. 19)."""
    from regiodeal.governance.services import signature_record

    signed = set(deal.signatures.values_list("organisation__code", flat=True))
    orgs = {o.code: o for o in deal.organisations.all()}
    written = 0
    for s in signatures:
        if s.organisation not in signed:
            signature_record(actor=actor, deal=deal, organisation=orgs[s.organisation], signed_on=s.signed_on)
            written += 1
    return written


def write_through_services(
    *, deal: dm.Deal, version: dm.DealVersion, actor: Actor, portfolio: v.Portfolio, today: dt.date
) -> Counter[str]:
    """Write a portfolio through the services, in the order a programme office would; returns the
    counts of what was written. The caller holds the transaction."""
    counts: Counter[str] = Counter()
    write_signatures(deal=deal, actor=actor, signatures=portfolio.signatures)
    orgs = {o.code: o for o in deal.organisations.all()}
    _projects(deal, version, actor, portfolio.projects, orgs, counts)
    _money(deal, actor, portfolio, counts)
    write_spuk_accounts(deal=deal, actor=actor, portfolio=portfolio)
    indicators = write_indicator_links(deal=deal, version=version, actor=actor, portfolio=portfolio)
    _measurements(deal, actor, portfolio.measurements, indicators, counts)
    write_governance(deal=deal, version=version, actor=actor, portfolio=portfolio, today=today, counts=counts)
    write_reports(deal=deal, actor=actor, portfolio=portfolio, counts=counts)
    return counts


def _projects(deal, version, actor, projects: list[v.Project], orgs, counts) -> None:
    from regiodeal.projects.services import milestone_add, project_create, project_transition, risk_add

    def by_code(queryset):
        return {x.code: x for x in queryset}

    pillars, results = by_code(version.pillars.all()), by_code(version.results.all())
    objectives, areas = by_code(version.objectives.all()), by_code(version.areas.all())
    groups, sectors = by_code(version.groups.all()), by_code(version.sectors.all())
    for p in projects:
        project = project_create(
            actor=actor,
            deal=deal,
            code=p.code,
            title=p.title,
            lead=orgs[p.lead],
            description=p.description,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            residents_participation=p.residents_participation,
            credits_rijk_regio=p.credits_rijk_regio,
            credits_evidence=p.credits_evidence,
            is_example=True,
            pillars=[pillars[c] for c in p.pillars],
            objectives=[objectives[c] for c in p.objectives],
            results=[results[c] for c in p.results],
            areas=[areas[c] for c in p.areas],
            groups=[groups[c] for c in p.groups],
            sectors=[sectors[c] for c in p.sectors],
            participants=[orgs[c] for c in p.participants],
        )
        for step in p.path:
            project_transition(actor=actor, project=project, to_status=step.to_status, reason=step.reason)
        for m in p.milestones:
            milestone_add(actor=actor, project=project, title=m.title, due_on=m.due_on)
        for r in p.risks:
            risk_add(
                actor=actor,
                project=project,
                description=r.description,
                likelihood=r.likelihood,
                impact=r.impact,
                mitigation=r.mitigation,
            )
        counts["projects"] += 1


def _money(deal, actor, portfolio: v.Portfolio, counts) -> None:
    from regiodeal.finance.services import entry_record, programme_budget_set

    for entry in portfolio.entries:
        entry_record(actor=actor, deal=deal, draft=entry.draft())
        counts["ledger_entries"] += 1
    for b in portfolio.budgets:
        programme_budget_set(
            actor=actor,
            deal=deal,
            year=b.year,
            budget_line=b.budget_line,
            national=b.national,
            regional=b.regional,
            note=b.note,
        )


def write_spuk_accounts(*, deal: dm.Deal, actor: Actor, portfolio: v.Portfolio) -> None:
    """The SPUK accounts of the years past (Art. 5)."""
    from regiodeal.finance.services import spuk_account_submit

    for year, submitted_on in portfolio.spuk_years:
        spuk_account_submit(actor=actor, deal=deal, year=year, submitted_on=submitted_on)


def write_indicator_links(
    *, deal: dm.Deal, version: dm.DealVersion, actor: Actor, portfolio: v.Portfolio
) -> dict:
    """`results_setup`, the baselines of the covenant's targets, the catalogue indicators linked to
    results; returns the indicators measured, by code."""
    from regiodeal.results.models import Indicator, ResultIndicator
    from regiodeal.results.services import result_indicator_create, result_indicator_update, results_setup

    results_setup(actor=actor, deal=deal)
    links = list(ResultIndicator.objects.filter(deal=deal).select_related("indicator"))
    baselines = {b.indicator: b for b in portfolio.baselines}
    for link in links:
        b = baselines.get(link.indicator.code)
        if b is not None and link.baseline_value is None:
            result_indicator_update(
                actor=actor,
                link=link,
                expected_version=None,
                baseline_value=b.value,
                baseline_on=b.on,
                baseline_source=b.source,
            )
    indicators = {link.indicator.code: link.indicator for link in links}
    results = {r.code: r for r in version.results.all()}
    catalogue = {
        i.code: i
        for i in Indicator.objects.filter(deal=None, code__in=[x.indicator for x in portfolio.links])
    }
    for x in portfolio.links:
        indicators[x.indicator] = catalogue[x.indicator]
        result_indicator_create(
            actor=actor,
            deal=deal,
            result=results[x.result],
            indicator=catalogue[x.indicator],
            target_kind=x.target_kind,
            target_value=x.target_value,
            target_on=x.target_on,
            baseline_value=x.baseline_value,
            baseline_on=x.baseline_on,
            baseline_source=x.source,
        )
    return indicators


def _measurements(deal, actor, measurements: list[v.Measurement], indicators: dict, counts) -> None:
    from regiodeal.results.services import measurement_record

    for m in measurements:
        extra = {"area_code": m.area_code, "area_name": m.area_name} if m.area_code else {}
        measurement_record(
            actor=actor,
            deal=deal,
            indicator=indicators[m.indicator],
            value=m.value,
            on=m.on,
            source=m.source,
            **extra,
        )
        counts["measurements"] += 1


def write_governance(
    *,
    deal: dm.Deal,
    version: dm.DealVersion,
    actor: Actor,
    portfolio: v.Portfolio,
    today: dt.date,
    counts: Counter,
) -> None:
    """The overleg's meetings with decisions and actions, the obligations done, the register."""
    from regiodeal.governance.selectors import obligations
    from regiodeal.governance.services import (
        action_add,
        decision_add,
        meeting_create,
        obligation_fulfil,
        register_item_create,
    )

    orgs = {o.code: o for o in deal.organisations.all()}
    members = list(version.rules.overleg_members.all())
    for m in portfolio.meetings:
        meeting = meeting_create(
            actor=actor,
            deal=deal,
            held_on=m.held_on,
            attendees=members,
            title=m.title,
            location=m.location,
            agenda=m.agenda,
            minutes=m.minutes,
        )
        for text in m.decisions:
            decision_add(actor=actor, meeting=meeting, text=text)
        for a in m.actions:
            action_add(
                actor=actor, meeting=meeting, description=a.description, owner=orgs[a.owner], due_on=a.due_on
            )
        counts["meetings"] += 1
    for o in obligations(deal, today):
        prefix = next((p for p in portfolio.evidence if o.key.startswith(p)), None)
        if o.manual and prefix and o.due_on <= today and o.done_on is None:
            obligation_fulfil(
                actor=actor,
                deal=deal,
                key=o.key,
                done_on=min(o.due_on, today),
                evidence=portfolio.evidence[prefix],
            )
    for r in portfolio.register:
        register_item_create(
            actor=actor,
            deal=deal,
            kind=r.kind,
            title=r.title,
            description=r.description,
            raised_by=orgs[r.raised_by],
            raised_on=r.raised_on,
            mitigation=r.mitigation,
        )


def write_reports(*, deal: dm.Deal, actor: Actor, portfolio: v.Portfolio, counts: Counter) -> None:
    from regiodeal.reporting.services import report_finalise, report_generate, report_send, report_submit

    for r in portfolio.reports:
        report = report_generate(actor=actor, deal=deal, year=r.year, lessons=r.lessons)
        report_send(actor=actor, report=report, sent_on=r.sent_on, note=r.sent_note)
        report_finalise(actor=actor, report=report, note=r.final_note)
        report_submit(actor=actor, report=report, submitted_on=r.submitted_on, note=r.submitted_note)
        counts["reports"] += 1
