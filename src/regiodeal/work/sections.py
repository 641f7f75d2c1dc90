"""The built-in sections of "Mijn werk", per role (accounts/roles.py). Each reads through
`work/selectors.py` and returns None when it is not for this person.

- consents: a Party's representative the requests awaiting their Party; the programme office
  every open request and the Parties still to answer.
- report: a representative the drafts sent to the Parties to comment on; the office each open
  report and the comments received.
- obligations: who holds the duty: the office all, the regiokassier the SPUK account, a
  representative the actions of their Party.
- findings: covenant findings of severity error: the office all, the regiokassier those on money.
- projects: milestones and measurements due: a project lead their own projects, the office all.
- changes: everyone in the deal: the latest ten changes.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from regiodeal.accounts.roles import Capability as C
from regiodeal.accounts.roles import Role
from regiodeal.common import formatting
from regiodeal.common.finding_pages import page_for, text_for

from . import selectors as sel
from .changes import changes
from .registry import Item, Section, WorkContext, register_section


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _date(day) -> str:
    return formatting.day(day)


def _names(organisations) -> str:
    return "; ".join(o.name for o in organisations)


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (not i.overdue, i.due_on is None, i.due_on or 0, i.text))


def _is_office(ctx: WorkContext) -> bool:
    return Role.PROGRAMME_OFFICE in ctx.roles


# ---------------------------------------------------------------------------------------------


@register_section("consents", order=10)
def consents(ctx: WorkContext) -> Section | None:
    """Art. 11.3, 13.3: each Party in office consents or refuses in writing."""
    office = ctx.can(C.MANAGE_GOVERNANCE)
    represented = ctx.represented if ctx.can(C.CONSENT) else []
    if not office and not represented:
        return None
    slug = ctx.deal.slug
    items = []
    for r in sel.open_requests(ctx.deal, ctx.today):
        url = _url("governance:request", slug=slug, number=r.number)
        text = _("Verzoek %(n)s: %(t)s") % {"n": r.number, "t": r.title}
        if office:
            if r.status == "filed" and r.kind == "confidentiality":
                note = _("Beslis over de geheimhouding (art. 10.1).")
            elif r.status == "filed":
                note = _("Leg vast wanneer VRO het verzoek ontving (art. 11.2).")
            elif r.waiting_for:
                note = _("Nog niet geantwoord: %(names)s.") % {"names": _names(r.waiting_for)}
            else:
                continue
            items.append(Item(text, url, r.deadline, bool(r.deadline and r.deadline < ctx.today), note))
        else:
            mine = [o for o in represented if o in r.waiting_for]
            if mine:
                note = _("Instemming gevraagd van %(o)s (art. 11.3).") % {"o": _names(mine)}
                items.append(Item(text, url, r.deadline, bool(r.deadline and r.deadline < ctx.today), note))
    return Section(
        key="consents",
        title=_("Verzoeken en instemming") if office else _("Instemming gevraagd"),
        items=_sorted(items),
        empty=_("Geen verzoek wacht op een antwoord.")
        if office
        else _("Geen verzoek wacht op de instemming van uw Partij."),
        more_label=_("Alle verzoeken"),
        more_url=_url("governance:requests", slug=slug),
    )


@register_section("report", order=20)
def report(ctx: WorkContext) -> Section | None:
    """Art. 7.3: the draft goes to the Parties, who comment; the office finalises and submits."""
    office = ctx.can(C.MANAGE_REPORT)
    represented = ctx.represented if ctx.can(C.COMMENT_REPORT) else []
    if not office and not represented:
        return None
    slug = ctx.deal.slug
    items = []
    in_office = None
    for r in sel.open_reports(ctx.deal):
        url = _url("reporting:detail", slug=slug, year=r.year)
        text = _("Voortgangsrapportage %(y)s") % {"y": r.year}
        if office:
            if r.status == "draft":
                note = _("Concept: leg het voor aan de Partijen.")
            elif r.status == "sent":
                if in_office is None:
                    in_office = sel.organisations_in_office(ctx.deal, ctx.today)
                commented = [o for o in in_office if o.pk in r.commented_by]
                note = _("Voorgelegd op %(d)s; commentaar van %(n)s van de %(total)s Partijen%(names)s.") % {
                    "d": _date(r.sent_on),
                    "n": len(commented),
                    "total": len(in_office),
                    "names": f": {_names(commented)}" if commented else "",
                }
            else:
                note = _("Definitief: dien het in bij VRO.")
            items.append(Item(text, url, note=note))
        elif r.status == "sent":
            waiting = [o for o in represented if o.pk not in r.commented_by]
            if waiting:
                note = _("Voorgelegd op %(d)s: commentaar gevraagd van %(o)s.") % {
                    "d": _date(r.sent_on),
                    "o": _names(waiting),
                }
                items.append(Item(text, url, note=note))
    return Section(
        key="report",
        title=_("Voortgangsrapportage"),
        items=items,
        empty=_("Geen rapportage in bewerking.")
        if office
        else _("Er ligt geen concept voor om op te reageren."),
        more_label=_("Alle rapportages"),
        more_url=_url("reporting:index", slug=slug),
    )


# Who holds a dated duty, by the prefix of its key (governance.selectors.obligations): the SPUK
# account and the request to change the SPUK decision are the regiokassier's (Art. 5, 7.3,
# 19.2); an action agreed in the overleg is its owner's; the rest is the programme office's.
REGIOKASSIER_DUTIES = ("spuk-verantwoording-", "spuk-wijziging-")


def _obligation_url(ctx: WorkContext, key: str, actions: dict, report_years: set) -> str:
    slug = ctx.deal.slug
    prefix, _sep, number = key.rpartition("-")
    if prefix in ("voortgang-concept", "voortgang-vro") and number.isdigit():
        year = int(number) - 1
        if year in report_years:
            return _url("reporting:detail", slug=slug, year=year)
        return _url("reporting:index", slug=slug)
    if prefix == "spuk-verantwoording":
        return _url("finance:spuk", slug=slug)
    if prefix in ("consultatie-verzoek", "spuk-wijziging", "opzegging") and number.isdigit():
        return _url("governance:request", slug=slug, number=int(number))
    if prefix == "actie" and number.isdigit() and int(number) in actions:
        return _url("governance:meeting", slug=slug, pk=actions[int(number)][1])
    if prefix == "overleg":
        return _url("governance:meetings", slug=slug)
    return _url("governance:calendar", slug=slug)


@register_section("obligations", order=30)
def obligations(ctx: WorkContext) -> Section | None:
    """The deal's dated duties (governance's calendar) overdue or due within 30 days."""
    office = ctx.can(C.MANAGE_GOVERNANCE)
    kassier = Role.REGIOKASSIER in ctx.roles
    represented = {o.pk for o in ctx.represented}
    if not (office or kassier or represented):
        return None
    due = sel.due_obligations(ctx.deal, ctx.today)
    actions = sel.action_owners(ctx.deal) if due else {}
    years = sel.report_years(ctx.deal) if due else set()
    items = []
    for o in due:
        spuk = o.key.startswith(REGIOKASSIER_DUTIES)
        action = actions.get(int(o.key[6:])) if o.key.startswith("actie-") and o.key[6:].isdigit() else None
        mine = (kassier and spuk) or (action is not None and action[0] in represented)
        if not (office or mine):
            continue
        note = _("Taak van de regiokassier.") if spuk and office and not kassier else ""
        items.append(
            Item(
                o.title,
                _obligation_url(ctx, o.key, actions, years),
                o.due_on,
                o.status == "overdue",
                note,
            )
        )
    return Section(
        key="obligations",
        title=_("Verplichtingen: te laat of binnen 30 dagen"),
        items=_sorted(items),
        empty=_("Geen verplichting te laat of binnen 30 dagen."),
        more_label=_("Kalender van verplichtingen"),
        more_url=_url("governance:calendar", slug=ctx.deal.slug),
    )


# An overdue duty is already an item of the obligations section, with its link.
FINDINGS_SHOWN_ELSEWHERE = ("governance.obligation-overdue",)


def _finding_text(f) -> tuple[str, str]:
    """(message, about) in the reader's language, as the covenant check page words it."""
    return text_for(f), _("%(subject)s (art. %(article)s)") % {"subject": f.subject, "article": f.article}


