"""Governance findings for `regiodeal check`: a year of the deal's life in which the
Rijk-Regio-overleg did not meet (Art. 6.2), every overdue duty of the obligations calendar, and
the covenant's procedures: a consultation after six weeks (Art. 11.2), a change of the split or
the duration not discussed in the overleg (Art. 4.3, 19.2), a withdrawing Party's open roles
(Art. 12.2), an accession without accepted obligations (Art. 13.1), a shortcoming not brought
to the overleg (Art. 16) and the publication in the Staatscourant (Art. 20.1)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from regiodeal.common.findings import ERROR, WARNING, Finding, register_check
from regiodeal.common.formatting import day
from regiodeal.deals.selectors import deal_entry_into_force

from . import models as gm
from .constants import ObligationStatus, RegisterKind, RegisterStatus, RequestKind, Role
from .selectors import (
    discussion_of,
    obligations,
    overleg_articles,
    request_deadline,
    years_without_enough_meetings,
)
from .workflow import OPEN


def _article(article: str) -> str:
    """ "art. 7.1", or an annex ("Bijlage 1", "Annex 1" in English)."""
    from regiodeal.common.i18n import article_label

    return article_label(article)


def _what(article: str) -> str:
    return _("de verdeling van de begroting") if article == "4.3" else _("de looptijd")


@register_check("governance.overleg")
def overleg_met_every_year(deal, on: dt.date):
    """Art. 6.2: the Rijk-Regio-overleg meets at least once a year, counted in twelve months from
    the entry into force; a meeting counts with attendees of both the Rijk and the Regio."""
    for year, held, required in years_without_enough_meetings(deal, on):
        yield Finding(
            rule="governance.overleg-yearly",
            article="6.2",
            severity=ERROR,
            message=_(
                "Het Rijk-Regio-overleg kwam van %(start)s tot en met %(end)s %(held)s keer bijeen met "
                "vertegenwoordigers van Rijk en Regio; minstens %(required)s keer is vereist (art. 6.2). "
                "Leg de vergadering vast met wie er aanwezig was."
            )
            % {
                "start": day(year.starts_on),
                "end": day(year.ends_on),
                "held": held,
                "required": required,
            },
            subject=f"year {year.number}",
            data={
                "year": year.number,
                "starts_on": year.starts_on.isoformat(),
                "ends_on": year.ends_on.isoformat(),
                "held": held,
                "required": required,
            },
        )


@register_check("governance.obligations")
def no_overdue_obligations(deal, on: dt.date):
    """Every dated duty of the deal done by its date (Art. 7, 11.2, 19.2, Bijlage 1, actions).
    A consultation after six weeks is a warning (Art. 11.2): the decision stays valid."""
    for o in obligations(deal, on):
        if o.status != ObligationStatus.OVERDUE or o.key.startswith("overleg-") or o.kept_elsewhere:
            continue  # a year without a meeting is the finding above; the app that keeps a duty reports it
        if o.key.startswith("consultatie-"):
            continue  # below, as a warning about the consultation
        if o.date_basis == "unset":
            # Bijlage 1 B names no date and the programme office has set none: a warning.
            yield Finding(
                rule="governance.obligation-date-unset",
                article=o.article,
                severity=WARNING,
                message=_(
                    "%(title)s: het convenant noemt geen datum (%(article)s) en het programmabureau heeft er "
                    "nog geen bepaald. Leg de datum vast bij Instellingen van de deal, of vink de plicht af "
                    "in de kalender als het programma er is."
                )
                % {"title": o.title, "article": _article(o.article)},
                subject=o.key,
                data={"key": o.key, "date_basis": o.date_basis},
            )
            continue
        if o.date_basis == "office":
            message = _(
                "%(title)s: uiterlijk %(due)s, de datum die het programmabureau bepaalde (het convenant "
                "noemt er geen, %(article)s), nog niet gedaan."
            )
        elif o.date_basis == "reading":
            message = _(
                "%(title)s: uiterlijk %(due)s, zoals het programmabureau die woorden leest (%(article)s), "
                "nog niet gedaan."
            )
        else:
            message = _("%(title)s: uiterlijk %(due)s, nog niet gedaan (%(article)s).")
        yield Finding(
            rule="governance.obligation-overdue",
            article=o.article,
            severity=WARNING if o.key.startswith("actie-") else ERROR,
            message=message % {"title": o.title, "due": day(o.due_on), "article": _article(o.article)},
            subject=o.key,
            data={"due_on": o.due_on.isoformat(), "key": o.key, "date_basis": o.date_basis},
        )


@register_check("governance.procedures")
def procedures_follow_the_covenant(deal, on: dt.date):
    """The steps of the covenant's procedures, each naming its article."""
    requests = gm.Request.objects.filter(deal=deal, filed_on__lte=on).select_related(
        "decision__meeting", "discussed_in", "filed_by"
    )
    for r in requests:
        deadline = request_deadline(r)
        # Art. 11.2: the Parties consult within six weeks; a later consultation (or none yet) is a
        # warning about the consultation. The decision, whenever taken, is valid.
        if deadline and deadline < on:
            late = r.consulted_on is not None and r.consulted_on > deadline
            missing = r.consulted_on is None and r.status in OPEN
            if late or missing:
                yield Finding(
                    rule="governance.consultation-late",
                    article="11.2",
                    severity=WARNING,
                    message=(
                        _(
                            "Verzoek %(n)s: het overleg over het verzoek was op %(c)s, na de zes weken "
                            "(uiterlijk %(d)s, art. 11.2). Het besluit blijft geldig."
                        )
                        if late
                        else _(
                            "Verzoek %(n)s: de Partijen hadden uiterlijk %(d)s in overleg moeten treden "
                            "(art. 11.2). Leg vast wanneer het overleg plaatsvond."
                        )
                    )
                    % {"n": r.number, "c": day(r.consulted_on), "d": day(deadline)},
                    subject=f"request {r.number}",
                    data={"deadline": deadline.isoformat(), "consulted_on": str(r.consulted_on or "")},
                )
        # Art. 4.3, 19.2: the split and the duration change "na bespreking in het Rijk-Regio-overleg".
        articles = overleg_articles(r)
        if articles and r.status in OPEN and discussion_of(r) is None:
            yield Finding(
                rule="governance.change-not-discussed",
                article=articles[0],
                severity=WARNING,
                message=_(
                    "Verzoek %(n)s wijzigt %(what)s: dat kan pas na bespreking in het Rijk-Regio-overleg "
                    "(art. %(a)s). Leg de vergadering vast die het besprak."
                )
                % {
                    "n": r.number,
                    "what": ", ".join(_what(a) for a in articles),
                    "a": ", ".join(articles),
                },
                subject=f"request {r.number}",
            )
        # Art. 12.2: a withdrawing Party's roles are settled by the remaining Parties.
        if r.kind == RequestKind.WITHDRAWAL and r.roles and not r.roles_decision_id:
            gone = r.effective_from <= on
            yield Finding(
                rule="governance.withdrawal-roles-open",
                article="12.2",
                severity=ERROR if gone else WARNING,
                message=_(
                    "%(o)s zegt op per %(d)s en is %(roles)s. Het Rijk-Regio-overleg besluit wie die "
                    "rol overneemt (art. 12.2); leg het besluit vast bij verzoek %(n)s."
                )
                % {
                    "o": r.filed_by,
                    "d": day(r.effective_from),
                    "roles": ", ".join(str(Role(x).label) for x in r.roles),
                    "n": r.number,
                },
                subject=f"request {r.number}",
                data={"roles": r.roles, "effective_from": r.effective_from.isoformat()},
            )
        # Art. 13.1: the acceding party accepts the obligations.
        if r.kind == RequestKind.ACCESSION and r.status in OPEN and not r.obligations_accepted_on:
            yield Finding(
                rule="governance.accession-not-accepted",
                article="13.1",
                severity=WARNING,
                message=_(
                    "Verzoek %(n)s: %(t)s. De toetredende partij heeft de verplichtingen uit de deal nog "
                    "niet aanvaard (art. 13.1); leg haar verklaring vast."
                )
                % {"n": r.number, "t": r.title},
                subject=f"request {r.number}",
            )


