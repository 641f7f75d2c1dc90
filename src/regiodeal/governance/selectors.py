"""Reads for governance: meetings, the register, requests, and the obligations calendar.

`obligations(deal, on)` derives every dated duty of the deal from its definition and versions
(Art. 6.2, 7.1-7.3, Bijlage 1, Art. 11.2, 12.1, 19.2) and from what the overleg agreed (actions),
each with its status on `on`: done (with the evidence), overdue, due soon (within 30 days) or
upcoming. The calendar feed, the calendar page and `regiodeal check` all read this one list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.common.finding_pages import domain_of, page_for, text_for
from regiodeal.common.findings import ERROR, findings_for
from regiodeal.common.formatting import day
from regiodeal.common.obligations import provider_for
from regiodeal.deals import models as dm
from regiodeal.deals.constants import PartyKind
from regiodeal.deals.selectors import (
    baseline_reading,
    deal_entry_into_force,
    deal_settings,
    programme_due_on,
    version_in_force,
)

from . import models as gm
from .constants import DUE_SOON_DAYS, Answer, ObligationStatus, RequestKind
from .constants import RequestStatus as S
from .dates import add_months, consultation_deadline, day_before
from .workflow import OPEN


def meeting_list(deal: dm.Deal) -> QuerySet[gm.Meeting]:
    return gm.Meeting.objects.filter(deal=deal).prefetch_related("attendees").order_by("-held_on", "-id")


def meeting_get(deal: dm.Deal, pk: int) -> gm.Meeting:
    return (
        gm.Meeting.objects.filter(deal=deal)
        .prefetch_related(
            "attendees",
            "attachments",
            "decisions",
            Prefetch("actions", queryset=gm.Action.objects.select_related("owner")),
            "register_items",
        )
        .get(pk=pk)
    )


def decisions_of(deal: dm.Deal) -> QuerySet[gm.Decision]:
    return (
        gm.Decision.objects.filter(meeting__deal=deal)
        .select_related("meeting")
        .order_by("-meeting__held_on", "number")
    )


def action_list(deal: dm.Deal) -> QuerySet[gm.Action]:
    return gm.Action.objects.filter(deal=deal).select_related("owner", "meeting")


def escalation_levels(deal: dm.Deal) -> QuerySet[gm.EscalationLevel]:
    return gm.EscalationLevel.objects.filter(deal=deal).select_related("agreed_in").order_by("position")


def register_list(deal: dm.Deal) -> QuerySet[gm.RegisterItem]:
    return gm.RegisterItem.objects.filter(deal=deal).select_related("raised_by", "meeting", "level")


def register_item_get(deal: dm.Deal, pk: int) -> gm.RegisterItem:
    return (
        register_list(deal)
        .prefetch_related(
            Prefetch(
                "escalations", queryset=gm.Escalation.objects.select_related("from_level", "to_level", "by")
            )
        )
        .get(pk=pk)
    )


def publication_list(deal: dm.Deal) -> QuerySet[gm.Publication]:
    return gm.Publication.objects.filter(deal=deal).select_related("request").order_by("published_on", "id")


def request_list(deal: dm.Deal, kind: str | None = None) -> QuerySet[gm.Request]:
    qs = gm.Request.objects.filter(deal=deal).select_related("filed_by", "adopted_version")
    return qs.filter(kind=kind) if kind else qs


def request_get(deal: dm.Deal, number: int) -> gm.Request:
    return (
        gm.Request.objects.filter(deal=deal)
        .select_related("filed_by", "base_version", "adopted_version", "decision__meeting", "target_type")
        .prefetch_related(
            "attachments",
            Prefetch(
                "transitions", queryset=gm.RequestTransition.objects.select_related("by").order_by("at", "id")
            ),
            Prefetch("consents", queryset=gm.Consent.objects.select_related("organisation", "declaration")),
        )
        .get(number=number)
    )


def request_deadline(request: gm.Request) -> dt.date | None:
    """Art. 11.2: the consultation deadline, 6 weeks after VRO learned of an amendment."""
    if request.kind not in (RequestKind.AMENDMENT, RequestKind.DURATION) or not request.received_on:
        return None
    weeks = version_in_force(request.deal, request.received_on).rules.amendment_consultation_weeks
    return consultation_deadline(request.received_on, weeks) if weeks else None


@dataclass
class ConsentRow:
    party: dm.Party
    consent: gm.Consent | None


def consent_table(request: gm.Request, on: dt.date | None = None) -> list[ConsentRow]:
    """Every Party whose declaration counts on `on` (default: the decision date, else today), and
    what it declared; plus declarations of Parties no longer in office, so history stays."""
    on = on or request.decided_on or timezone.localdate()
    from .services import required_parties

    by_org = {c.organisation_id: c for c in request.consents.all()}
    rows = [ConsentRow(p, by_org.pop(p.organisation_id, None)) for p in required_parties(request, on)]
    for consent in by_org.values():
        party = (
            dm.Party.objects.filter(organisation=consent.organisation, version__deal=request.deal)
            .order_by("-version__number")
            .first()
        )
        rows.append(ConsentRow(party, consent))
    return rows


# ---------------------------------------------------------------------------------------------
# The Rijk-Regio-overleg per year of the deal (Art. 6.2)


@dataclass(frozen=True)
class OverlegYear:
    """Art. 6.2 "ten minste eenmaal per jaar": a year is twelve months counted from the entry into
    force (not a calendar year). A last stretch shorter than twelve months joins the year before
    it, so that no year asks a meeting in a few months' time."""

    number: int
    starts_on: dt.date
    ends_on: dt.date

    def __str__(self) -> str:
        return f"{day(self.starts_on)} – {day(self.ends_on)}"


