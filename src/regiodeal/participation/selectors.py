"""Reads for participation: the outreach norm per wijk (with the results app's verdict), the
conversations, initiatives, co-creation per project and rolled up per pillar and wijk,
participation quality, and the one aggregated read for the public site
(`public_outreach_summary`). Lists use a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force_cached

from .constants import (
    DEFAULT_NORM,
    LADDER_ORDER,
    NORM_INDICATOR,
    SMALL_CELL_THRESHOLD,
    LadderRung,
    OutreachForm,
)
from .models import (
    CoCreation,
    Conversation,
    ConversationGroup,
    Initiative,
    InitiativeTransition,
    PopulationFigure,
    Theme,
    Wijk,
)
from .quality import GroupReach, assess_reach, suppress_small


def wijk_list(*, deal: dm.Deal, on_list: dt.date | None = None) -> QuerySet[Wijk]:
    """The deal's wijken; with `on_list`, only those on the outreach list that day (not ended)."""
    qs = Wijk.objects.filter(deal=deal).order_by("gemeente", "name")
    if on_list is not None:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on_list))
    return qs


def wijk_get(*, deal: dm.Deal, pk: int) -> Wijk:
    return Wijk.objects.get(deal=deal, pk=pk)


def theme_list(*, deal: dm.Deal, active_only: bool = False) -> QuerySet[Theme]:
    qs = Theme.objects.filter(deal=deal).order_by("name")
    return qs.filter(active=True) if active_only else qs


def theme_get(*, deal: dm.Deal, pk: int) -> Theme:
    return Theme.objects.get(deal=deal, pk=pk)


def conversation_list(*, deal: dm.Deal, wijk: str | None = None, project=None) -> QuerySet[Conversation]:
    qs = (
        Conversation.objects.filter(deal=deal)
        .select_related("wijk", "organisation", "project")
        .prefetch_related("themes", "groups")
        .order_by("-held_on", "-id")
    )
    if wijk:
        qs = qs.filter(wijk__code=wijk)
    if project is not None:
        qs = qs.filter(project=project)
    return qs


def conversation_get(*, deal: dm.Deal, pk: int) -> Conversation:
    return conversation_list(deal=deal).get(pk=pk)


def group_names(*, deal: dm.Deal, on: dt.date | None = None) -> dict[str, str]:
    return dict(version_in_force_cached(deal, on).groups.order_by("position").values_list("code", "name"))


# --- the norm per wijk -------------------------------------------------------------------------


@dataclass
class WijkNorm:
    wijk: Wijk
    spoken: int
    norm: int
    verdict: str  # the results app's verdict for this wijk (results/verdict.py)
    conversations: int

    @property
    def missing(self) -> int:
        return max(self.norm - self.spoken, 0)

    @property
    def met(self) -> bool:
        return self.spoken >= self.norm


@dataclass
class NormOverview:
    on: dt.date
    norm: int
    link: Any  # results.ResultIndicator or None
    verdict: str  # the worst verdict of the wijken on the list; "no_data" without any (0 of 0)
    wijken: list[WijkNorm]

    @property
    def met_count(self) -> int:
        return sum(1 for w in self.wijken if w.met)


def norm_link(*, deal: dm.Deal, on: dt.date | None = None):
    """The results link that carries the per-wijk norm for residents spoken: the norm of the
    outreach approach (Art. 2.1), not of an intended result (results.selectors.norm_link_list)."""
    from regiodeal.results.selectors import norm_link_list

    for link in norm_link_list(deal=deal, version=version_in_force_cached(deal, on)):
        if link.indicator.code == NORM_INDICATOR and link.target_kind == "per_area":
            return link
    return None


