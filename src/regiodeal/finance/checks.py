"""The covenant's money rules, computed from the ledger as of a date (`regiodeal check`).

Each check names its rule id (stable: scripts and screens key on it) and the article it enforces.
Maxima, minima and ratios come from the deal version in force on the date, so an amendment
(Art. 4.3, 11) changes them from its effective date and not before.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from regiodeal.common.findings import ERROR, WARNING, Finding, register_check, shared
from regiodeal.common.formatting import day, money, number
from regiodeal.deals.constants import BudgetLineKind
from regiodeal.deals.definition import execution_costs_cap
from regiodeal.deals.selectors import version_in_force
from regiodeal.projects.models import Project

from .amounts import from_cents
from .constants import CENT, NATIONAL_SOURCES, ContributionSector, EntryKind
from .models import CooperationAgreement, ProgrammeBudget
from .selectors import (
    Figures,
    entries_as_of,
    eu_law_overview,
    national_by_project,
    overview,
    spuk_grant,
    spuk_years,
    vat_split,
)
from .selectors import (
    _cents as _sum_cents,
)


def _s(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _overview(deal, on: dt.date):
    """The money overview on `on`: computed once for the checks of one `findings_for` call."""
    return shared(("finance.overview", deal.pk, on), lambda: overview(deal, on))


def _line_subject(f: Figures) -> str:
    return _("begrotingsregel %(code)s") % {"code": f.code} if f.code else _("totaal")


@register_check("finance.national-within-line-maximum")
def national_within_line_maximum(deal, on: dt.date):
    """Art. 4.2, 4.3: national money per line stays within the budget table's maximum, as the
    version in force on `on` has it (an amendment may have changed the split)."""
    ov = _overview(deal, on)
    for f in ov.lines:
        if f.granted > f.maximum:
            excess = f.granted - f.maximum
            yield Finding(
                rule="finance.national-within-line-maximum",
                article="4.2, 4.3",
                severity=ERROR,
                message=_(
                    "Op %(line)s is %(granted)s rijksbijdrage toegekend, %(excess)s meer dan het maximum van "
                    "%(maximum)s (art. 4.2); een andere verdeling vraagt een wijziging van de Regio Deal "
                    "(art. 4.3, 11)."
                )
                % {
                    "line": f.code,
                    "granted": money(f.granted),
                    "excess": money(excess),
                    "maximum": money(f.maximum),
                },
                subject=_line_subject(f),
                data={
                    "line": f.code,
                    "version": ov.version.number,
                    "maximum": _s(f.maximum),
                    "granted": _s(f.granted),
                    "excess": _s(excess),
                },
            )


@register_check("finance.national-within-total")
def national_within_total(deal, on: dt.date):
    """Art. 4.2: at most the reserved national contribution in total (EUR 17.7 million)."""
    ov = _overview(deal, on)
    t = ov.total
    if t.granted > t.maximum:
        excess = t.granted - t.maximum
        yield Finding(
            rule="finance.national-within-total",
            article=ov.version.rules.money_article,
            severity=ERROR,
            message=_(
                "In totaal is %(granted)s rijksbijdrage toegekend, %(excess)s meer dan de gereserveerde "
                "%(maximum)s (art. %(article)s)."
            )
            % {
                "granted": money(t.granted),
                "excess": money(excess),
                "maximum": money(t.maximum),
                "article": ov.version.rules.money_article,
            },
            subject=_("totaal"),
            data={"maximum": _s(t.maximum), "granted": _s(t.granted), "excess": _s(excess)},
        )


def _shortfall(national: Decimal, regional: Decimal, min_ratio: Decimal) -> Decimal:
    required = (national * min_ratio).quantize(CENT, rounding=ROUND_HALF_UP)
    return max(required - regional, Decimal("0.00"))


def _matching(deal, on, *, rule, national_of, regional_of, what):
    """Overweging 3, Art. 4.2 "in totaal", Art. 4.3: regional money matches national money in
    total. A line short of matching is a warning with its shortfall (regional money may sit on
    another line); so is the total while the programme runs; after the end date an unmatched total
    is an error."""
    ov = _overview(deal, on)
    rules = ov.version.rules
    min_ratio = rules.regional_match_min_ratio
    ended = on > ov.version.ends_on
    for f in [*ov.lines, ov.total]:
        severity = ERROR if ended and f is ov.total else WARNING
        national, regional = national_of(f), regional_of(f)
        shortfall = _shortfall(national, regional, min_ratio)
        if shortfall <= 0:
            continue
        r = (regional / national).quantize(CENT, rounding=ROUND_HALF_UP)
        yield Finding(
            rule=rule,
            article=rules.money_article,
            severity=severity,
            message=_(
                "%(what)s op %(subject)s: %(regional)s regionaal tegenover %(national)s van het Rijk "
                "(verhouding %(ratio)s, minimaal %(min)s): %(shortfall)s te weinig regionale financiering "
                "(art. %(article)s, overweging 3)."
            )
            % {
                "what": what,
                "subject": _line_subject(f),
                "regional": money(regional),
                "national": money(national),
                "ratio": number(r, 2),
                "min": number(min_ratio),
                "shortfall": money(shortfall),
                "article": rules.money_article,
            },
            subject=_line_subject(f),
            data={
                "line": f.code or None,
                "national": _s(national),
                "regional": _s(regional),
                "ratio": str(r),
                "min_ratio": str(min_ratio.normalize()),
                "shortfall": _s(shortfall),
            },
        )


@register_check("finance.regional-matches-national-pledged")
def regional_matches_national_pledged(deal, on: dt.date):
    """Art. 4.2, overweging 3: regional pledges at least match the national money granted in
    total (per line: a warning)."""
    yield from _matching(
        deal,
        on,
        rule="finance.regional-matches-national-pledged",
        national_of=lambda f: f.granted,
        regional_of=lambda f: f.pledged,
        what=_("Toezeggingen"),
    )


@register_check("finance.regional-matches-national-spent")
def regional_matches_national_spent(deal, on: dt.date):
    """Art. 4.2: regional money actually spent (or delivered in kind) at least matches national
    money spent in total. While the deal runs spending may catch up (a warning); after its end
    date an unmatched total is an error."""
    yield from _matching(
        deal,
        on,
        rule="finance.regional-matches-national-spent",
        national_of=lambda f: f.national_spent,
        regional_of=lambda f: f.regional_actual,
        what=_("Besteding"),
    )


@register_check("finance.execution-costs-within-share")
def execution_costs_within_share(deal, on: dt.date):
    """Art. 4.2: national money spent on execution costs (VAT) is at most 3% of the national
    contribution of the version in force (its budget table's national total, EUR 17.7m), the base
    the definition check uses too (`deals.definition.execution_costs_cap`), not of the money
    granted so far (which gave false errors early in the deal)."""
    ov = _overview(deal, on)
    rules = ov.version.rules
    share = rules.execution_costs_max_share
    spent = sum((f.national_execution for f in ov.lines), Decimal("0.00"))
    contribution = ov.total.maximum
    allowed = execution_costs_cap(contribution, share)
    if spent > allowed:
        excess = spent - allowed
        pct = number(share * 100)
        yield Finding(
            rule="finance.execution-costs-within-share",
            article=rules.money_article,
            severity=ERROR,
            message=_(
                "%(spent)s rijksbijdrage aan uitvoeringskosten (VAT) is meer dan %(pct)s%% van de "
                "rijksbijdrage van %(contribution)s (%(allowed)s): %(excess)s te veel (art. %(article)s)."
            )
            % {
                "spent": money(spent),
                "pct": pct,
                "contribution": money(contribution),
                "allowed": money(allowed),
                "excess": money(excess),
                "article": rules.money_article,
            },
            subject=_("uitvoeringskosten (VAT)"),
            data={
                "spent": _s(spent),
                "contribution": _s(contribution),
                "max_share": str(share.normalize()),
                "allowed": _s(allowed),
                "excess": _s(excess),
            },
        )


@register_check("finance.spending-after-end-date")
def spending_after_end_date(deal, on: dt.date):
    """Art. 19: the deal ends on its end date; money spent after it is not the deal's."""
    version = version_in_force(deal, on=on)
    late = (
        entries_as_of(deal, on)
        .filter(kind__in=[EntryKind.SPENDING, EntryKind.EXECUTION_COSTS], booked_on__gt=version.ends_on)
        .select_related("project")
        .order_by("booked_on", "id")
    )
    for e in late:
        yield Finding(
            rule="finance.spending-after-end-date",
            article=version.rules.entry_into_force_article,
            severity=ERROR,
            message=_(
                "Boeking #%(id)s (%(amount)s, %(date)s) is uitgegeven na het einde van de Regio Deal op "
                "%(end)s (art. %(article)s)."
            )
            % {
                "id": e.pk,
                "amount": money(e.amount),
                "date": day(e.booked_on),
                "end": day(version.ends_on),
                "article": version.rules.entry_into_force_article,
            },
            subject=_("boeking #%(id)s") % {"id": e.pk},
            data={
                "entry": e.pk,
                "booked_on": e.booked_on.isoformat(),
                "ends_on": version.ends_on.isoformat(),
                "amount": _s(e.amount),
                "project": e.project.code if e.project else None,
            },
        )


@register_check("finance.national-spending-within-allocation")
def national_spending_within_allocation(deal, on: dt.date):
    """Art. 4.2, 5: national money spent on a project stays within what was allocated to it
    (the regiokassier answers for the grant's conditions)."""
    for p in national_by_project(deal, on):
        if p.national_spent > p.allocated:
            excess = p.national_spent - p.allocated
            yield Finding(
                rule="finance.national-spending-within-allocation",
                article="4.2, 5",
                severity=ERROR,
                message=_(
                    "Project %(code)s heeft %(spent)s rijksbijdrage besteed, %(excess)s meer dan de "
                    "toegekende %(allocated)s (art. 4.2, 5)."
                )
                % {
                    "code": p.code,
                    "spent": money(p.national_spent),
                    "excess": money(excess),
                    "allocated": money(p.allocated),
                },
                subject=_("project %(code)s") % {"code": p.code},
                data={
                    "project": p.code,
                    "allocated": _s(p.allocated),
                    "spent": _s(p.national_spent),
                    "excess": _s(excess),
                },
            )


@register_check("finance.spuk-account")
def spuk_account(deal, on: dt.date):
    """Art. 5: the regiokassier accounts for the specific grant every year, by 15 July of the
    next year (SiSa); an account whose figures changed after submission needs a correction."""
    for y in spuk_years(deal, on):
        if y.submitted is None and y.due_on < on:
            yield Finding(
                rule="finance.spuk-account-overdue",
                article="5",
                severity=ERROR,
                message=_(
                    "De verantwoording (SiSa) over %(year)s had uiterlijk %(due)s ingediend moeten zijn "
                    "(art. 5)."
                )
                % {"year": y.year, "due": day(y.due_on)},
                subject=_("SPUK %(year)s") % {"year": y.year},
                data={"year": y.year, "due_on": y.due_on.isoformat()},
            )
        elif y.changed_since_submitted:
            yield Finding(
                rule="finance.spuk-account-changed",
                article="5",
                severity=WARNING,
                message=_(
                    "Na indiening van de verantwoording over %(year)s zijn boekingen in of vóór dat jaar "
                    "gewijzigd: cumulatief nu %(national)s rijksbijdrage en %(regional)s cofinanciering, "
                    "ingediend %(s_national)s en %(s_regional)s (art. 5)."
                )
                % {
                    "year": y.year,
                    "national": money(y.national_spent_cumulative),
                    "regional": money(y.cofinancing_cumulative),
                    "s_national": money(y.submitted.national_spent_cumulative),
                    "s_regional": money(y.submitted.cofinancing_cumulative),
                },
                subject=_("SPUK %(year)s") % {"year": y.year},
                data={"year": y.year},
            )


@register_check("finance.programme-within-line-maximum")
def programme_within_line_maximum(deal, on: dt.date):
    """Bijlage 1 B with Art. 4.2: the yearly programmes together plan no more national money
    on a line than its maximum."""
    version = version_in_force(deal, on=on)
    maxima = {b.code: b.rijk for b in version.budget_lines.all()}
    kinds = {b.code: b.kind for b in version.budget_lines.all()}
    planned: dict[str, Decimal] = {}
    for p in ProgrammeBudget.objects.filter(deal=deal):
        planned[p.budget_line] = planned.get(p.budget_line, Decimal("0.00")) + p.national
    for code, amount in planned.items():
        maximum = maxima.get(code, Decimal("0.00"))
        if amount > maximum:
            excess = amount - maximum
            yield Finding(
                rule="finance.programme-within-line-maximum",
                article="Bijlage 1, 4.2",
                severity=WARNING,
                message=_(
                    "De uitvoeringsprogramma's plannen samen %(planned)s rijksbijdrage op %(line)s, "
                    "%(excess)s meer dan het maximum van %(maximum)s (art. 4.2)."
                )
                % {
                    "planned": money(amount),
                    "line": code,
                    "excess": money(excess),
                    "maximum": money(maximum),
                },
                subject=_("begrotingsregel %(code)s") % {"code": code},
                data={
                    "line": code,
                    "planned": _s(amount),
                    "maximum": _s(maximum),
                    "excess": _s(excess),
                    "execution_costs": kinds.get(code) == BudgetLineKind.EXECUTION_COSTS,
                },
            )


@register_check("finance.cooperation-agreement-recorded")
def cooperation_agreement_recorded(deal, on: dt.date):
    """Art. 4.2, Bijlage 1 A and C: once money moves, the samenwerkingsovereenkomst is recorded
    with the VAT level it fixes (the VAT split divides that level). The covenant gives no date:
    a warning."""
    if not entries_as_of(deal, on).exists():
        return
    if CooperationAgreement.objects.filter(deal=deal, signed_on__lte=on).exists():
        return
    yield Finding(
        rule="finance.cooperation-agreement-recorded",
        article="4.2",
        severity=WARNING,
        message=_(
            "De samenwerkingsovereenkomst is niet vastgelegd: leg onder Financiën → "
            "Samenwerkingsovereenkomst de datum, het bestand en de hoogte van de regionale "
            "uitvoeringskosten (VAT) vast; tot dan "
            "verdeelt het platform het bedrag uit de tabel van het convenant (art. 4.2, bijlage 1)."
        ),
        subject=_("samenwerkingsovereenkomst"),
        data={},
    )


@register_check("finance.vat-contribution-paid")
def vat_contribution_paid(deal, on: dt.date):
    """Art. 4.2: each regional Party transfers its share of the regional execution costs booked
    (pro rata the national money it received) to the regiokassier. Short while the deal runs: a
    warning; after its end date: an error."""
    split = vat_split(deal, on)
    ended = on > version_in_force(deal, on=on).ends_on
    for s in split.shares:
        if s.difference is None or s.difference >= 0:
            continue
        short = -s.difference
        yield Finding(
            rule="finance.vat-contribution-paid",
            article=split.article,
            severity=ERROR if ended else WARNING,
            message=_(
                "%(party)s heeft %(paid)s aan uitvoeringskosten aan de regiokassier betaald; het aandeel "
                "in de geboekte regionale uitvoeringskosten is %(share)s: %(short)s nog te betalen. Leg "
                "de betaling vast onder Verdeling uitvoeringskosten (art. %(article)s)."
            )
            % {
                "party": s.name,
                "paid": money(s.paid),
                "share": money(s.actual),
                "short": money(short),
                "article": split.article,
            },
            subject=_("Partij %(code)s") % {"code": s.code},
            data={"party": s.code, "share": _s(s.actual), "paid": _s(s.paid), "short": _s(short)},
        )


@register_check("finance.spuk-decision")
def spuk_decision(deal, on: dt.date):
    """Art. 5: the regiokassier answers for the specific grant: its beschikking is recorded once
    national money is booked, and VRO's payments stay within what the beschikkingen grant."""
    grant = spuk_grant(deal, on)
    national = entries_as_of(deal, on).filter(
        kind__in=[EntryKind.NATIONAL_ALLOCATION, EntryKind.EXECUTION_COSTS], funding="national"
    )
    if not grant.decisions and national.exists():
        yield Finding(
            rule="finance.spuk-decision-recorded",
            article="5",
            severity=WARNING,
            message=_(
                "Er is rijksbijdrage geboekt, maar de beschikking van de specifieke uitkering (SPUK) is niet "
                "vastgelegd: leg datum, kenmerk, bedrag en bestand vast onder SPUK-verantwoording (art. 5)."
            ),
            subject=_("SPUK-beschikking"),
            data={},
        )
    if grant.received > grant.decided:
        excess = grant.received - grant.decided
        yield Finding(
            rule="finance.spuk-received-within-decision",
            article="5",
            severity=ERROR,
            message=_(
                "Van VRO is %(received)s ontvangen, %(excess)s meer dan de beschikkingen verlenen "
                "(%(decided)s): leg de gewijzigde beschikking vast of corrigeer de ontvangst (art. 5)."
            )
            % {"received": money(grant.received), "excess": money(excess), "decided": money(grant.decided)},
            subject=_("SPUK-beschikking"),
            data={"received": _s(grant.received), "decided": _s(grant.decided), "excess": _s(excess)},
        )


@register_check("finance.money-follows-pillar")
def money_follows_pillar(deal, on: dt.date):
    """Art. 4.1: the Parties spend the money on the goals and interventions of Art. 1-3, so money
    booked on a pillar's budget line goes to a project on that pillar. A project with money on a
    pillar line it is not linked to is named with the line and the amount (a warning: either
    the booking's line or the project's pillars are wrong)."""
    version = version_in_force(deal, on=on)
    line_pillar = {
        b.code: b.pillar.code
        for b in version.budget_lines.select_related("pillar")
        if b.pillar_id is not None
    }
    rows = (
        entries_as_of(deal, on)
        .filter(project__isnull=False, budget_line__in=list(line_pillar))
        .values_list("project_id", "budget_line")
        .annotate(cents=_sum_cents())
        .order_by()
    )
    pairs = [(pid, line, cents) for pid, line, cents in rows if cents]
    if not pairs:
        return
    projects = {
        p.pk: p
        for p in Project.objects.filter(pk__in={pid for pid, _l, _c in pairs}).prefetch_related("pillars")
    }
    for pid, line, cents in sorted(pairs, key=lambda r: (projects[r[0]].code, r[1])):
        project = projects[pid]
        pillars = sorted({p.code for p in project.pillars.all()})
        if line_pillar[line] in pillars:
            continue
        amount = from_cents(cents)
        yield Finding(
            rule="finance.money-follows-pillar",
            article="4.1",
            severity=WARNING,
            message=_(
                "Project %(project)s heeft %(amount)s op begrotingsregel %(line)s (pijler %(pillar)s), maar "
                "hoort niet bij die pijler (pijlers van het project: %(pillars)s). Boek op de regel van een "
                "pijler van het project, of voeg de pijler aan het project toe (art. 4.1)."
            )
            % {
                "project": project.code,
                "amount": money(amount),
                "line": line,
                "pillar": line_pillar[line],
                "pillars": ", ".join(pillars) or _("geen"),
            },
            subject=_("project %(code)s") % {"code": project.code},
            data={
                "project": project.code,
                "line": line,
                "pillar": line_pillar[line],
                "project_pillars": pillars,
                "amount": _s(amount),
            },
        )


@register_check("finance.regional-public-source")
def regional_public_source(deal, on: dt.date):
    """The Begripsbepaling with Art. 4.2: regional public financing is "niet zijnde een specifieke
    uitkering, opdracht of subsidie van het Rijk". Each public regional contribution records its
    source; one whose source is such national money does not count as regional money (an error,
    per contribution); contributions without a recorded source are listed (a warning)."""
    contributions = (
        entries_as_of(deal, on)
        .filter(
            kind=EntryKind.REGIONAL_CONTRIBUTION,
            sector=ContributionSector.PUBLIC,
            reverses__isnull=True,
        )
        .exclude(reversed_by__booked_on__lte=on)
        .select_related("organisation", "public_source")
        .order_by("booked_on", "id")
    )
    unrecorded = []
    for e in contributions:
        src = getattr(e, "public_source", None)
        if src is None:
            unrecorded.append(e)
            continue
        if src.source not in NATIONAL_SOURCES:
            continue
        yield Finding(
            rule="finance.regional-public-not-national",
            article="Begripsbepaling, 4.2",
            severity=ERROR,
            message=_(
                "Bijdrage #%(id)s van %(org)s (%(amount)s) komt uit een %(source)s: dat is geen regionale "
                "publieke financiering (begripsbepaling, art. 4.2). Corrigeer de boeking of vervang de "
                "bijdrage door eigen middelen."
            )
            % {
                "id": e.pk,
                "org": e.organisation.name if e.organisation else "",
                "amount": money(e.amount),
                "source": src.get_source_display(),
            },
            subject=_("boeking #%(id)s") % {"id": e.pk},
            data={
                "entry": e.pk,
                "organisation": e.organisation.code if e.organisation else None,
                "amount": _s(e.amount),
                "source": src.source,
            },
        )
    if unrecorded:
        ids = ", ".join(f"#{e.pk}" for e in unrecorded[:10])
        more = len(unrecorded) - 10
        yield Finding(
            rule="finance.regional-public-source-recorded",
            article="Begripsbepaling, 4.2",
            severity=WARNING,
            message=_(
                "Van %(count)s publieke regionale bijdragen is de herkomst niet vastgelegd "
                "(%(ids)s%(more)s): leg op de pagina van elke boeking vast waar het geld vandaan komt "
                "(begripsbepaling)."
            )
            % {
                "count": len(unrecorded),
                "ids": ids,
                "more": (_(" en %(n)s meer") % {"n": more}) if more > 0 else "",
            },
            subject=_("publieke regionale bijdragen"),
            data={"entries": [e.pk for e in unrecorded], "count": len(unrecorded)},
        )


@register_check("finance.eu-law-recorded")
def eu_law_recorded(deal, on: dt.date):
    """Art. 9: the measures are carried out in line with EU law (procurement, state aid): for
    every project with national money the procurement route and the state-aid basis (de-minimis,
    an AGVV/GBER article, or not aid) are recorded, for the project or for each allocation."""
    for row in eu_law_overview(deal, on):
        missing = row.missing
        if not missing:
            continue
        yield Finding(
            rule="finance.eu-law-recorded",
            article="9",
            severity=WARNING,
            message=_(
                "Van project %(project)s zijn de aanbesteding en de staatssteungrondslag niet vastgelegd "
                "(toekenningen %(entries)s, samen %(amount)s): leg ze vast onder Financiën → Unierecht "
                "(art. 9)."
            )
            % {
                "project": row.project.code,
                "entries": ", ".join(f"#{e.pk}" for e in missing),
                "amount": money(sum((e.amount for e in missing), Decimal("0.00"))),
            },
            subject=_("project %(code)s") % {"code": row.project.code},
            data={"project": row.project.code, "entries": [e.pk for e in missing]},
        )


@register_check("finance.money-totals-match-ledger")
def money_totals_match_ledger(deal, on: dt.date):
    """Art. 4.2, 5: the figures of every money screen come from the money totals kept when an
    entry is written (finance/totals.py); they must equal the ledger summed afresh. A difference
    means an entry was written past the services (run `regiodeal money-totals --rebuild`)."""
    from . import totals

    for (_deal, line, year), have, want in totals.differences([deal.pk]):
        yield Finding(
            rule="finance.money-totals-match-ledger",
            article="4.2, 5",
            severity=ERROR,
            message=_(
                "De geldtotalen van %(line)s in %(year)s wijken af van het grootboek: opgeteld uit de "
                "boekingen %(want)s, bewaard %(have)s. Maak ze opnieuw met "
                "`regiodeal money-totals --rebuild`."
            )
            % {
                "line": line,
                "year": year,
                "want": money(from_cents(want["national_spent"] + want["allocated"])),
                "have": money(from_cents(have["national_spent"] + have["allocated"])),
            },
            subject=_("begrotingsregel %(code)s") % {"code": line},
            data={"line": line, "year": year, "stored": have, "ledger": want},
        )
    for (_deal, project, organisation, line), have, want in totals.project_differences([deal.pk]):
        yield Finding(
            rule="finance.money-totals-match-ledger",
            article="4.2, 5",
            severity=ERROR,
            message=_(
                "De geldtotalen per project van %(line)s wijken af van het grootboek: opgeteld uit de "
                "boekingen %(want)s, bewaard %(have)s. Maak ze opnieuw met "
                "`regiodeal money-totals --rebuild`."
            )
            % {
                "line": line,
                "want": money(from_cents(want["national_spent"] + want["allocated"])),
                "have": money(from_cents(have["national_spent"] + have["allocated"])),
            },
            subject=_("begrotingsregel %(code)s") % {"code": line},
            data={
                "line": line,
                "project": project,
                "organisation": organisation,
                "stored": have,
                "ledger": want,
            },
        )