def overleg_years(deal: dm.Deal, ends_on: dt.date | None = None) -> list[OverlegYear]:
    """The years of the deal's life, up to `ends_on` (default: the end of the latest version)."""
    force = deal_entry_into_force(deal)
    if force.starts_on is None:
        return []
    start = force.starts_on
    end = ends_on or max(deal.versions.values_list("ends_on", flat=True))
    spans: list[list[dt.date]] = []
    while add_months(start, 12 * len(spans)) <= end:
        n = len(spans)
        spans.append([add_months(start, 12 * n), add_months(start, 12 * (n + 1)) - dt.timedelta(days=1)])
    if len(spans) > 1 and spans[-1][1] > end:
        spans.pop()  # the short last stretch joins the year before
    if spans:
        spans[-1][1] = end
    return [OverlegYear(i + 1, a, b) for i, (a, b) in enumerate(spans)]


def meeting_counts(meeting: gm.Meeting) -> bool:
    """Art. 6.2, 6.3: a meeting of the overleg counts when it records attendees of both the Rijk
    and the Regio among its members. Partners attend as guests (Art. 6.1) and never count."""
    version = version_in_force(meeting.deal, meeting.held_on)
    kinds = dict(version.parties.values_list("organisation_id", "kind"))
    present = {kinds.get(o.pk) for o in meeting.attendees.all()}
    return PartyKind.RIJK in present and PartyKind.REGIO in present


def counting_meetings(deal: dm.Deal, on: dt.date) -> list[gm.Meeting]:
    meetings = gm.Meeting.objects.filter(deal=deal, held_on__lte=on).prefetch_related("attendees")
    return [m for m in meetings.order_by("held_on", "id") if meeting_counts(m)]


def meetings_per_year(deal: dm.Deal, on: dt.date) -> dict[OverlegYear, list[gm.Meeting]]:
    """The meetings that count (Art. 6.2) in each year of the deal begun by `on`."""
    if deal_entry_into_force(deal).starts_on is None:
        return {}
    years = [y for y in overleg_years(deal, version_in_force(deal, on).ends_on) if y.starts_on <= on]
    out: dict[OverlegYear, list[gm.Meeting]] = {y: [] for y in years}
    for m in counting_meetings(deal, on):
        for y in years:
            if y.starts_on <= m.held_on <= y.ends_on:
                out[y].append(m)
    return out