def norm_overview(*, deal: dm.Deal, on: dt.date | None = None) -> NormOverview:
    """Residents spoken per wijk on the list at `on` against the norm of Art. 2.1, with the
    verdict the results app gives each wijk (the same rule and figures as its dashboard).

    The overall verdict is the worst of the wijken shown, computed here once for the page, the API,
    the checks and the report: with no wijk on the list there is nothing to judge, so "0 of 0" is
    no data, never on schedule (a results series of an area that is not on the list does not make
    the participation norm on schedule)."""
    from regiodeal.results.selectors import assess_link, series_for
    from regiodeal.results.verdict import Verdict, worst

    on = on or timezone.localdate()
    link = norm_link(deal=deal, on=on)
    norm = _norm_of(link)
    verdicts: dict[str, str] = {}
    if link is not None:
        series = series_for(deal=deal, indicator_ids=[link.indicator_id], on=on)[link.indicator_id]
        tv = assess_link(link, series, on)
        verdicts = {code: str(a.verdict) for code, a in tv.areas.items()}
    counts = {
        wijk_id: (n or 0, c)
        for wijk_id, n, c in Conversation.objects.filter(deal=deal, held_on__lte=on)
        .order_by()
        .values("wijk_id")
        .annotate(n=Sum("residents"), c=Count("id"))
        .values_list("wijk_id", "n", "c")
    }
    wijken = [
        WijkNorm(
            wijk=w,
            spoken=counts.get(w.pk, (0, 0))[0],
            norm=norm,
            verdict=verdicts.get(w.code, str(Verdict.NO_DATA)) if link is not None else str(Verdict.NO_DATA),
            conversations=counts.get(w.pk, (0, 0))[1],
        )
        for w in wijk_list(deal=deal, on_list=on)
    ]
    overall = str(worst(Verdict(w.verdict) for w in wijken))
    return NormOverview(on=on, norm=norm, link=link, verdict=overall, wijken=wijken)


# --- initiatives -------------------------------------------------------------------------------


def initiative_list(*, deal: dm.Deal, status: str | None = None, viewer=None) -> QuerySet[Initiative]:
    """Given a `viewer`, each initiative names only the projects the viewer may see (Art. 10.1: a
    confidential project is kept from a third party; disclosure/access.py)."""
    from regiodeal.projects.models import Project

    projects = Project.objects.all()
    if viewer is not None:
        from regiodeal.disclosure.access import visible_to

        projects = visible_to(Project.objects.filter(deal=deal), viewer, deal)
    qs = (
        Initiative.objects.filter(deal=deal)
        .select_related("wijk", "party")
        .prefetch_related(Prefetch("projects", queryset=projects), "results")
        .order_by("-starts_on", "-id")
    )
    return qs.filter(status=status) if status else qs


def initiative_get(*, deal: dm.Deal, pk: int, viewer=None) -> Initiative:
    return (
        initiative_list(deal=deal, viewer=viewer)
        .prefetch_related(Prefetch("transitions", queryset=InitiativeTransition.objects.order_by("at", "id")))
        .get(pk=pk)
    )


# --- co-creation -------------------------------------------------------------------------------


def cocreation_list(*, deal: dm.Deal, project=None) -> QuerySet[CoCreation]:
    qs = CoCreation.objects.filter(deal=deal).select_related("project", "wijk").order_by("held_on", "id")
    return qs.filter(project=project) if project is not None else qs


@dataclass
class LadderRollUp:
    """Co-creation of some projects: records and residents per rung, the highest rung reached."""

    key: str
    name: str
    records: int = 0
    residents: int = 0
    per_rung: dict[str, int] = field(default_factory=lambda: {r: 0 for r in LadderRung.values})
    projects: set = field(default_factory=set)

    def add(self, item: CoCreation) -> None:
        self.records += 1
        self.residents += item.residents
        self.per_rung[item.rung] += item.residents
        self.projects.add(item.project.code)

    @property
    def highest(self) -> str | None:
        reached = [r for r, n in self.per_rung.items() if n]
        return max(reached, key=LADDER_ORDER.__getitem__) if reached else None

    @property
    def highest_label(self) -> str:
        return str(LadderRung(self.highest).label) if self.highest else "—"

    def rung_rows(self) -> list[tuple[str, int]]:
        return [(str(LadderRung(r).label), n) for r, n in self.per_rung.items()]


def cocreation_rollup(
    *, deal: dm.Deal, on: dt.date | None = None, viewer=None
) -> dict[str, list[LadderRollUp]]:
    """Co-creation rolled up per project, per pillar (a project in two pillars counts in both)
    and per wijk (records without a wijk under 'hele regio'). Given a `viewer`, without the
    co-creation of a project kept from them (Art. 10.1), in every roll-up."""
    from django.utils.translation import gettext as _

    from regiodeal.disclosure.access import without_hidden_projects
    from regiodeal.projects.models import Project

    version = version_in_force_cached(deal, on)
    records = cocreation_list(deal=deal)
    if viewer is not None:
        records = without_hidden_projects(records, viewer, deal)
    items = list(
        records.prefetch_related(Prefetch("project", queryset=Project.objects.prefetch_related("pillars")))
    )
    per_project: dict[str, LadderRollUp] = {}
    per_pillar = {
        p.code: LadderRollUp(p.code, f"{p.code}. {p.short_name}")
        for p in version.pillars.order_by("position")
    }
    per_wijk: dict[str, LadderRollUp] = {}
    for item in items:
        project = item.project
        per_project.setdefault(project.code, LadderRollUp(project.code, project.title)).add(item)
        for pillar in project.pillars.all():
            if pillar.code in per_pillar:
                per_pillar[pillar.code].add(item)
        key = item.wijk.code if item.wijk else ""
        name = item.wijk.name if item.wijk else _("hele regio")
        per_wijk.setdefault(key, LadderRollUp(key, name)).add(item)
    return {
        "projects": [per_project[k] for k in sorted(per_project)],
        "pillars": list(per_pillar.values()),
        "wijken": sorted(per_wijk.values(), key=lambda r: (r.key == "", r.name)),
    }


