"""Reads for deals. Other apps ask here which version of a deal is in force at a date, and what
it says; they never read `DealVersion` rows directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import models as m

T = TypeVar("T")


def deal_list() -> QuerySet[m.Deal]:
    return m.Deal.objects.order_by("slug")


def deals_with_names(on: dt.date | None = None) -> QuerySet[m.Deal]:
    """Every deal by slug, each with `name`: the name of its version in force on `on` (today), in
    one query however many deals (the navigation of a page outside a deal and the public home
    list them; `presentation.deal_name` takes it)."""
    from django.db.models import OuterRef, Q, Subquery

    on = on or timezone.localdate()
    in_force = (
        m.DealVersion.objects.filter(
            Q(effective_from__isnull=True) | Q(effective_from__lte=on), deal=OuterRef("pk")
        )
        .order_by("-number")
        .values("name")[:1]
    )
    return deal_list().annotate(name=Subquery(in_force))


_SLUGS: dict[tuple, tuple] = {}  # (slug, shared covenant generation) -> the deal's row


def deal_by_slug(slug: str) -> m.Deal:
    """The deal with this slug (Deal.DoesNotExist if none): what a page or API call of a deal
    reads first. Its row (id, slug, date) is kept in this process under the shared generation of
    the covenant data (common/dataversion.py), which a deal added or removed and a restore
    change; each call gets an object of its own. Read once per process instead of once per
    request (half a millisecond of a two-millisecond public page)."""
    from regiodeal.common.dataversion import COVENANT, shared_generation

    key = (slug, shared_generation(COVENANT))
    row = _SLUGS.get(key)
    if row is None:
        deal = m.Deal.objects.get(slug=slug)
        _keep(_SLUGS, key, (deal.pk, deal.slug, deal.created_at))
        return deal
    return m.Deal.from_db(m.Deal.objects.db, ["id", "slug", "created_at"], row)


def version_in_force(deal: m.Deal, on: dt.date | None = None) -> m.DealVersion:
    """The version that governs `on` (default today): the newest whose effective date has come.
    Version 1 has no effective date of its own: it is the covenant as signed.

    The definition's text and its normalised content (some 64 KB) are left out of the read: the
    readers of a version want its rows, and the few that want the content (amendments, `deal
    show`) load it on first use."""
    on = on or timezone.localdate()
    version = (
        deal.versions.filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        .defer("source_text", "content")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise m.DealVersion.DoesNotExist(f"deal {deal.slug} has no version")
    return version


# Per process: a deal version's rows under its immutable key (id and checksum: a correction of the
# definition changes the checksum), so a cold request reads no covenant.
_COVENANTS: dict[tuple[int, str, str], m.DealVersion] = {}
_KEPT = 200  # versions; the national portfolio has some 40 deals with one to three versions each

# Per process, under the deal, maybe a date, and the version of the deal's covenant data (`_kept`).
_VERSIONS: dict[tuple, list[m.DealVersion]] = {}  # a deal's versions, the newest first
_SETTINGS: dict[tuple, m.DealSettings] = {}
_PARTIES: dict[tuple, list[m.Party]] = {}
_ENTRY: dict[tuple, EntryIntoForce] = {}
_AREAS: dict[tuple, dict[int, tuple]] = {}
_PILLARS: dict[tuple, list[m.Pillar]] = {}


def _forget_covenants() -> None:
    _SLUGS.clear()
    _COVENANTS.clear()
    _VERSIONS.clear()
    _SETTINGS.clear()
    _PARTIES.clear()
    _ENTRY.clear()
    _AREAS.clear()
    _PILLARS.clear()


def _keep(store: dict, key, value):
    if len(store) >= _KEPT:
        store.clear()
    store[key] = value
    return value


def _kept(store: dict, deal: m.Deal, build: Callable[[], T], *also) -> T:
    """`build()`, kept in `store` in this process under the deal, `also` (a date) and the version
    of the deal's covenant data (common/dataversion.py: a change of the deal, its versions,
    signatures or settings is a write of it): read again only after such a change."""
    from regiodeal.common.dataversion import COVENANT, deal_data_version

    key = (deal.pk, *also, deal_data_version(deal, (COVENANT,)))
    found = store.get(key)
    return found if found is not None else _keep(store, key, build())


def version_in_force_cached(deal: m.Deal, on: dt.date | None = None) -> m.DealVersion:
    """`version_in_force`, from the deal's versions as this process keeps them under the version
    of the deal's covenant data (common/dataversion.py: a new version or a correction is a write
    of it): for the frame of a screen, read far more often than the covenant changes. All versions
    (one to three) are read at once with their rules, in one query, and the one in force on `on`
    is picked from them: the obligations of ten years ask for ten dates and read one query (they
    read 18 before, a version and its rules per date). No query when warm. The objects are shared:
    read them, never change them. Not for a service that is about to write."""
    on = on or timezone.localdate()
    versions = _kept(
        _VERSIONS,
        deal,
        lambda: list(
            deal.versions.defer("source_text", "content")
            .select_related("rules", "regiokassier")
            .order_by("-number")
        ),
    )
    for version in versions:  # as version_in_force: the newest whose effective date has come
        if version.effective_from is None or version.effective_from <= on:
            return version
    raise m.DealVersion.DoesNotExist(f"deal {deal.slug} has no version")


def deal_area_rows(deal: m.Deal) -> dict[int, tuple]:
    """The deal's areas of every version (a project keeps the rows it was linked to) as plain rows,
    id -> (id, position, code, name, kind, within id): to find the gemeente an area lies in without
    a query per area. Kept in this process under the deal's covenant version, as the version in
    force is: one query when cold, none after a write of anything but the covenant. The rows are
    shared: read them, never change them."""
    return _kept(
        _AREAS,
        deal,
        lambda: {
            a[0]: a
            for a in m.Area.objects.filter(version__deal=deal).values_list(
                "pk", "position", "code", "name", "kind", "within_id"
            )
        },
    )


def pillars_with_results(deal: m.Deal, version: m.DealVersion) -> list[m.Pillar]:
    """The pillars of this version of the deal in their order, each with its intended results in
    theirs (prefetched): what a board of verdicts is built on (results.selectors.dashboard). Kept
    in this process under the version and the deal's covenant version, as the version in force
    is: two queries when cold, none after a measurement. The objects are shared: read them, never
    change them."""
    return _kept(
        _PILLARS,
        deal,
        lambda: list(
            m.Pillar.objects.filter(version=version)
            .order_by("position")
            .prefetch_related(Prefetch("results", queryset=m.IntendedResult.objects.order_by("position")))
        ),
        version.pk,
    )


def version_with_content(version: m.DealVersion) -> m.DealVersion:
    """The version with everything a deal page or `deal show` needs, in a handful of queries the
    first time in this process, then none: kept under the version's key (its id and checksum, and
    the version of its deal's covenant data for an edit of a row in place, common/dataversion.py).
    The definition's text and normalised content are loaded on first use. The object is shared:
    read it, never change it."""
    from regiodeal.common.dataversion import COVENANT, deal_versions

    covenant = deal_versions([version.deal_id], (COVENANT,))[version.deal_id]
    key = (version.pk, version.checksum, covenant)
    found = _COVENANTS.get(key)
    return found if found is not None else _keep(_COVENANTS, key, _load_with_content(version.pk))


def _load_with_content(pk: int) -> m.DealVersion:
    return (
        m.DealVersion.objects.defer("source_text", "content")
        .select_related("deal", "regiokassier", "rules")
        .prefetch_related(
            Prefetch("parties", queryset=m.Party.objects.select_related("organisation")),
            Prefetch("partners", queryset=m.Partner.objects.select_related("organisation")),
            Prefetch("areas", queryset=m.Area.objects.select_related("within")),
            "groups",
            "sectors",
            "indicators",
            Prefetch(
                "pillars",
                queryset=m.Pillar.objects.prefetch_related(
                    "objectives",
                    Prefetch("norms", queryset=m.ApproachNorm.objects.select_related("indicator")),
                    Prefetch(
                        "results",
                        queryset=m.IntendedResult.objects.prefetch_related(
                            Prefetch("targets", queryset=m.ResultTarget.objects.select_related("indicator"))
                        ),
                    ),
                ),
            ),
            Prefetch("budget_lines", queryset=m.BudgetLine.objects.select_related("pillar")),
            "glossary",
            "considerations",
            "rules__overleg_members",
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class EntryIntoForce:
    """Art. 17, 19: in force from the day after the last signature of all Parties."""

    starts_on: dt.date | None
    ends_on: dt.date
    unsigned: list[m.Party]
    signed: dict[int, dt.date]

    def status(self, on: dt.date | None = None) -> str:
        on = on or timezone.localdate()
        if self.starts_on is None or on < self.starts_on:
            return "not_in_force"
        if on > self.ends_on:
            return "ended"
        return "in_force"

    def status_label(self, on: dt.date | None = None) -> str:
        return str(STATUS_LABELS[self.status(on)])


STATUS_LABELS = {
    "not_in_force": _("nog niet in werking"),
    "in_force": _("in werking"),
    "ended": _("beëindigd"),
}


def deal_entry_into_force(deal: m.Deal, version: m.DealVersion | None = None) -> EntryIntoForce:
    """The deal's entry into force; its end date from `version`, by default the version in force
    today as this process keeps it (a read: the version is not changed). Without `version` it is
    kept in this process too, under the version of the deal's covenant data (signatures and
    Parties are covenant data, common/dataversion.py) and today's date, as `version_in_force_cached`
    is: the money checks, the evaluation checks and the frame of a page ask for it again and again.
    The object is shared: read it, never change it."""
    if version is not None:
        return entries_into_force([deal], {deal.pk: version})[deal.pk]
    today = timezone.localdate()
    return _kept(
        _ENTRY,
        deal,
        lambda: entries_into_force([deal], {deal.pk: version_in_force_cached(deal, today)})[deal.pk],
        today,
    )


def entries_into_force(deals: list[m.Deal], versions: dict[int, m.DealVersion]) -> dict[int, EntryIntoForce]:
    """Each deal's entry into force (Art. 17, 19: the day after the last signature of every Party
    of the covenant as signed, version 1), with the end date of `versions[deal.pk]`, in three
    queries for any number of deals (a fourth for the Parties yet to sign, if any)."""
    ids = [d.pk for d in deals]
    first: dict[int, int] = {}
    versions_by_number = m.DealVersion.objects.filter(deal_id__in=ids).order_by("deal_id", "number")
    for deal_id, version_id in versions_by_number.values_list("deal_id", "id"):
        first.setdefault(deal_id, version_id)
    signed: dict[int, dict] = {deal_id: {} for deal_id in ids}
    for deal_id, organisation_id, signed_on in m.Signature.objects.filter(deal_id__in=ids).values_list(
        "deal_id", "organisation_id", "signed_on"
    ):
        signed[deal_id][organisation_id] = signed_on
    # The Parties as keys first; as objects (with their organisation) only those yet to sign: the
    # ministry's portfolio reads 40 deals, nearly all signed, and 680 objects took 10 ms.
    signatories: dict[int, list[tuple[int, int]]] = {version_id: [] for version_id in first.values()}
    for party_id, version_id, organisation_id in m.Party.objects.filter(
        version_id__in=list(first.values())
    ).values_list("id", "version_id", "organisation_id"):
        signatories[version_id].append((party_id, organisation_id))
    unsigned_ids = {
        party_id
        for deal_id in ids
        for party_id, organisation_id in signatories.get(first.get(deal_id), [])
        if organisation_id not in signed[deal_id]
    }
    unsigned_parties = (
        m.Party.objects.select_related("organisation").in_bulk(unsigned_ids) if unsigned_ids else {}
    )
    out = {}
    for deal_id in ids:
        parties, by_org = signatories.get(first.get(deal_id), []), signed[deal_id]
        unsigned = [unsigned_parties[p] for p, organisation_id in parties if organisation_id not in by_org]
        starts_on = None
        if parties and not unsigned:
            starts_on = max(by_org[organisation_id] for _p, organisation_id in parties) + dt.timedelta(days=1)
        out[deal_id] = EntryIntoForce(
            starts_on=starts_on, ends_on=versions[deal_id].ends_on, unsigned=unsigned, signed=by_org
        )
    return out


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def budget_totals(lines) -> dict[str, Decimal]:
    zero = Decimal("0.00")
    return {
        "rijk": sum((x.rijk for x in lines), zero),
        "regional": sum((x.regional for x in lines), zero),
        "total": sum((x.total for x in lines), zero),
    }


def deal_as_dict(deal: m.Deal, version: m.DealVersion | None = None) -> dict[str, Any]:
    """The deal as `regiodeal deal show --json` prints it. Amounts are strings with two decimals."""
    v = version_with_content(version or version_in_force(deal))
    force = deal_entry_into_force(deal, v)
    lines = list(v.budget_lines.all())
    totals = budget_totals(lines)
    rules = v.rules
    return {
        "slug": deal.slug,
        "name": v.name,
        "citation_title": v.citation_title,
        "version": v.number,
        "checksum": v.checksum,
        "status": force.status(),
        "starts_on": force.starts_on.isoformat() if force.starts_on else None,
        "ends_on": v.ends_on.isoformat(),
        "unsigned_parties": [p.code for p in force.unsigned],
        "regiokassier": v.regiokassier.code,
        "parties": [
            {
                "code": p.code,
                "name": p.name,
                "short_name": p.short_name,
                "kind": p.kind,
                "acts_as": p.acts_as,
                "signatory": {"name": p.signatory_name, "function": p.signatory_function},
            }
            for p in v.parties.all()
        ],
        "partners": [{"code": p.code, "name": p.name} for p in v.partners.all()],
        "areas": [
            {
                "code": a.code,
                "name": a.name,
                "kind": a.kind,
                "cbs_code": a.cbs_code or None,
                "within": a.within.code if a.within else None,
                "nplv_focus_area": a.nplv_focus_area,
                "in_deal_area": a.in_deal_area,
            }
            for a in v.areas.all()
        ],
        "groups": [{"code": g.code, "name": g.name} for g in v.groups.all()],
        "sectors": [{"code": s.code, "name": s.name} for s in v.sectors.all()],
        "indicators": [
            {"code": i.code, "name": i.name, "unit": i.unit, "better": i.better} for i in v.indicators.all()
        ],
        "pillars": [
            {
                "code": p.code,
                "name": p.name,
                "short_name": p.short_name,
                "objectives": [{"code": o.code, "title": o.title} for o in p.objectives.all()],
                "norms": [
                    {
                        "indicator": n.indicator.code,
                        "kind": n.kind,
                        "operator": n.operator,
                        "value": format(n.value.normalize(), "f"),
                        "area_kind": n.area_kind or None,
                        "article": n.article,
                    }
                    for n in p.norms.all()
                ],
                "results": [
                    {
                        "code": r.code,
                        "title": r.title,
                        "deliverable": r.deliverable,
                        "targets": [
                            {
                                "indicator": t.indicator.code,
                                "kind": t.kind,
                                "operator": t.operator,
                                "value": format(t.value.normalize(), "f"),
                                "area_kind": t.area_kind or None,
                                "article": t.article,
                            }
                            for t in r.targets.all()
                        ],
                    }
                    for r in p.results.all()
                ],
            }
            for p in v.pillars.all()
        ],
        "budget": {
            "article": rules.money_article,
            "includes_vat": rules.includes_vat,
            "lines": [
                {
                    "code": b.code,
                    "name": b.name,
                    "kind": b.kind,
                    "pillar": b.pillar.code if b.pillar else None,
                    "rijk": _amount(b.rijk),
                    "regional": _amount(b.regional),
                    "total": _amount(b.total),
                }
                for b in lines
            ],
            "totals": {k: _amount(val) for k, val in totals.items()},
        },
        "rules": {
            "execution_costs_max_share": format(rules.execution_costs_max_share.normalize(), "f"),
            "regional_match_min_ratio": format(rules.regional_match_min_ratio.normalize(), "f"),
            "overleg": {
                "article": rules.overleg_article,
                "members": sorted(o.code for o in rules.overleg_members.all()),
                "meets_at_least_per_year": rules.overleg_meets_at_least_per_year,
            },
            "amendment": {
                "article": rules.amendment_article,
                "consent": "all_parties",
                "consultation_weeks": rules.amendment_consultation_weeks,
            },
            "accession": {"article": rules.accession_article, "consent": "all_parties"},
            "withdrawal": {
                "article": rules.withdrawal_article,
                "notice_months": rules.withdrawal_notice_months,
            },
            "progress_report": {
                "article": rules.report_article,
                "draft_to_parties_before": rules.report_draft_to_parties_before,
                "to_ministry_before": rules.report_to_ministry_before,
            },
            "evaluation": {
                "article": rules.evaluation_article,
                "baseline_due_on": rules.baseline_due_on.isoformat(),
                "baseline_due_label": rules.baseline_due_label,
            },
        },
        "glossary": [{"term": g.term, "definition": g.definition} for g in v.glossary.all()],
    }


def version_list(deal: m.Deal) -> QuerySet[m.DealVersion]:
    """Every version of the deal, the first first; past versions stay readable."""
    return deal.versions.order_by("number")


def version_get(deal: m.Deal, number: int) -> m.DealVersion:
    return deal.versions.get(number=number)


def parties_in_office(deal: m.Deal, on: dt.date | None = None) -> list[m.Party]:
    """The Parties whose consent the deal needs on `on` (Art. 11-13): those of the version in
    force then. An acceding Party is in it from its adoption; a withdrawing Party is out of it
    from the day its notice takes effect (Art. 12), because those make new versions."""
    return list(version_in_force(deal, on).parties.select_related("organisation").order_by("position"))


def parties_in_office_cached(deal: m.Deal, on: dt.date | None = None) -> list[m.Party]:
    """`parties_in_office` for a read that every request of a screen makes (who may see what,
    Art. 10.1): the Parties of the version in force, kept in this process under the deal's
    covenant version and the date (as `version_in_force_cached`), so a warm request reads no
    covenant and a cold one the two queries it read before. The objects are shared: read them,
    never change them. A service that decides a consent reads `parties_in_office`."""
    on = on or timezone.localdate()
    return _kept(
        _PARTIES,
        deal,
        lambda: list(
            version_in_force_cached(deal, on).parties.select_related("organisation").order_by("position")
        ),
        on,
    )


def overleg_members_in_office(deal: m.Deal, on: dt.date | None = None) -> list[m.Organisation]:
    """Art. 6.3: the members of the Rijk-Regio-overleg under the version in force on `on`."""
    version = version_in_force(deal, on)
    party_orgs = {p.organisation_id for p in version.parties.all()}
    members = version.rules.overleg_members.all().order_by("code")
    return [o for o in members if o.pk in party_orgs]


def version_content_yaml(version: m.DealVersion) -> str:
    """The normalised content of a version as YAML: comments and layout of the source left out."""
    from .definition import dump_definition

    return dump_definition(version.content)


def version_diff(old: m.DealVersion, new: m.DealVersion, context: int = 3) -> list[str]:
    """The difference between two versions' normalised content, as unified-diff lines."""
    import difflib

    return list(
        difflib.unified_diff(
            version_content_yaml(old).splitlines(),
            version_content_yaml(new).splitlines(),
            fromfile=f"versie {old.number}",
            tofile=f"versie {new.number}",
            lineterm="",
            n=context,
        )
    )


