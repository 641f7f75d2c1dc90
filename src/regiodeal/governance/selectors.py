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

from regiodeal.common.formatting import day
from regiodeal.common.obligations import provider_for
from regiodeal.deals import models as dm
from regiodeal.deals.constants import PartyKind
from regiodeal.deals.selectors import (
    baseline_reading,
    deal_entry_into_force,
    deal_settings,
    parties_in_office,
    programme_due_on,
    version_in_force_cached,
)

from . import models as gm
from .constants import DUE_SOON_DAYS, NEEDS_OVERLEG, Answer, ObligationStatus, RequestKind, Role
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
    weeks = version_in_force_cached(request.deal, request.received_on).rules.amendment_consultation_weeks
    return consultation_deadline(request.received_on, weeks) if weeks else None


# ---------------------------------------------------------------------------------------------
# What a request needs before it is adopted (Art. 11-13), read by the services and the screens


def required_parties(request: gm.Request, on: dt.date) -> list[dm.Party]:
    """Whose consent the request needs on `on`: every Party in office then (Art. 11.1, 13.1). An
    acceded Party counts from its adoption; a withdrawn one no longer from its effective day."""
    return parties_in_office(request.deal, on)


def missing_consents(request: gm.Request, on: dt.date) -> list[dm.Party]:
    consented = set(request.consents.filter(answer=Answer.CONSENT).values_list("organisation_id", flat=True))
    return [p for p in required_parties(request, on) if p.organisation_id not in consented]


def overleg_articles(request: gm.Request) -> list[str]:
    """The articles by which this request's changes need discussion in the Rijk-Regio-overleg:
    the budget split (Art. 4.3) and the duration (Art. 19.2), whatever the request's kind."""
    return [article for key, article in NEEDS_OVERLEG.items() if request.changes.get(key)]


def discussion_of(request: gm.Request, on: dt.date | None = None) -> gm.Meeting | None:
    """The overleg meeting that discussed the request on or before `on`: the meeting of its
    decision, or the meeting recorded as its discussion (an agenda item and minutes suffice)."""
    for meeting in (request.decision.meeting if request.decision_id else None, request.discussed_in):
        if meeting is not None and (on is None or meeting.held_on <= on):
            return meeting
    return None


def waits_for(request: gm.Request, on: dt.date) -> list[str]:
    """What, beside the consents, the request waits for before it can be adopted on `on`."""
    out = []
    if overleg_articles(request) and discussion_of(request, on) is None:
        out.append("discussion")
    if request.kind == RequestKind.ACCESSION and not request.obligations_accepted_on:
        out.append("acceptance")
    return out


def changes_duration(request: gm.Request) -> bool:
    """Art. 19.2: the request changes the end date, whether as a duration change or inside a
    generic amendment."""
    return request.kind == RequestKind.DURATION or bool(request.changes.get("ends_on"))


def roles_of(version: dm.DealVersion, organisation: dm.Organisation) -> list[str]:
    """The roles (constants.Role) the organisation holds in this version of the deal."""
    roles = []
    if version.regiokassier_id == organisation.pk:
        roles.append(Role.REGIOKASSIER.value)
    rules = version.rules
    if organisation.pk in (rules.amendment_addressed_to_id, rules.accession_addressed_to_id):
        roles.append(Role.VRO.value)
    return roles


def role_consequence(role: str) -> str:
    """Art. 12.2: what the overleg must settle when the Party holding `role` leaves."""
    if role == Role.REGIOKASSIER:
        return _("wie het rijksgeld hierna ontvangt en verantwoordt (art. 5, 7.3)")
    return _(
        "de rijksbijdrage (art. 4.2) en wie de verzoeken tot wijziging en toetreding ontvangt "
        "(art. 11.2, 13.2)"
    )


@dataclass
class ConsentRow:
    party: dm.Party
    consent: gm.Consent | None


def consent_table(request: gm.Request, on: dt.date | None = None) -> list[ConsentRow]:
    """Every Party whose declaration counts on `on` (default: the decision date, else today), and
    what it declared; plus declarations of Parties no longer in office, so history stays."""
    on = on or request.decided_on or timezone.localdate()
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
    version = version_in_force_cached(meeting.deal, meeting.held_on)
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
    years = [y for y in overleg_years(deal, version_in_force_cached(deal, on).ends_on) if y.starts_on <= on]
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
        required = version_in_force_cached(deal, year.ends_on).rules.overleg_meets_at_least_per_year
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
        version = version_in_force_cached(deal, max(dt.date(year, 1, 1), start))
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
        rules = version_in_force_cached(deal, year.ends_on).rules
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
# What a request or a version changes, in words, so that a Party can judge an amendment


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