def years_without_enough_meetings(deal: dm.Deal, on: dt.date) -> list[tuple[OverlegYear, int, int]]:
    """(year, meetings that count, required) for each finished year of the deal's life in which
    the overleg met less often than Art. 6.2 says."""
    out = []
    for year, held in meetings_per_year(deal, on).items():
        if year.ends_on >= on:
            continue  # the year isn't over yet: the calendar shows it as a duty to come
        required = version_in_force(deal, year.ends_on).rules.overleg_meets_at_least_per_year
        if len(held) < required:
            out.append((year, len(held), required))
    return out


# ---------------------------------------------------------------------------------------------
# The obligations calendar


@dataclass
class Obligation:
    key: str  # stable: the iCalendar UID and the fulfilment's key
    title: str
    article: str
    due_on: dt.date
    status: str = ObligationStatus.UPCOMING
    evidence: str = ""
    done_on: dt.date | None = None
    manual: bool = False  # done is recorded by hand (with evidence), not derived
    kept_elsewhere: bool = False  # another app holds the evidence and checks it (common.obligations)
    # Where the day comes from: "covenant" (its own date), "office" (the covenant gives none, the
    # programme office set one), "unset" (none given, none set yet: late is a warning) or
    # "reading" (the covenant gives a season, the office reads a day in it). deals.DealSettings.
    date_basis: str = "covenant"
    url: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(ObligationStatus(self.status).label)


def _yearly(deal: dm.Deal, start: dt.date, years: range) -> list[Obligation]:
    out: list[Obligation] = []
    settings = deal_settings(deal)
    for year in years:
        version = version_in_force(deal, dt.date(year, 1, 1) if dt.date(year, 1, 1) >= start else start)
        rules = version.rules
        if dt.date(year, 1, 1) > version.ends_on:
            continue
        # Bijlage 1 B: a yearly uitvoeringsprogramma with its budget. The covenant names no date:
        # the programme office sets one (deals.DealSettings); until then it is shown at the start
        # of the year it covers, and late is a warning, not an error.
        office_day = programme_due_on(deal, year, settings)
        out.append(
            Obligation(
                f"uitvoeringsprogramma-{year}",
                _("Uitvoeringsprogramma %(y)s met begroting") % {"y": year},
                _("Bijlage 1"),
                max(office_day or dt.date(year, 1, 1), start),
                manual=True,
                date_basis="office" if office_day else "unset",
            )
        )
        # Art. 7.2-7.3: the progress report on the previous year, and the SPUK account (15 July).
        # (The report and account on the deal's last year fall after its end: the final account.)
        if year > start.year:
            out.append(
                Obligation(
                    f"voortgang-concept-{year}",
                    _("Concept-voortgangsrapportage %(y)s aan de Partijen") % {"y": year - 1},
                    rules.report_article,
                    day_before(rules.report_draft_to_parties_before, year),
                    manual=True,
                )
            )
            out.append(
                Obligation(
                    f"voortgang-vro-{year}",
                    _("Voortgangsrapportage %(y)s bij VRO") % {"y": year - 1},
                    rules.report_article,
                    day_before(rules.report_to_ministry_before, year),
                    manual=True,
                )
            )
            month, day = int(rules.report_to_ministry_before[:2]), int(rules.report_to_ministry_before[3:])
            out.append(
                Obligation(
                    f"spuk-verantwoording-{year}",
                    _("Verantwoording specifieke uitkering (SPUK) %(y)s") % {"y": year - 1},
                    "7.3",
                    dt.date(year, month, day),
                    manual=True,
                )
            )
    return out


