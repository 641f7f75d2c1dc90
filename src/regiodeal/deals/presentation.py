"""The deal's presentation: its identity (logo, colours) and the texts of
its three statements (privacy, accessibility, contact), kept in `models.DealSettings`, never in
the covenant's definition. Empty settings mean the defaults below, so no statement is ever empty.

docs/presentation.md "Identity and statements" says how the colours are used and checked."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from . import models as m

# The theme's text colour (voorbeeld theme, --basis-color-default-color-document) and the page.
TEXT_COLOUR = "#001a40"
PAGE_COLOUR = "#ffffff"
MIN_CONTRAST = 4.5  # WCAG 2.1 SC 1.4.3, normal text

LOGO_MAX_BYTES = 200 * 1024
LOGO_TYPES = {"image/png": "PNG", "image/svg+xml": "SVG"}

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def parse_colour(text: str) -> str:
    """'#1A5E9C' or '1a5e9c' as '#1a5e9c'; ValueError for anything else."""
    text = (text or "").strip()
    if text and not text.startswith("#"):
        text = f"#{text}"
    if not HEX.match(text):
        raise ValueError(text)
    return text.lower()


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two '#rrggbb' colours, 1 to 21."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_problems(*, primary: str, band: str) -> dict[str, str]:
    """Messages per field for colours that fail 4.5:1 where they are used: the main colour is the
    colour of links and buttons on the white page (and of the white text on a button); the band's
    colour is the background of the header and footer, behind the text and the links."""
    problems: dict[str, str] = {}
    if primary:
        ratio = contrast(primary, PAGE_COLOUR)
        if ratio < MIN_CONTRAST:
            problems["colour_primary"] = _(
                "De hoofdkleur %(colour)s heeft op wit een contrast van %(ratio)s:1; nodig is minstens "
                "4,5:1 (WCAG 1.4.3). Kies een donkerdere kleur."
            ) % {"colour": primary, "ratio": _ratio(ratio)}
    if band:
        worst = min(contrast(band, TEXT_COLOUR), contrast(band, primary or TEXT_COLOUR))
        if worst < MIN_CONTRAST:
            problems["colour_band"] = _(
                "De kleur van de kopbalk %(colour)s geeft met de tekst en de links erop een contrast "
                "van %(ratio)s:1; nodig is minstens 4,5:1 (WCAG 1.4.3). Kies een lichtere kleur."
            ) % {"colour": band, "ratio": _ratio(worst)}
    return problems


def _ratio(value: float) -> str:
    from regiodeal.common.formatting import number

    return number(round(value, 1), 1)


def logo_type(data: bytes) -> str | None:
    """'image/png' or 'image/svg+xml' by the file's content, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    head = data[:2048].lstrip().lower()
    if (head.startswith(b"<?xml") or head.startswith(b"<svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None


@dataclass(frozen=True)
class Identity:
    """What the frame shows of the deal: the organisation that answers for the site, its logo
    (a data: address: the CSP allows images from data:), its colours, and the three statements."""

    organisation: str
    logo_src: str
    logo_alt: str
    colour_primary: str
    colour_band: str
    contact_email: str
    contact_phone: str
    stamp: str  # changes when the settings change (the identity stylesheet's cache key)


def deal_name(deal: m.Deal, version=None) -> str:
    """The deal's name as people know it: the name of the version in force ("Regio Deal
    Waterwegregio"); `version` when the caller has it at hand (a DealVersion or the portal's
    cached {"name": ...})."""
    if getattr(deal, "name", None):
        return deal.name
    if isinstance(version, dict) and version.get("name"):
        return version["name"]
    if isinstance(version, m.DealVersion) and version.deal_id == deal.pk:
        return version.name
    from .selectors import version_in_force_cached

    current = version_in_force_cached(deal)
    return current.name if current is not None else deal.slug


def responsible_default(deal: m.Deal) -> str:
    """The regiokassier of the version in force answers for the site until the office names
    another organisation. Read on every page (the frame): the version in force is the one this
    process keeps under the deal's covenant version, so a warm frame reads no covenant."""
    from .selectors import version_in_force_cached

    version = version_in_force_cached(deal)
    if version is None or version.regiokassier_id is None:
        return deal_name(deal)
    return version.regiokassier.name


def identity(deal: m.Deal) -> Identity:
    from .selectors import deal_settings_cached

    s = deal_settings_cached(deal)
    organisation = s.responsible_organisation or responsible_default(deal)
    logo = bytes(s.logo) if s.logo else b""
    src = f"data:{s.logo_type};base64,{base64.b64encode(logo).decode('ascii')}" if logo else ""
    return Identity(
        organisation=organisation,
        logo_src=src,
        logo_alt=_("Logo van %(org)s") % {"org": organisation},
        colour_primary=s.colour_primary,
        colour_band=s.colour_band,
        contact_email=s.contact_email,
        contact_phone=s.contact_phone,
        stamp=f"{s.lock_version}-{s.updated_at.timestamp() if s.updated_at else 0:.0f}",
    )


def identity_css(ident: Identity) -> str:
    """The deal's colours as CSS custom properties (a stylesheet of its own: the CSP allows no
    inline style). Only checked '#rrggbb' values reach it."""
    lines = []
    if ident.colour_primary and HEX.match(ident.colour_primary):
        c = ident.colour_primary
        lines += [
            f"  --rd-identity-primary: {c};",
            f"  --utrecht-link-color: {c};",
            f"  --utrecht-link-visited-color: {c};",
            f"  --utrecht-button-primary-action-background-color: {c};",
            f"  --utrecht-button-primary-action-border-color: {c};",
        ]
    if ident.colour_band and HEX.match(ident.colour_band):
        lines.append(f"  --rd-identity-band: {ident.colour_band};")
    if not lines:
        return "/* The deal uses the theme's colours. */\n"
    return ".voorbeeld-theme {\n" + "\n".join(lines) + "\n}\n"


# --- The three statements ---------------------------------------------------------------------

STATEMENTS = {
    "privacy": gettext_lazy("Privacyverklaring"),
    "accessibility": gettext_lazy("Toegankelijkheidsverklaring"),
    "contact": gettext_lazy("Contact"),
}


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


def stored_text(settings: m.DealSettings, field: str) -> str:
    """The office's text in the reader's language; the Dutch text on the English site when no
    English one was written (the page marks it lang="nl"); empty when neither was."""
    if _english() and getattr(settings, f"{field}_en", ""):
        return getattr(settings, f"{field}_en")
    return getattr(settings, field, "")


def stored_text_is_dutch_on_english(settings: m.DealSettings, field: str) -> bool:
    return _english() and not getattr(settings, f"{field}_en", "") and bool(getattr(settings, field, ""))


def default_privacy(organisation: str) -> list[str]:
    from django.conf import settings

    months = settings.REGIODEAL_RESIDENT_DATA_RETENTION_MONTHS
    return [
        _(
            "%(org)s is verantwoordelijk voor deze website en voor de persoonsgegevens die hier worden "
            "verwerkt (verwerkingsverantwoordelijke in de zin van de AVG)."
        )
        % {"org": organisation},
        _(
            "Wie de openbare pagina's bekijkt, geeft geen persoonsgegevens. De site gebruikt alleen "
            "cookies die nodig zijn om te werken (de taalkeuze, het inloggen en de beveiliging van "
            "formulieren), geen cookies om bezoekers te volgen."
        ),
        _(
            "Deelt u een idee en laat u uw naam of e-mailadres achter, dan gebruikt het programmabureau "
            "die alleen om op uw idee te reageren. Alleen het programmabureau ziet ze, elke inzage wordt "
            "vastgelegd, en ze worden na %(months)s maanden gewist."
        )
        % {"months": months},
        _(
            "Van mensen die in de deal werken, houdt het platform naam, e-mailadres, rol en wat zij "
            "vastleggen bij (het auditspoor: het convenant vraagt om verantwoording). IP-adressen in het "
            "auditspoor worden na %(months)s maanden gewist."
        )
        % {"months": months},
        _(
            "U mag uw gegevens inzien, laten verbeteren of laten wissen. Vraag het via de contactpagina. "
            "Bent u het niet eens met hoe wij met uw gegevens omgaan, dan kunt u een klacht indienen bij "
            "de Autoriteit Persoonsgegevens."
        ),
    ]


def default_contact(organisation: str) -> list[str]:
    return [
        _(
            "Deze website wordt beheerd door het programmabureau van de deal, namens %(org)s. Hebt u een "
            "vraag over de deal, een project of deze website, of wilt u uw gegevens inzien, neem dan "
            "contact op met het programmabureau."
        )
        % {"org": organisation},
        _("Een idee voor uw buurt of regio deelt u met het formulier ‘Deel uw idee’."),
    ]


def accessibility_status(settings: m.DealSettings) -> str:
    """The office's status, or C: without an evaluation by an outside party A and B cannot be
    claimed; the platform's own tests (axe, WCAG 2.1 AA, on every page) are a first measure."""
    return settings.accessibility_status or m.AccessibilityStatus.C


def default_known_issues() -> list[str]:
    return [
        _(
            "Grafieken staan als afbeelding op de pagina; dezelfde cijfers staan in een tabel ernaast. "
            "Rapportages in PDF zijn opgemaakt voor toegankelijkheid, maar nog niet door een "
            "buitenstaander beoordeeld."
        ),
    ]