@dataclass
class ProjectParticipation:
    project: Any
    cocreations: list[CoCreation]
    conversations: list[Conversation]
    initiatives: list[Initiative]
    rollup: LadderRollUp


def project_participation(*, deal: dm.Deal, project) -> ProjectParticipation:
    """How residents take part in one project (Bijlage 1 §3): its co-creation on the ladder, the
    outreach recorded for it and the initiatives linked to it."""
    cocreations = list(cocreation_list(deal=deal, project=project))
    rollup = LadderRollUp(project.code, project.title)
    for item in cocreations:
        rollup.add(item)
    return ProjectParticipation(
        project=project,
        cocreations=cocreations,
        conversations=list(conversation_list(deal=deal, project=project)),
        initiatives=list(initiative_list(deal=deal).filter(projects=project)),
        rollup=rollup,
    )


# --- participation quality ---------------------------------------------------------------------


@dataclass
class WijkQuality:
    wijk: Wijk
    spoken: int
    population: int | None
    population_on: dt.date | None
    groups: list[GroupReach]

    @property
    def under_reached(self) -> list[GroupReach]:
        return [g for g in self.groups if g.under_reached]


def latest_population(*, deal: dm.Deal) -> dict[tuple[str, str], PopulationFigure]:
    """The newest figure per (wijk code, group code); group '' is the wijk's total."""
    latest: dict[tuple[str, str], PopulationFigure] = {}
    for figure in PopulationFigure.objects.filter(deal=deal).order_by("on"):
        latest[(figure.wijk_code, figure.group_code)] = figure
    return latest


def participation_quality(*, deal: dm.Deal, on: dt.date | None = None) -> list[WijkQuality]:
    """Per wijk and group: who was reached compared with who lives there (where population
    figures are loaded), with under-reached groups flagged (quality.py)."""
    on = on or timezone.localdate()
    spoken = dict(
        Conversation.objects.filter(deal=deal, held_on__lte=on)
        .order_by()
        .values("wijk_id")
        .annotate(n=Sum("residents"))
        .values_list("wijk_id", "n")
    )
    by_group: dict[int, dict[str, int]] = defaultdict(dict)
    for wijk_id, code, n in (
        ConversationGroup.objects.filter(conversation__deal=deal, conversation__held_on__lte=on)
        .order_by()
        .values("conversation__wijk_id", "group_code")
        .annotate(n=Sum("residents"))
        .values_list("conversation__wijk_id", "group_code", "n")
    ):
        by_group[wijk_id][code] = n
    population = latest_population(deal=deal)
    out = []
    for wijk in wijk_list(deal=deal):
        total = population.get((wijk.code, ""))
        groups = {g: f.residents for (w, g), f in population.items() if w == wijk.code and g}
        out.append(
            WijkQuality(
                wijk=wijk,
                spoken=spoken.get(wijk.pk, 0),
                population=total.residents if total else None,
                population_on=total.on if total else None,
                groups=assess_reach(
                    spoken_total=spoken.get(wijk.pk, 0),
                    spoken_by_group=by_group.get(wijk.pk, {}),
                    population_total=total.residents if total else None,
                    population_by_group=groups,
                ),
            )
        )
    return out


# --- the public read ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicCount:
    key: str
    name: str
    residents: int | None  # None: fewer than the threshold, not shown
    conversations: int | None = None


@dataclass(frozen=True)
class PublicText:
    wijk: str
    month: str  # YYYY-MM: not the exact date
    form: str
    themes_other: str
    raised: str
    input_followup: str
    feedback: str


@dataclass(frozen=True)
class PublicOutreachSummary:
    threshold: int
    norm: int
    residents: int | None
    conversations: int
    per_wijk: list[PublicCount]
    per_form: list[PublicCount]
    per_group: list[PublicCount]
    per_theme: list[PublicCount]
    texts: list[PublicText]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def outreach_norm(*, deal: dm.Deal, on: dt.date | None = None) -> int:
    """Residents to speak per wijk (Art. 2.1): the target of the norm's link in the version in force
    on `on`, or the covenant's thirty where no link carries it."""
    return _norm_of(norm_link(deal=deal, on=on))


