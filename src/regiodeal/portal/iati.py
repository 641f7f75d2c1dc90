"""The deal as an IATI 2.03 activity file (docs/standards.md says what each
element holds). The deal is the parent activity, each public project a child. Everything is read
through portal/selectors.py, so the file leaves out what every public output leaves out
(disclosure/public.py: confidential projects and entries, Art. 10; the Partners' contributions
one by one, Art. 10.2).

Transactions are the public ledger summed per activity, IATI transaction type, year and
organisation (docs/standards.md "Transactions"): a reader can add them up per type and year and
find the public ledger to the cent (tested).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from lxml import etree

from regiodeal.deals import models as dm
from regiodeal.deals.constants import AreaKind
from regiodeal.deals.selectors import deal_entry_into_force, version_in_force_cached
from regiodeal.disclosure.public import EXCLUSION_NOTE
from regiodeal.finance.constants import ContributionStatus, EntryKind, Funding

from . import selectors as public
from .opendata import _path

IATI_VERSION = "2.03"
SRC_LEDGER_EXCL = _("grootboek van de regiokassier, excl. vertrouwelijke projecten (art. 10)")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI codelists (https://iatistandard.org/en/iati-standard/203/codelists/).
ORG_TYPE_GOVERNMENT = "10"
ORG_TYPE_LOCAL_GOVERNMENT = "11"
ROLE_FUNDING, ROLE_EXTENDING, ROLE_IMPLEMENTING = "1", "3", "4"
# The ledger's kinds of money as IATI transaction types (docs/standards.md).
TX_INCOMING_FUNDS = "1"
TX_OUTGOING_COMMITMENT = "2"
TX_EXPENDITURE = "4"
TX_INCOMING_PLEDGE = "13"


def transaction_type(kind: str, status: str) -> str:
    """The IATI TransactionType of a ledger entry (docs/standards.md "Transactions")."""
    if kind == EntryKind.NATIONAL_ALLOCATION:
        return TX_OUTGOING_COMMITMENT
    if kind == EntryKind.REGIONAL_CONTRIBUTION:
        return TX_INCOMING_PLEDGE if status == ContributionStatus.PLEDGED else TX_INCOMING_FUNDS
    return TX_EXPENDITURE  # spending and execution costs (VAT)


TX_DESCRIPTIONS = {
    (EntryKind.NATIONAL_ALLOCATION, ""): "Toekenning rijksbijdrage",
    (EntryKind.REGIONAL_CONTRIBUTION, ContributionStatus.PLEDGED): "Regionale bijdrage toegezegd",
    (EntryKind.REGIONAL_CONTRIBUTION, ContributionStatus.PAID): "Regionale bijdrage betaald of geleverd",
    (EntryKind.SPENDING, Funding.NATIONAL): "Besteding ten laste van de rijksbijdrage",
    (EntryKind.SPENDING, Funding.REGIONAL): "Besteding ten laste van de regionale financiering",
    (EntryKind.EXECUTION_COSTS, Funding.NATIONAL): "Uitvoeringskosten (VAT) ten laste van de rijksbijdrage",
    (
        EntryKind.EXECUTION_COSTS,
        Funding.REGIONAL,
    ): "Uitvoeringskosten (VAT) ten laste van de regionale financiering",
}

# Project status -> IATI ActivityStatus (1 pipeline, 2 implementation, 4 closed, 5 cancelled).
PROJECT_STATUS = {"approved": "1", "running": "2", "completed": "4", "stopped": "5"}
DEAL_STATUS = {"not_in_force": "1", "in_force": "2", "ended": "4"}


# The IATI file in the data dictionary of the open-data page (docs/standards.md has the details).
DICTIONARY = (
    (
        "iati-activity",
        _("de deal (hiërarchie 1) en elk openbaar project (hiërarchie 2)"),
        _("het convenant en het projectregister"),
    ),
    (
        "participating-org",
        _(
            "ministerie VRO financiert (1), regiokassier voert uit namens (3), Partners en trekkers "
            "voeren uit (4); met OIN of KvK-nummer"
        ),
        _("het convenant en de instellingen van de deal"),
    ),
    (
        "budget",
        _("begroting per jaar, rijksbijdrage en regionale financiering samen"),
        _("het uitvoeringsprogramma (Bijlage 1 B)"),
    ),
    (
        "transaction",
        _(
            "toekenningen (2), regionale bijdragen toegezegd (13) of betaald (1) en bestedingen (4), "
            "opgeteld per jaar"
        ),
        SRC_LEDGER_EXCL,
    ),
    (
        "result",
        _("beoogde resultaten met indicator, nulmeting, streefwaarde en laatste meting"),
        _("monitoring (art. 7)"),
    ),
    ("location", _("gemeenten en wijken met hun CBS-code"), _("het convenant (gebied)")),
    (
        "document-link",
        _("de openbare voortgangsrapportages en de pagina's op deze site"),
        _("ingediende rapportages (art. 7.2-7.3)"),
    ),
)


class IatiUnavailable(Exception):
    """The regiokassier (the reporting organisation) has no organisation identifier yet."""


def reporting_org(deal: dm.Deal) -> public.PublicOrganisation:
    """The regiokassier as the public sees it; IatiUnavailable while `available` says no."""
    version = public.public_deal_version(deal)
    if not available(deal):
        raise IatiUnavailable(version.regiokassier.code if version.regiokassier_id else "")
    return next(o for o in public.public_organisations(deal) if o.code == version.regiokassier.code)


def available(deal: dm.Deal) -> bool:
    """Whether the deal can be published in IATI: its regiokassier, the reporting organisation
    and one of the covenant's Parties (Art. 5), has an organisation identifier (`reporting_org`).
    Read from the version in force as this process keeps it, with its regiokassier: the public
    API's list asks it of every deal, and reading the covenant's content for it took 18 queries
    and 75 ms a deal cold."""
    version = version_in_force_cached(deal)
    return version.regiokassier_id is not None and bool(version.regiokassier.iati_ref)


def _sub(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(
        parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items() if v not in (None, "")}
    )
    if text is not None:
        el.text = text
    return el


def _narrative(parent, tag: str | None, text: str, text_en: str = "", **attrs):
    el = _sub(parent, tag, **attrs) if tag else parent
    _sub(el, "narrative", text or "-")
    if text_en:
        _sub(el, "narrative", text_en).set(XML_LANG, "en")
    return el


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _org(parent, tag: str, org: public.PublicOrganisation | None, name: str = "", **attrs):
    el = _sub(parent, tag, ref=org.iati_ref if org else "", **attrs)
    _sub(el, "narrative", org.name if org else name)
    return el


def _org_type(org: public.PublicOrganisation) -> str:
    if org.role == "rijk":
        return ORG_TYPE_GOVERNMENT
    if org.role == "regio":
        return ORG_TYPE_LOCAL_GOVERNMENT
    return ""  # a Partner: the platform does not know its kind


def _location(parent, name: str, cbs: str, kind: str) -> None:
    loc = _sub(parent, "location", ref=cbs)
    _sub(loc, "location-reach", code="1")  # the activity happens here
    _narrative(loc, "name", name)
    _sub(loc, "exactness", code="2")  # approximate: an area, not a point
    _sub(loc, "location-class", code="1")  # administrative region
    _sub(loc, "feature-designation", code="ADM2" if kind == AreaKind.GEMEENTE else "PPLX")


def _absolute(base_url: str, path: str) -> str:
    return path if path.startswith(("http://", "https://")) else base_url + path


def build(deal: dm.Deal, *, base_url: str | None = None, generated: dt.datetime | None = None) -> bytes:
    """The IATI activity file of the deal (UTF-8 XML). Raises IatiUnavailable while the
    regiokassier has no organisation identifier."""
    with translation.override("nl"):  # the covenant's language, whoever asks
        return _build(deal, base_url=base_url, generated=generated)


def _build(deal: dm.Deal, *, base_url: str | None, generated: dt.datetime | None) -> bytes:
    base_url = (base_url or settings.BASE_URL).rstrip("/")
    generated = (generated or timezone.now()).replace(microsecond=0)
    stamp = generated.isoformat()
    reporter = reporting_org(deal)
    version = public.public_deal_version(deal)
    orgs = {o.code: o for o in public.public_organisations(deal)}
    entry = deal_entry_into_force(deal, version)
    projects = public.public_projects(deal)
    links = public.public_project_links(deal)
    cbs = public.public_area_cbs_codes(deal)
    parent_id = f"{reporter.iati_ref}-{deal.slug}"

    def child_id(code: str) -> str:
        return f"{parent_id}-{code}"

    root = etree.Element("iati-activities", version=IATI_VERSION, **{"generated-datetime": stamp})
    root.append(etree.Comment(" Regio Deal platform: docs/standards.md; " + str(EXCLUSION_NOTE) + " "))

    def activity(identifier: str, hierarchy: int) -> etree._Element:
        act = _sub(
            root, "iati-activity", last_updated_datetime=stamp, default_currency="EUR", hierarchy=hierarchy
        )
        act.set(XML_LANG, "nl")
        _sub(act, "iati-identifier", identifier)
        rep = _sub(act, "reporting-org", ref=reporter.iati_ref, type=ORG_TYPE_LOCAL_GOVERNMENT)
        _sub(rep, "narrative", reporter.name)
        return act

    # The ministry that funds (VRO: the Regio Deals' budget); a deal without it names every Rijk
    # Party as funding.
    funders = [orgs["VRO"]] if "VRO" in orgs else [o for o in orgs.values() if o.role == "rijk"]

    def funding_and_extending(act) -> None:
        for org in funders:
            _org(act, "participating-org", org, role=ROLE_FUNDING, type=ORG_TYPE_GOVERNMENT)
        _org(act, "participating-org", reporter, role=ROLE_EXTENDING, type=ORG_TYPE_LOCAL_GOVERNMENT)

    sums = public.public_ledger_sums(deal)
    by_activity: dict[str, list[public.PublicLedgerSum]] = {}
    for s in sums:
        owner = s.project if s.project in links else ""
        by_activity.setdefault(owner, []).append(s)

    def transactions(act, rows: list[public.PublicLedgerSum]) -> None:
        for s in rows:
            tx = _sub(act, "transaction")
            _sub(tx, "transaction-type", code=transaction_type(s.kind, s.status))
            _sub(tx, "transaction-date", iso_date=s.last_on.isoformat())
            _sub(tx, "value", _money(s.amount), value_date=s.last_on.isoformat())
            key = (s.kind, s.status if s.kind == EntryKind.REGIONAL_CONTRIBUTION else s.funding)
            if s.kind == EntryKind.NATIONAL_ALLOCATION:
                key = (s.kind, "")
            _narrative(tx, "description", f"{TX_DESCRIPTIONS.get(key, s.kind)} {s.year} (som)")
            if s.kind == EntryKind.REGIONAL_CONTRIBUTION:
                if s.organisation == "PARTNERS":
                    _org(tx, "provider-org", None, "Partners (samen, art. 10.2)")
                elif s.organisation in orgs:
                    _org(tx, "provider-org", orgs[s.organisation])
            else:
                if s.kind == EntryKind.NATIONAL_ALLOCATION or s.funding == Funding.NATIONAL:
                    _org(tx, "provider-org", reporter)
                if s.kind == EntryKind.NATIONAL_ALLOCATION and s.organisation in orgs:
                    _org(tx, "receiver-org", orgs[s.organisation])

    # -- the deal (parent)
    act = activity(parent_id, 1)
    _narrative(act, "title", version.name)
    _narrative(act, "description", version.aim, type="1")
    funding_and_extending(act)
    for org in orgs.values():
        if org.role == "regio":
            _org(act, "participating-org", org, role=ROLE_FUNDING, type=ORG_TYPE_LOCAL_GOVERNMENT)
    for org in orgs.values():
        if org.role == "partner":
            _org(act, "participating-org", org, role=ROLE_IMPLEMENTING)
    _sub(act, "activity-status", code=DEAL_STATUS.get(entry.status(), "2"))
    if entry.starts_on:
        _sub(act, "activity-date", type="2", iso_date=entry.starts_on.isoformat())
    _sub(act, "activity-date", type="3", iso_date=version.ends_on.isoformat())
    _sub(act, "activity-scope", code="6")  # one province (Zuid-Holland)
    _sub(act, "recipient-country", code="NL", percentage="100")
    for area in public.public_filter_choices(deal).gemeenten:
        _location(act, area.name, cbs.get(area.code, ""), area.kind)
    for year, (national, regional) in public.public_programme_budgets(deal).items():
        budget = _sub(act, "budget", type="1", status="1")
        _sub(budget, "period-start", iso_date=f"{year}-01-01")
        _sub(budget, "period-end", iso_date=f"{year}-12-31")
        _sub(budget, "value", _money(national + regional), value_date=f"{year}-01-01")
    transactions(act, by_activity.get("", []))
    deal_page = _absolute(base_url, _path("portal:deal", slug=deal.slug))
    link = _sub(act, "document-link", url=deal_page, format="text/html")
    _narrative(link, "title", version.name)
    _sub(link, "category", code="A12")  # activity web page
    for report in public.public_reports(deal):
        if not report.url:
            continue
        link = _sub(act, "document-link", url=_absolute(base_url, report.url), format="application/pdf")
        _narrative(link, "title", f"Voortgangsrapportage {report.year} (openbare versie)")
        _sub(link, "category", code="A07")  # review of project performance and evaluation
        _sub(link, "language", code="nl")
        if report.submitted_on:
            _sub(link, "document-date", iso_date=report.submitted_on.isoformat())
    for p in projects:
        _sub(act, "related-activity", ref=child_id(p.code), type="2")  # child
    start = entry.starts_on
    for pillar in public.public_results(deal).pillars:
        for r in pillar.results:
            if not r.targets:
                continue  # IATI needs an indicator; a result without one is on the results page
            res = _sub(act, "result", type="2", aggregation_status="0")  # outcome
            _narrative(res, "title", r.name, r.name_en)
            if r.residents_will_notice:
                _narrative(res, "description", r.residents_will_notice)
            _sub(res, "reference", vocabulary="99", code=r.code)
            for t in r.targets:
                ind = _sub(res, "indicator", measure="2" if t.unit.strip() == "%" else "1")
                _narrative(
                    ind,
                    "title",
                    f"{t.indicator_name} ({t.unit})",
                    f"{t.indicator_name_en} ({t.unit})" if t.indicator_name_en else "",
                )
                _sub(ind, "reference", vocabulary="99", code=t.indicator)
                if t.baseline is not None and t.baseline_on:
                    _sub(
                        ind,
                        "baseline",
                        year=t.baseline_on.year,
                        iso_date=t.baseline_on.isoformat(),
                        value=_n(t.baseline),
                    )
                begin = t.baseline_on or start or t.target_on
                period = _sub(ind, "period")
                _sub(period, "period-start", iso_date=min(begin, t.target_on).isoformat())
                _sub(period, "period-end", iso_date=t.target_on.isoformat())
                if t.target is not None:
                    _sub(period, "target", value=_n(t.target))
                if t.latest is not None:
                    _sub(period, "actual", value=_n(t.latest))

    # -- each public project (child)
    for p in projects:
        info = links[p.code]
        act = activity(child_id(p.code), 2)
        _narrative(act, "title", p.title)
        _narrative(act, "description", p.description, type="1")
        funding_and_extending(act)
        implementing = [info.lead, *[c for c in info.participants if c != info.lead]]
        for code in implementing:
            if code in orgs:
                _org(act, "participating-org", orgs[code], role=ROLE_IMPLEMENTING, type=_org_type(orgs[code]))
        _sub(act, "activity-status", code=PROJECT_STATUS.get(p.status, "2"))
        started = p.status in ("running", "completed", "stopped")
        ended = p.status in ("completed", "stopped")
        if p.starts_on:
            _sub(act, "activity-date", type="2" if started else "1", iso_date=p.starts_on.isoformat())
        if p.ends_on:
            _sub(act, "activity-date", type="4" if ended else "3", iso_date=p.ends_on.isoformat())
        if not p.starts_on and not p.ends_on:
            _sub(act, "activity-date", type="3", iso_date=version.ends_on.isoformat())
        _sub(act, "activity-scope", code="7" if len(p.gemeenten) == 1 else "6")
        _sub(act, "recipient-country", code="NL", percentage="100")
        for area in p.areas:
            if area.kind != AreaKind.PROVINCIE:
                _location(act, area.name, info.area_cbs.get(area.code, ""), area.kind)
        transactions(act, by_activity.get(p.code, []))
        page = _absolute(base_url, _path("portal:project", slug=deal.slug, code=p.code))
        link = _sub(act, "document-link", url=page, format="text/html")
        _narrative(link, "title", p.title)
        _sub(link, "category", code="A12")
        _sub(act, "related-activity", ref=parent_id, type="1")  # parent
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f")
