"""The mails: plain text, in the recipient's language, with a link (BASE_URL + path) and a
subject naming the deal."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .texts import absolute


def _footer(language: str) -> str:
    with translation.override("nl"):
        path = reverse("notifications:preferences")
    return _(
        "U krijgt deze e-mail van het platform van de Regio Deal omdat uw rol deze taak of beslissing "
        "heeft. Meteen of één keer per dag, en in welke taal: %(url)s"
    ) % {"url": absolute(path, language)}


def _block(n, language: str) -> str:
    lines = [n.text]
    if n.link:
        lines.append(absolute(n.link, language))
    return "\n".join(lines)


def one(n, language: str) -> EmailMessage:
    """One notification, at once."""
    with translation.override(language):
        body = f"{_block(n, language)}\n\n-- \n{_footer(language)}\n"
        return EmailMessage(
            subject=n.subject, body=body, to=[n.user.email], from_email=settings.DEFAULT_FROM_EMAIL
        )


def digest(user, notifications: list, language: str) -> EmailMessage:
    """The daily overview: every notification not yet sent, in one mail."""
    with translation.override(language):
        deals = sorted({n.params.get("deal") or n.deal.slug for n in notifications})
        subject = ngettext("%(deals)s: %(n)s melding", "%(deals)s: %(n)s meldingen", len(notifications)) % {
            "deals": ", ".join(deals),
            "n": len(notifications),
        }
        parts = [f"* {n.subject}\n{_block(n, language)}" for n in notifications]
        with translation.override("nl"):
            listing = reverse("notifications:list")
        body = (
            _("Uw meldingen van vandaag:")
            + "\n\n"
            + "\n\n".join(parts)
            + "\n\n"
            + _("Alle meldingen: %(url)s") % {"url": absolute(listing, language)}
            + f"\n\n-- \n{_footer(language)}\n"
        )
        return EmailMessage(
            subject=subject, body=body, to=[user.email], from_email=settings.DEFAULT_FROM_EMAIL
        )