@register_check("governance.shortcomings")
def shortcomings_in_the_overleg(deal, on: dt.date):
    """Art. 16: Parties call each other to account for shortcomings in the Rijk-Regio-overleg."""
    items = gm.RegisterItem.objects.filter(
        deal=deal, kind=RegisterKind.SHORTCOMING, status=RegisterStatus.OPEN, raised_on__lte=on
    ).select_related("addressed_to", "meeting")
    for item in items:
        if item.meeting_id is None or item.meeting.held_on > on:
            yield Finding(
                rule="governance.shortcoming-not-in-overleg",
                article="16",
                severity=WARNING,
                message=_(
                    "Tekortkoming “%(t)s” (aangesproken: %(o)s) is nog niet besproken in het "
                    "Rijk-Regio-overleg (art. 16); zet haar op de agenda en kies de vergadering."
                )
                % {"t": item.title, "o": item.addressed_to},
                subject=f"register item {item.pk}",
            )


@register_check("governance.publication")
def published_in_the_staatscourant(deal, on: dt.date):
    """Art. 20.1: the deal is published in the Staatscourant."""
    force = deal_entry_into_force(deal)
    if force.starts_on is None or force.starts_on > on:
        return
    if not gm.Publication.objects.filter(deal=deal, request__isnull=True, published_on__lte=on).exists():
        yield Finding(
            rule="governance.not-published",
            article="20.1",
            severity=WARNING,
            message=_(
                "De deal is in werking sinds %(d)s, maar de publicatie in de Staatscourant is niet "
                "vastgelegd (art. 20.1). Leg de vindplaats vast."
            )
            % {"d": day(force.starts_on)},
            subject="deal",
        )