def _norm_of(link) -> int:
    """The residents per wijk a norm link asks for; the covenant's thirty without a link."""
    return int(link.target_value) if link is not None else DEFAULT_NORM


def public_outreach_summary(
    deal: dm.Deal, on: dt.date | None = None, *, norm: int | None = None
) -> PublicOutreachSummary:
    """Outreach in aggregate for the public site: residents spoken per wijk, per form, per group,
    and the themes raised, each a count of residents. Never a name (none is stored), never a
    single conversation's count, and never a count from 1 to `SMALL_CELL_THRESHOLD` - 1 (with
    secondary suppression where counts add up to the total; quality.py). Free text only of
    records the programme office marked publishable (`text_publishable`), and only in a wijk
    whose count is shown, with the month instead of the date. `norm`: `outreach_norm`, when the
    caller has it already (the deal page keeps it apart: it is results data, the rest is not)."""
    on = on or timezone.localdate()
    k = SMALL_CELL_THRESHOLD
    # Counted by the database (one query per breakdown), not by reading every conversation: the
    # deal page shows this, and a deal's outreach grows by the thousands of conversations.
    held = Conversation.objects.filter(deal=deal, held_on__lte=on)
    wijken = {w.code: w.name for w in wijk_list(deal=deal)}
    per_wijk: dict[str, int] = {code: 0 for code in wijken}
    wijk_convs: dict[str, int] = defaultdict(int)
    for code, residents, count in (
        held.values_list("wijk__code").annotate(Sum("residents"), Count("id")).order_by()
    ):
        per_wijk[code] = residents
        wijk_convs[code] = count
    per_form = dict(held.values_list("form").annotate(Sum("residents")).order_by())
    per_group = dict(
        ConversationGroup.objects.filter(conversation__in=held)
        .values_list("group_code")
        .annotate(Sum("residents"))
        .order_by()
    )
    per_theme: dict[str, int] = {}
    theme_convs: dict[str, int] = {}
    theme_names: dict[str, str] = {}
    for code, name, residents, count in (
        Conversation.themes.through.objects.filter(conversation__in=held)
        .values_list("theme__code", "theme__name")
        .annotate(Sum("conversation__residents"), Count("conversation_id"))
        .order_by()
    ):  # a theme's code is unique in its deal: one row per theme
        per_theme[code], theme_convs[code], theme_names[code] = residents, count, name
    conversations = sum(wijk_convs.values())
    total = sum(per_wijk.values())
    shown_wijk = suppress_small(per_wijk, k, adds_up=True)
    shown_form = suppress_small(per_form, k, adds_up=True)
    shown_group = suppress_small(per_group, k, adds_up=False)
    shown_theme = suppress_small(per_theme, k, adds_up=False)
    groups = group_names(deal=deal, on=on)
    # Only the texts marked publishable, of the wijken whose count is shown.
    shown_codes = [code for code, count in shown_wijk.items() if count is not None]
    texts = [
        PublicText(
            wijk=wijk,
            month=held_on.strftime("%Y-%m"),
            form=str(OutreachForm(form).label),
            themes_other=themes_other,
            raised=raised,
            input_followup=input_followup,
            feedback=feedback,
        )
        for wijk, held_on, form, themes_other, raised, input_followup, feedback in held.filter(
            text_publishable=True, wijk__code__in=shown_codes
        )
        .order_by("held_on", "id")
        .values_list("wijk__name", "held_on", "form", *Conversation.TEXT_FIELDS)
    ]
    return PublicOutreachSummary(
        threshold=k,
        norm=norm if norm is not None else outreach_norm(deal=deal, on=on),
        residents=total if not 0 < total < k else None,
        conversations=conversations,
        per_wijk=[
            PublicCount(
                code,
                wijken[code],
                shown_wijk[code],
                wijk_convs[code] if shown_wijk[code] is not None else None,
            )
            for code in sorted(wijken, key=wijken.get)
        ],
        per_form=[
            PublicCount(form, str(OutreachForm(form).label), shown_form[form])
            for form in OutreachForm.values
            if form in shown_form
        ],
        per_group=[
            PublicCount(code, groups.get(code, code), shown_group[code]) for code in sorted(per_group)
        ],
        per_theme=[
            PublicCount(
                code,
                theme_names[code],
                shown_theme[code],
                theme_convs[code] if shown_theme[code] is not None else None,
            )
            for code in sorted(per_theme, key=lambda c: (-per_theme[c], theme_names[c]))
        ],
        texts=texts,
    )