def _overleg_duties(deal: dm.Deal, on: dt.date) -> list[Obligation]:
    """Art. 6.2: the overleg meets at least once in every year from the entry into force."""
    out = []
    held = counting_meetings(deal, on)
    for year in overleg_years(deal):
        rules = version_in_force(deal, year.ends_on).rules
        needed = rules.overleg_meets_at_least_per_year
        o = Obligation(
            f"overleg-{year.number}",
            _("Rijk-Regio-overleg %(y)s (ten minste %(n)s keer, met Rijk en Regio)")
            % {"y": year, "n": needed},
            rules.overleg_article,
            year.ends_on,
        )
        in_year = [m for m in held if year.starts_on <= m.held_on <= year.ends_on]
        if len(in_year) >= needed:
            o.status, o.done_on = ObligationStatus.DONE, in_year[needed - 1].held_on
            o.evidence = ", ".join(str(m) for m in in_year)
        out.append(o)
    return out


def obligations_for(deal: dm.Deal, on: dt.date | None, viewer) -> list[Obligation]:
    """`obligations` as the viewer may see them: without the actions agreed in a meeting kept
    from them (Art. 10.1; disclosure/access.py)."""
    from regiodeal.disclosure.access import hidden_from

    items = obligations(deal, on)
    meetings = {
        c.object_id
        for c in hidden_from(viewer, deal)
        if c.content_type.natural_key() == ("governance", "meeting")
    }
    if not meetings:
        return items
    hidden = {
        f"actie-{pk}"
        for pk in gm.Action.objects.filter(deal=deal, meeting__in=meetings).values_list("pk", flat=True)
    }
    return [o for o in items if o.key not in hidden]


