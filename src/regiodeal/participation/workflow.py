"""The lifecycle of a bewonersdeal or residents' initiative: one transitions table, enforced in
`services.initiative_transition`. Each edge says why it exists; every transition is stored as an
`InitiativeTransition` row (who, when, from, to, reason).
"""

from django.utils.translation import gettext_lazy as _

from .constants import InitiativeStatus as S

TRANSITIONS: dict[tuple[str, str], object] = {  # why: a lazy translation, in Dutch
    (S.PROPOSED, S.AGREED): _(
        "bewoners en de Partij spreken af wat ieder doet, het geld of de hulp en de periode"
    ),
    (S.PROPOSED, S.STOPPED): _("het voorstel wordt niet overgenomen (de bewoners horen waarom)"),
    (S.AGREED, S.RUNNING): _("de bewoners beginnen, met steun van de Partij"),
    (S.AGREED, S.PROPOSED): _("de afspraak wordt vóór de start heropend, om te wijzigen"),
    (S.AGREED, S.STOPPED): _("afgesproken, maar het begint niet"),
    (S.RUNNING, S.COMPLETED): _("het initiatief is klaar en wat het opleverde is vastgelegd"),
    (S.RUNNING, S.STOPPED): _("gestopt tijdens de periode (bewoners of de Partij trokken zich terug)"),
}

FINAL = frozenset({S.COMPLETED, S.STOPPED})


def allowed_next(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