# ---------------------------------------------------------------------------------------------
# The programme office's settings (models.DealSettings): what the covenant leaves open


def deal_settings(deal: m.Deal) -> m.DealSettings:
    """The deal's settings; unsaved and empty when the office has set nothing yet."""
    return m.DealSettings.objects.filter(deal=deal).first() or m.DealSettings(deal=deal)


def deal_settings_cached(deal: m.Deal) -> m.DealSettings:
    """`deal_settings` for the frame of every page (the deal's identity: name, logo, colours,
    contact), kept in this process under the deal's covenant version (a change of the settings
    is a write of it, common/dataversion.py), so a warm page reads no settings. The object is
    shared: read it, never change it; a service that changes the settings reads `deal_settings`."""
    return _kept(_SETTINGS, deal, lambda: deal_settings(deal))


def programme_due_on(deal: m.Deal, year: int, settings: m.DealSettings | None = None) -> dt.date | None:
    """The day the uitvoeringsprogramma of `year` is due (Bijlage 1 B names no date): the office's
    day of that year, or None until it sets one."""
    settings = settings or deal_settings(deal)
    if settings.programme_due_month is None or settings.programme_due_day is None:
        return None
    return dt.date(year, settings.programme_due_month, settings.programme_due_day)


@dataclass(frozen=True)
class BaselineReading:
    """Art. 7.1: the beginsituatie is described "in het voorjaar van 2025": the covenant's words,
    and the day read in them, by the programme office or (until it sets one) by the definition."""

    label: str
    due_on: dt.date
    article: str
    by_office: bool
    version_ends_on: dt.date | None = None


def baseline_reading(deal: m.Deal, on: dt.date | None = None) -> BaselineReading:
    version = version_in_force(deal, on)
    rules = version.rules
    settings = deal_settings(deal)
    if settings.baseline_due_on is not None:
        return BaselineReading(
            rules.baseline_due_label,
            settings.baseline_due_on,
            rules.evaluation_article,
            True,
            version.ends_on,
        )
    return BaselineReading(
        rules.baseline_due_label, rules.baseline_due_on, rules.evaluation_article, False, version.ends_on
    )


def organisation_list(deal: m.Deal):
    """The deal's Parties and Partners (every version's), by code."""
    return m.Organisation.objects.filter(deal=deal).order_by("code")


def organisation_names(version: m.DealVersion) -> dict[int, str]:
    """Organisation id -> the name people use for it (docs/presentation.md): a Party by the short
    name the covenant uses in running text ("gemeente Schiedam", not SCHIEDAM or the college's
    full title), a Partner by its name. Organisations no longer in the version keep their own."""
    names = {o.pk: o.name for o in m.Organisation.objects.filter(deal_id=version.deal_id)}
    names.update({p.organisation_id: p.name for p in version.partners.all()})
    names.update({p.organisation_id: p.short_name for p in version.parties.all()})
    return names