@register_section("findings", order=40)
def findings(ctx: WorkContext) -> Section | None:
    """Covenant findings of severity error (`regiodeal check`)."""
    office = _is_office(ctx)
    kassier = Role.REGIOKASSIER in ctx.roles
    if not (office or kassier):
        return None
    items = []
    for f in sel.error_findings(ctx.deal, ctx.today):
        if f.rule in FINDINGS_SHOWN_ELSEWHERE or (not office and not f.rule.startswith("finance.")):
            continue
        page = page_for(ctx.deal, f)
        url = page.url if page else _url("governance:check", slug=ctx.deal.slug)
        text, note = _finding_text(f)
        items.append(Item(text, url, note=note))
    return Section(
        key="findings",
        title=_("Fouten bij de controle van het convenant")
        if office
        else _("Fouten bij de controle van het geld"),
        items=items,
        empty=_("De controle vindt geen fouten."),
        more_label=_("De hele toets aan het convenant") if office else _("Alle bevindingen over het geld"),
        more_url=_url("governance:check", slug=ctx.deal.slug)
        if office
        else _url("finance:findings", slug=ctx.deal.slug),
    )


@register_section("projects", order=50)
def projects(ctx: WorkContext) -> Section | None:
    """Milestones within 30 days or past, and measurements the yearly report needs."""
    office = _is_office(ctx)
    if office:
        project_ids = None
    elif Role.PROJECT_LEAD in ctx.roles:
        project_ids = ctx.managed_project_ids
    else:
        return None
    slug = ctx.deal.slug
    items = []
    if project_ids != set():
        for m in sel.due_milestones(ctx.deal, ctx.today, project_ids):
            items.append(
                Item(
                    _("Mijlpaal van %(p)s: %(t)s") % {"p": m.project.code, "t": m.title},
                    _url("projects:detail", slug=slug, code=m.project.code),
                    m.due_on,
                    m.due_on < ctx.today,
                    m.project.title,
                )
            )
        add = _url("results:measurement-add", slug=slug)
        for d in sel.due_measurements(ctx.deal, ctx.today, project_ids):
            url = add if office else f"{add}?project={d.projects[0]}"
            items.append(
                Item(
                    _("Meting %(y)s: %(i)s (resultaat %(r)s)")
                    % {"y": d.year, "i": d.indicator_name, "r": d.result_code},
                    url,
                    d.due_on,
                    d.overdue,
                    _("Nodig voor de voortgangsrapportage (art. 7.2); projecten: %(p)s.")
                    % {"p": ", ".join(d.projects)},
                )
            )
    return Section(
        key="projects",
        title=_("Mijlpalen en metingen") if office else _("Mijlpalen en metingen van uw projecten"),
        items=_sorted(items),
        empty=_("Geen mijlpaal of meting te laat of binnen 30 dagen.")
        if project_ids != set()
        else _("U bent nog aan geen project gekoppeld: vraag het programmabureau u toe te voegen."),
        more_label=_("Projectregister"),
        more_url=_url("projects:register", slug=slug),
    )


@register_section("changes", order=90)
def latest(ctx: WorkContext) -> Section | None:
    """The latest ten changes in the deal, for everyone who may read its internal pages."""
    if not ctx.can(C.VIEW_INTERNAL):
        return None
    audit = ctx.can(C.VIEW_AUDIT)
    items = [
        Item(c.text, c.url, note=_("door %(who)s") % {"who": c.who}, when=c.at)
        for c in changes(sel.latest_changes(ctx.deal, viewer=ctx.user), ctx.deal, audit)
    ]
    return Section(
        key="changes",
        title=_("Laatste wijzigingen in de deal"),
        items=items,
        empty=_("Nog geen wijzigingen."),
        more_label=_("Hele audittrail") if audit else "",
        more_url=_url("audit:trail", slug=ctx.deal.slug) if audit else "",
        needs_action=False,
    )