def obligations(deal: dm.Deal, on: dt.date | None = None) -> list[Obligation]:
    on = on or timezone.localdate()
    force = deal_entry_into_force(deal)
    items: list[Obligation] = []
    if force.starts_on is not None:
        start = force.starts_on
        last_end = max(deal.versions.values_list("ends_on", flat=True))
        items += _yearly(deal, start, range(start.year, last_end.year + 1))
        # Art. 7.1 gives a season ("in het voorjaar van 2025"): the day is the office's reading.
        reading = baseline_reading(deal, max(start, on))
        items.append(
            Obligation(
                "beginsituatie",
                _("Beginsituatie en evaluatieaanpak beschreven (%(l)s)") % {"l": reading.label},
                reading.article,
                reading.due_on,
                manual=True,
                date_basis="reading",
            )
        )
        items += _overleg_duties(deal, on)
    # Open and past procedures: consultation deadlines (Art. 11.2), withdrawal dates (Art. 12.1),
    # the SPUK amendment after a change of the end date (Art. 19.2).
    for r in gm.Request.objects.filter(deal=deal).select_related(
        "filed_by", "adopted_version", "discussed_in"
    ):
        deadline = request_deadline(r)
        if deadline:
            # The six weeks bound the consultation, not the decision: the duty is done when the
            # Parties consulted (the date or the meeting recorded); a request closed without a
            # recorded consultation needs none any more.
            o = Obligation(
                f"consultatie-verzoek-{r.number}",
                _("Overleg over verzoek %(n)s: %(t)s") % {"n": r.number, "t": r.title},
                "11.2",
                deadline,
            )
            if r.consulted_on:
                o.status, o.done_on = ObligationStatus.DONE, r.consulted_on
                o.evidence = str(r.discussed_in) if r.discussed_in_id else _("overleg gevoerd")
            elif r.status not in OPEN:
                o.status, o.done_on = ObligationStatus.DONE, r.decided_on or r.transitions.last().on
                o.evidence = _("verzoek %(s)s") % {"s": r.get_status_display()}
            items.append(o)
        if r.kind == RequestKind.WITHDRAWAL and r.effective_from:
            o = Obligation(
                f"opzegging-{r.number}",
                _("Opzegging door %(o)s gaat in") % {"o": r.filed_by},
                "12.1",
                r.effective_from,
            )
            if r.effective_from <= on and r.adopted_version_id:
                o.status, o.done_on = ObligationStatus.DONE, r.effective_from
                o.evidence = _("versie %(v)s van de deal") % {"v": r.adopted_version.number}
            items.append(o)
        if (r.kind == RequestKind.DURATION or r.changes.get("ends_on")) and r.status == S.ADOPTED:
            o = Obligation(
                f"spuk-wijziging-{r.number}",
                _("Regiokassier vraagt VRO de SPUK-beschikking te wijzigen (verzoek %(n)s)")
                % {"n": r.number},
                "19.2",
                r.decided_on,
            )
            if r.spuk_requested_on:
                o.status, o.done_on, o.evidence = ObligationStatus.DONE, r.spuk_requested_on, r.spuk_note
            items.append(o)
    for a in action_list(deal):
        o = Obligation(
            f"actie-{a.pk}",
            _("Actie (%(o)s): %(d)s") % {"o": a.owner, "d": a.description[:120]},
            "6",
            a.due_on,
        )
        if a.done_on:
            o.status, o.done_on, o.evidence = ObligationStatus.DONE, a.done_on, a.done_note or str(a.meeting)
        items.append(o)
    fulfilled = {
        f.key: f for f in gm.ObligationFulfilment.objects.filter(deal=deal).select_related("attachment")
    }
    for o in items:
        kept = provider_for(o.key)
        if kept is not None:
            # Kept by another app (finance: SPUK account; reporting: the report): its record is
            # the evidence, and that app's own check reports lateness (common/obligations.py).
            provider, year = kept
            o.manual, o.kept_elsewhere = False, True
            evidence = provider(deal, year)
            if evidence is not None and evidence.done_on <= on:
                o.status, o.done_on, o.evidence = ObligationStatus.DONE, evidence.done_on, evidence.text
        f = fulfilled.get(o.key)
        if o.manual and f is not None:
            o.status, o.done_on, o.evidence = ObligationStatus.DONE, f.done_on, f.evidence
        if o.status != ObligationStatus.DONE:
            if o.due_on < on:
                o.status = ObligationStatus.OVERDUE
            elif (o.due_on - on).days <= DUE_SOON_DAYS:
                o.status = ObligationStatus.DUE_SOON
    return sorted(items, key=lambda o: (o.due_on, o.key))


def consent_summary(request: gm.Request) -> tuple[int, int]:
    """(consents, Parties whose consent counts now)."""
    rows = consent_table(request)
    return sum(1 for r in rows if r.consent and r.consent.answer == Answer.CONSENT), len(
        [r for r in rows if r.party is not None]
    )


# ---------------------------------------------------------------------------------------------
# The covenant check on screen: every domain's findings (common/findings.py), grouped


@dataclass
class ShownFinding:
    finding: object  # common.findings.Finding
    text: str  # in the reader's language
    page: object  # common.finding_pages.FindingPage | None

    @property
    def article(self) -> str:
        """ "art. 4.3", or the place as written when it is an annex ("Bijlage 1 §3")."""
        from regiodeal.common.i18n import article_label

        return article_label(self.finding.article)


@dataclass
class DomainFindings:
    domain: str
    label: str
    errors: list[ShownFinding]
    warnings: list[ShownFinding]


def domain_labels() -> dict[str, str]:
    return {
        "finance": _("Geld"),
        "results": _("Resultaten"),
        "participation": _("Participatie"),
        "reporting": _("Voortgangsrapportage"),
        "evaluation": _("Evaluatie en bijsturing"),
        "communication": _("Communicatie"),
        "governance": _("Bestuur en procedures"),
    }


