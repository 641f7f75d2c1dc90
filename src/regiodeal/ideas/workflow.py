"""The life of a resident's idea (Bijlage 1 §3: "Partijen bieden inwoners de ruimte om met eigen
ideeën te komen"): one transitions table, enforced in `services.idea_transition`. Each edge says
why it exists and what it needs. Every transition is stored as an `IdeaTransition` row (who,
when, from, to, the public reason, the internal note).
"""

from django.utils.translation import gettext_lazy as _

from .constants import IdeaStatus as S

TRANSITIONS: dict[tuple[str, str], object] = {  # why: a lazy translation, in Dutch
    (S.RECEIVED, S.UNDER_CONSIDERATION): _(
        "het programmabureau heeft het gelezen: de tekst wordt gepubliceerd en het idee wordt "
        "bekeken naast de pijlers en de lopende projecten"
    ),
    (S.RECEIVED, S.TAKEN_UP): _("het past meteen bij een project"),
    (S.RECEIVED, S.NOT_TAKEN_UP): _("duidelijk buiten de deal; de inwoner leest waarom"),
    (S.RECEIVED, S.REMOVED): _("niet gepubliceerd: beledigend, met persoonsgegevens, of geen idee (spam)"),
    (S.UNDER_CONSIDERATION, S.TAKEN_UP): _("een project neemt het op"),
    (S.UNDER_CONSIDERATION, S.NOT_TAKEN_UP): _("bekeken en niet overgenomen; de inwoner leest waarom"),
    (S.UNDER_CONSIDERATION, S.REMOVED): _("na publicatie persoonsgegevens of misbruik gevonden: verwijderd"),
    (S.TAKEN_UP, S.UNDER_CONSIDERATION): _("het project ging er niet mee verder: opnieuw bekeken"),
    (S.NOT_TAKEN_UP, S.UNDER_CONSIDERATION): _("heroverwogen (een nieuw project, een gewijzigde deal)"),
}

# Closed: the retention period of the resident's contact details runs from here.
FINAL = frozenset({S.TAKEN_UP, S.NOT_TAKEN_UP, S.REMOVED})
NEEDS_REASON = frozenset({S.NOT_TAKEN_UP, S.REMOVED})
NEEDS_PROJECT = frozenset({S.TAKEN_UP})


def allowed_next(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
