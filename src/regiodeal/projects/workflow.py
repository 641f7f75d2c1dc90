"""The project lifecycle: one transitions table, enforced in `services.project_transition`.

Each edge says why it exists (in Dutch, translated on screen). Every transition is stored as a
`ProjectTransition` row (who, when, from, to, reason).
"""

from django.utils.translation import gettext_lazy as _

from .constants import ProjectStatus as S

TRANSITIONS: dict[tuple[str, str], object] = {  # why: a lazy translation
    (S.IDEA, S.PROPOSED): _("het idee wordt uitgewerkt tot een voorstel voor het programma"),
    (S.PROPOSED, S.IDEA): _("het voorstel gaat terug om te herzien"),
    (S.PROPOSED, S.APPROVED): _(
        "het programmabureau keurt het goed binnen het uitvoeringsprogramma (Bijlage 1)"
    ),
    (S.PROPOSED, S.STOPPED): _("het voorstel wordt niet overgenomen"),
    (S.APPROVED, S.RUNNING): _("het werk begint"),
    (S.APPROVED, S.STOPPED): _("goedgekeurd, maar gestopt voordat het begon"),
    (S.RUNNING, S.COMPLETED): _("het werk is af"),
    (S.RUNNING, S.STOPPED): _("gestopt tijdens het werk (bijsturing, Bijlage 1 §2)"),
    (S.IDEA, S.STOPPED): _("het idee vervalt"),
}

FINAL = frozenset({S.COMPLETED, S.STOPPED})


def allowed_next(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
