"""Where each covenant finding is resolved, and how the screen says it.

`regiodeal check` prints a finding's rule code and message; the screen (`governance:check`,
docs/governance.md "The covenant check on screen") shows the message in the reader's language,
the article, and a link to the page where the finding is resolved. That link is computed here
from the finding's rule, subject and data: one small mapping per app (`PAGES`, keyed by rule; a
rule not listed falls back to its app's page in `APP_PAGES`). When an app adds a rule, it adds its
page here; `tests/governance/test_check_page.py` opens every link the example portfolio produces.

Some apps write their messages in English for the command line (results, participation); for
those rules `TEXTS` gives the sentence the screen shows, built from the finding's subject and data.

Only URL names are used (no app is imported), so this module sits in `common` beside the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from . import formatting
from .findings import Finding


@dataclass(frozen=True)
class FindingPage:
    url: str
    label: str  # the page's name, for the link text


Resolver = Callable[[object, Finding], FindingPage | None]


def _page(name: str, label: str, deal, **kwargs) -> FindingPage | None:
    try:
        return FindingPage(reverse(name, kwargs={"slug": deal.slug, **kwargs}), label)
    except NoReverseMatch:
        return None


def _tail(subject: str) -> str:
    """ "result 2A" -> "2A", "project WW-001" -> "WW-001", "conversation 7" -> "7"."""
    return subject.split(" ", 1)[-1].split(" / ", 1)[0].strip()


def _indicator(subject: str) -> str:
    return subject.split(" / ", 1)[1] if " / " in subject else ""


# --- finance -----------------------------------------------------------------------------------


def _finance_overview(deal, f):
    return _page("finance:overview", _("Financieel overzicht"), deal)


def _finance_project(deal, f):
    code = f.data.get("project")
    return _page("projects:detail", _("Project %(code)s") % {"code": code}, deal, code=code) if code else None


FINANCE = {
    "finance.national-within-line-maximum": _finance_overview,
    "finance.national-within-total": _finance_overview,
    "finance.regional-matches-national-pledged": _finance_overview,
    "finance.regional-matches-national-spent": _finance_overview,
    "finance.programme-within-line-maximum": lambda deal, f: _page(
        "finance:programme", _("Uitvoeringsprogramma"), deal
    ),
    "finance.execution-costs-within-share": lambda deal, f: _page(
        "finance:vat", _("Verdeling van de uitvoeringskosten"), deal
    ),
    "finance.spending-after-end-date": lambda deal, f: _page("finance:ledger", _("Grootboek"), deal),
    "finance.national-spending-within-allocation": _finance_project,
    "finance.spuk-account-overdue": lambda deal, f: _page("finance:spuk", _("SPUK-verantwoording"), deal),
    "finance.spuk-account-changed": lambda deal, f: _page("finance:spuk", _("SPUK-verantwoording"), deal),
    "finance.cooperation-agreement-recorded": lambda deal, f: _page(
        "finance:agreement", _("Samenwerkingsovereenkomst"), deal
    ),
    "finance.vat-contribution-paid": lambda deal, f: _page(
        "finance:vat", _("Verdeling van de uitvoeringskosten"), deal
    ),
    "finance.money-follows-pillar": _finance_project,
    "finance.eu-law-recorded": lambda deal, f: _page("finance:eu-law", _("Unierecht"), deal),
    "finance.regional-public-not-national": lambda deal, f: _page(
        "finance:entry", _("Boeking #%(id)s") % {"id": f.data["entry"]}, deal, pk=f.data["entry"]
    ),
    "finance.regional-public-source-recorded": lambda deal, f: _page("finance:ledger", _("Grootboek"), deal),
    "finance.spuk-decision-recorded": lambda deal, f: _page("finance:spuk", _("SPUK-verantwoording"), deal),
    "finance.spuk-received-within-decision": lambda deal, f: _page(
        "finance:spuk", _("SPUK-verantwoording"), deal
    ),
}

# --- governance --------------------------------------------------------------------------------


def _obligation(deal, f):
    """An overdue duty of the calendar: a request's step on the request, an action on its
    meeting, anything else on the calendar where it is ticked off."""
    key = f.data.get("key") or f.subject
    prefix, _sep, rest = key.rpartition("-")
    if prefix in ("consultatie-verzoek", "opzegging", "spuk-wijziging") and rest.isdigit():
        return _page("governance:request", _("Verzoek %(n)s") % {"n": rest}, deal, number=int(rest))
    if prefix == "actie" and rest.isdigit():
        action = apps.get_model("governance", "Action").objects.filter(deal=deal, pk=int(rest)).first()
        if action is not None:
            return _page("governance:meeting", str(action.meeting), deal, pk=action.meeting_id)
    return _page("governance:calendar", _("Verplichtingenkalender"), deal)


def _request(deal, f):
    number = _tail(f.subject)
    if not number.isdigit():
        return None
    return _page("governance:request", _("Verzoek %(n)s") % {"n": number}, deal, number=int(number))


def _register_item(deal, f):
    pk = f.subject.rsplit(" ", 1)[-1]
    if not pk.isdigit():
        return None
    return _page("governance:register_item", _("Knelpunten en risico's"), deal, pk=int(pk))


GOVERNANCE = {
    "governance.overleg-yearly": lambda deal, f: _page("governance:meetings", _("Rijk-Regio-overleg"), deal),
    "governance.obligation-overdue": _obligation,
    "governance.consultation-late": _request,
    "governance.change-not-discussed": _request,
    "governance.withdrawal-roles-open": _request,
    "governance.accession-not-accepted": _request,
    "governance.shortcoming-not-in-overleg": _register_item,
    "governance.not-published": lambda deal, f: _page(
        "governance:publications", _("Publicatie in de Staatscourant"), deal
    ),
    # Bijlage 1 B names no date: the programme office sets one in the deal's settings.
    "governance.obligation-date-unset": lambda deal, f: _page(
        "deal-settings", _("Instellingen van de deal"), deal
    ),
}

# --- reporting ---------------------------------------------------------------------------------

REPORTING = {
    "reporting.draft-late": lambda deal, f: _page("reporting:index", _("Voortgangsrapportages"), deal),
    "reporting.report-late": lambda deal, f: _page("reporting:index", _("Voortgangsrapportages"), deal),
}

# --- results -----------------------------------------------------------------------------------


def _result(deal, f):
    code = _tail(f.subject)
    if f.subject.startswith("pillar "):  # what residents will notice of a pillar (Art. 3)
        return _page("results:pillar", _("Pijler %(code)s") % {"code": code}, deal, code=code)
    return _page("results:result", _("Resultaat %(code)s") % {"code": code}, deal, code=code)


RESULTS = {
    "results.result-without-indicator": _result,
    "results.baseline-missing": _result,
    "results.behind-schedule": _result,
}

# --- participation -----------------------------------------------------------------------------


def _conversation(deal, f):
    pk = _tail(f.subject)
    if not pk.isdigit():
        return None
    return _page(
        "participation:conversation",
        _("Gesprek in wijk %(w)s") % {"w": f.data.get("wijk", "")},
        deal,
        pk=int(pk),
    )


def _initiative(deal, f):
    pk = _tail(f.subject)
    if not pk.isdigit():
        return None
    return _page("participation:initiative", _("Initiatief %(n)s") % {"n": pk}, deal, pk=int(pk))


def _participation_project(deal, f):
    code = _tail(f.subject)
    return _page("projects:detail", _("Project %(code)s") % {"code": code}, deal, code=code)


PARTICIPATION = {
    "participation.wijk-below-norm": lambda deal, f: _page("participation:wijken", _("Wijken"), deal),
    "participation.feedback-missing": _conversation,
    "participation.initiative-overdue": _initiative,
    "participation.project-without-participation": _participation_project,
}

# --- evaluation and communication ---------------------------------------------------------------


def _evaluation_document(kind: str) -> Resolver:
    def resolve(deal, f):
        page = _page("evaluation:document-new", _("Een evaluatiedocument vastleggen"), deal)
        return FindingPage(f"{page.url}?kind={kind}", page.label) if page else None

    return resolve


EVALUATION: dict[str, Resolver] = {
    "evaluation.evaluation-approach-missing": _evaluation_document("evaluation_approach"),
    "evaluation.problem-analysis-missing": _evaluation_document("problem_analysis"),
    "evaluation.theory-of-change-missing": _evaluation_document("theory_of_change"),
    "evaluation.communication-plan-missing": _evaluation_document("communication_plan"),
    "evaluation.interim-overdue": _evaluation_document("interim_evaluation"),
    "communication.credit-line-not-asked": lambda deal, f: _page(
        "evaluation:credit-line-new", _("Vermelding Rijk en regio gevraagd"), deal, code=_tail(f.subject)
    ),
}

PAGES: dict[str, Resolver] = {**FINANCE, **GOVERNANCE, **REPORTING, **RESULTS, **PARTICIPATION, **EVALUATION}

# A rule without its own entry goes to its app's main page.
APP_PAGES: dict[str, tuple[str, Callable[[], str]]] = {
    "finance": ("finance:findings", lambda: _("Bevindingen over het geld")),
    "governance": ("governance:calendar", lambda: _("Verplichtingenkalender")),
    "reporting": ("reporting:index", lambda: _("Voortgangsrapportages")),
    "results": ("results:dashboard", lambda: _("Resultaten")),
    "participation": ("participation:overview", lambda: _("Participatie")),
    "evaluation": ("evaluation:overview", lambda: _("Evaluatie en bijsturing")),
    "communication": ("evaluation:communication", lambda: _("Communicatie")),
}


def page_for(deal, finding: Finding) -> FindingPage | None:
    """The page where `finding` is resolved, or None if no page is known."""
    resolver = PAGES.get(finding.rule)
    if resolver is not None:
        page = resolver(deal, finding)
        if page is not None:
            return page
    fallback = APP_PAGES.get(domain_of(finding))
    return _page(fallback[0], fallback[1](), deal) if fallback else None


def domain_of(finding: Finding) -> str:
    return finding.rule.split(".", 1)[0]


# --- what the screen says ----------------------------------------------------------------------


def _text_result_without_indicator(f):
    if f.subject.startswith("pillar "):
        return _(
            "Wat inwoners van pijler %(code)s gaan merken (art. 3) heeft geen mijlpaal, dus het jaarverslag "
            "kan er niets over zeggen (art. 7.2.B)."
        ) % {"code": _tail(f.subject)}
    return _(
        "Beoogd resultaat %(code)s heeft geen indicator en geen mijlpaal, dus het jaarverslag kan niet "
        "zeggen of het op schema ligt (art. 7.2.B)."
    ) % {"code": _tail(f.subject)}


def _text_baseline_missing(f):
    due = f.data.get("due_on", "")
    return _(
        "Geen nulmeting voor indicator %(indicator)s van resultaat %(code)s: de beginsituatie moest "
        "uiterlijk %(due)s beschreven zijn, zoals het programmabureau de woorden van het convenant leest "
        "(art. %(article)s)."
    ) % {
        "indicator": _indicator(f.subject),
        "code": _tail(f.subject),
        "due": formatting.day(due) if due else "?",
        "article": f.article,
    }


def _text_behind(f):
    return _(
        "Indicator %(indicator)s van resultaat %(code)s loopt achter op schema: de voortgang blijft "
        "meer dan 0,15 achter bij de verstreken tijd (art. 7.2)."
    ) % {"indicator": _indicator(f.subject), "code": _tail(f.subject)}


def _text_wijk(f):
    return _(
        "Wijk %(wijk)s: %(spoken)s bewoners gesproken, minder dan de %(norm)s per wijk van art. 2.1 "
        "(op de lijst sinds %(listed)s)."
    ) % {
        "wijk": _tail(f.subject),
        "spoken": f.data.get("spoken", "?"),
        "norm": f.data.get("norm", "?"),
        "listed": f.data.get("listed_on", "?"),
    }


def _text_feedback(f):
    return _(
        "Geen terugkoppeling aan de bewoners vastgelegd voor het gesprek in wijk %(wijk)s op %(held)s "
        "(art. 3.1: terugkoppelen wat er met de inzichten wordt gedaan)."
    ) % {"wijk": f.data.get("wijk", "?"), "held": f.data.get("held_on", "?")}


def _text_initiative(f):
    return _(
        "Initiatief %(n)s is afgelopen op %(ends)s maar nog niet afgesloten: leg vast hoe het afliep "
        "(art. 2.1)."
    ) % {"n": _tail(f.subject), "ends": f.data.get("ends_on", "?")}


def _text_project_participation(f):
    return _(
        "Project %(code)s loopt, maar zegt niet hoe bewoners meedoen en er is geen cocreatie vastgelegd "
        "(Bijlage 1 §3)."
    ) % {"code": _tail(f.subject)}


TEXTS: dict[str, Callable[[Finding], str]] = {
    "results.result-without-indicator": _text_result_without_indicator,
    "results.baseline-missing": _text_baseline_missing,
    "results.behind-schedule": _text_behind,
    "participation.wijk-below-norm": _text_wijk,
    "participation.feedback-missing": _text_feedback,
    "participation.initiative-overdue": _text_initiative,
    "participation.project-without-participation": _text_project_participation,
}


def text_for(finding: Finding) -> str:
    """The finding's message as the screen shows it, in the reader's language."""
    make = TEXTS.get(finding.rule)
    return make(finding) if make else finding.message