def hidden_subjects(deal: dm.Deal, viewer) -> set[str]:
    """The subjects of findings (`Finding.subject`) that name a record kept from the viewer
    (Art. 10.1; disclosure/access.py): a confidential project, register item or meeting's action,
    a confidentiality request about such a record, a conversation of such a project."""
    from regiodeal.disclosure.access import hidden_from, hidden_project_ids, without_pointers_to_hidden
    from regiodeal.participation.models import Conversation
    from regiodeal.projects.models import Project

    kept = hidden_from(viewer, deal)
    if not kept:
        return set()
    ids: dict[tuple, set[int]] = {}
    for c in kept:
        ids.setdefault(c.content_type.natural_key(), set()).add(c.object_id)
    projects = hidden_project_ids(viewer, deal)
    everything = request_list(deal).values_list("number", flat=True)
    shown = set(without_pointers_to_hidden(request_list(deal), viewer, deal).values_list("number", flat=True))
    return (
        {f"project {code}" for code in Project.objects.filter(pk__in=projects).values_list("code", flat=True)}
        | {f"register item {pk}" for pk in ids.get(("governance", "registeritem"), ())}
        | {
            f"actie-{pk}"
            for pk in gm.Action.objects.filter(
                deal=deal, meeting_id__in=ids.get(("governance", "meeting"), ())
            ).values_list("pk", flat=True)
        }
        | {f"request {n}" for n in everything if n not in shown}
        | {
            f"conversation {pk}"
            for pk in Conversation.objects.filter(deal=deal, project_id__in=projects).values_list(
                "pk", flat=True
            )
        }
    )


def covenant_check(
    deal: dm.Deal, on: dt.date, *, with_finance: bool, viewer=None
) -> tuple[list[DomainFindings], int]:
    """Every finding of `regiodeal check --deal` on `on`, per domain, errors before warnings, each
    with its text for the screen and the page where it is resolved. Money findings only for those
    who may see the finances (`with_finance`); the second value counts the ones left out. Given a
    viewer, not the findings about a record kept from them (Art. 10.1): they name it."""
    labels = domain_labels()
    groups: dict[str, DomainFindings] = {}
    hidden = 0
    kept = hidden_subjects(deal, viewer) if viewer is not None else set()
    for finding in findings_for(deal, on):
        domain = domain_of(finding)
        if finding.subject in kept:
            continue
        if domain == "finance" and not with_finance:
            hidden += 1
            continue
        group = groups.setdefault(domain, DomainFindings(domain, labels.get(domain, domain), [], []))
        shown = ShownFinding(finding, text_for(finding), page_for(deal, finding))
        (group.errors if finding.severity == ERROR else group.warnings).append(shown)
    order = {domain: i for i, domain in enumerate(labels)}
    return sorted(groups.values(), key=lambda g: order.get(g.domain, len(order))), hidden


# ---------------------------------------------------------------------------------------------
# What a request or a version changes, in words (issue 18: amendments a Party can judge)


def request_comparison(request: gm.Request) -> tuple[list, int | None, str]:
    """What the request changes, row by row in the covenant's words (`deals.comparison`): for an
    adopted request its version against the one before, else the proposal (as filed) against the
    version it amends. Returns (changes, number of the old version, what the new side is)."""
    from regiodeal.deals.comparison import compare
    from regiodeal.deals.definition import read_definition

    version = request.adopted_version
    if version is not None and version.number > 1:
        previous = request.deal.versions.filter(number__lt=version.number).order_by("-number").first()
        return (
            compare(previous.content, version.content),
            previous.number,
            _("versie %(n)s") % {"n": version.number},
        )
    if request.proposed_text and request.base_version is not None:
        proposal, _problems = read_definition(request.proposed_text, "voorstel")
        if proposal is not None:
            return compare(request.base_version.content, proposal), request.base_version.number, _("voorstel")
    return [], None, ""


def version_comparison(old: dm.DealVersion, new: dm.DealVersion) -> list:
    """What changed from one version to another, in words (`deals.comparison`)."""
    from regiodeal.deals.comparison import compare

    return compare(old.content, new.content)
