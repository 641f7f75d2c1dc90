"""The words of each kind of notification, in the active language (the reader's on a page, the
recipient's in a mail: `translation.override`). `params` come from the row, already reduced to
the active language (models.Notification._params)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from regiodeal.common.formatting import day

from .constants import Kind


def _date(iso: str) -> str:
    try:
        return day(dt.date.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso or ""


def _article(article: str) -> str:
    """ "7.3" reads "art. 7.3"; "Bijlage 1" reads "Annex 1" in English."""
    from regiodeal.common.i18n import article_label

    return article_label(article)


def _request_kind(value: str) -> str:
    from regiodeal.governance.constants import RequestKind

    return str(RequestKind(value).label) if value in RequestKind.values else value


def subject_of(kind: str, p: dict) -> str:
    deal = p.get("deal", "")
    if kind == Kind.CONSENT_REQUESTED:
        return _("%(deal)s: uw instemming gevraagd voor verzoek %(n)s") % {"deal": deal, "n": p.get("number")}
    if kind == Kind.REPORT_SENT:
        return _("%(deal)s: concept-voortgangsrapportage %(y)s ter commentaar") % {
            "deal": deal,
            "y": p.get("year"),
        }
    if kind == Kind.OBLIGATION_SOON:
        return ngettext(
            "%(deal)s: over %(d)s dag: %(t)s", "%(deal)s: over %(d)s dagen: %(t)s", p.get("days", 0)
        ) % {"deal": deal, "d": p.get("days"), "t": p.get("title", "")}
    if kind == Kind.OBLIGATION_DUE:
        return _("%(deal)s: vandaag: %(t)s") % {"deal": deal, "t": p.get("title", "")}
    if kind == Kind.OBLIGATION_OVERDUE:
        return _("%(deal)s: te laat: %(t)s") % {"deal": deal, "t": p.get("title", "")}
    return deal


def text_of(kind: str, p: dict) -> str:
    if kind == Kind.CONSENT_REQUESTED:
        text = _(
            "VRO vraagt %(party)s in te stemmen met verzoek %(n)s, ‘%(t)s’ (%(k)s). Geef de schriftelijke "
            "verklaring van uw Partij: instemmen of niet instemmen (art. 11.3)."
        ) % {
            "party": p.get("party", ""),
            "n": p.get("number"),
            "t": p.get("title", ""),
            "k": _request_kind(p.get("request_kind", "")),
        }
        if p.get("deadline"):
            text += " " + _("Het overleg hierover loopt tot %(d)s (art. 11.2).") % {"d": _date(p["deadline"])}
        return text
    if kind == Kind.REPORT_SENT:
        return _(
            "Het programmabureau legt het concept van de voortgangsrapportage over %(y)s voor aan de "
            "Partijen (art. 7.3). Lees het en geef commentaar namens %(party)s."
        ) % {"y": p.get("year"), "party": p.get("party", "")}
    duty = {"t": p.get("title", ""), "a": _article(p.get("article", "")), "due": _date(p.get("due_on", ""))}
    if kind == Kind.OBLIGATION_SOON:
        return ngettext(
            "%(t)s (%(a)s) moet uiterlijk %(due)s gedaan zijn, over %(d)s dag. Leg vast wanneer het gedaan "
            "is; dan stoppen de herinneringen.",
            "%(t)s (%(a)s) moet uiterlijk %(due)s gedaan zijn, over %(d)s dagen. Leg vast wanneer het gedaan "
            "is; dan stoppen de herinneringen.",
            p.get("days", 0),
        ) % {**duty, "d": p.get("days")}
    if kind == Kind.OBLIGATION_DUE:
        return (
            _(
                "%(t)s (%(a)s) moet vandaag, %(due)s, gedaan zijn. Leg vast wanneer het gedaan is; dan "
                "stoppen de herinneringen."
            )
            % duty
        )
    if kind == Kind.OBLIGATION_OVERDUE:
        return ngettext(
            "%(t)s (%(a)s) moest uiterlijk %(due)s gedaan zijn en is %(d)s dag te laat. U krijgt elke week "
            "een herinnering tot het is vastgelegd als gedaan.",
            "%(t)s (%(a)s) moest uiterlijk %(due)s gedaan zijn en is %(d)s dagen te laat. U krijgt elke week "
            "een herinnering tot het is vastgelegd als gedaan.",
            p.get("late", 0),
        ) % {**duty, "d": p.get("late")}
    return ""


def localised_path(path: str, language: str | None = None) -> str:
    """A path of the platform (stored without language prefix) in `language` (default: active)."""
    lang = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    if not path or lang == settings.LANGUAGE_CODE:
        return path
    return f"/{lang}{path}"


def absolute(path: str, language: str | None = None) -> str:
    return settings.BASE_URL + localised_path(path, language)
