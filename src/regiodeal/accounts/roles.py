"""Roles and what each may do, declared once. Every page, API endpoint, export and command asks
`permissions.can(user, capability, deal, obj)`; nothing else decides.

A capability is a verb on a part of a deal. A role grants a set of capabilities within the deal
of the membership (or, for the ministry, within every deal). Some capabilities are granted only
for objects the user is responsible for (a project lead's own projects): those are listed in
`OWN_OBJECTS_ONLY` and checked with `obj.is_managed_by(user)`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", _("programmabureau")
    REGIOKASSIER = "regiokassier", _("regiokassier")
    PARTY_REPRESENTATIVE = "party_representative", _("vertegenwoordiger van een Partij")
    PROJECT_LEAD = "project_lead", _("projectleider")
    MINISTRY = "ministry", _("ministerie")
    AUDITOR = "auditor", _("accountant")


class Capability(models.TextChoices):
    VIEW_INTERNAL = "view_internal", _("interne gegevens van de deal inzien")
    VIEW_FINANCE = "view_finance", _("financiën inzien")
    MANAGE_FINANCE = "manage_finance", _("financiën vastleggen (grootboek, begroting, import)")
    MANAGE_PROJECTS = "manage_projects", _("projecten beheren")
    RECORD_PROGRESS = "record_progress", _("voortgang en metingen vastleggen")
    MANAGE_RESULTS = "manage_results", _("indicatoren, nulmetingen en streefwaarden beheren")
    MANAGE_GOVERNANCE = "manage_governance", _("overleg en procedures beheren")
    CONSENT = "consent", _("namens de eigen Partij instemmen of weigeren")
    FILE_REQUEST = "file_request", _("namens de eigen Partij een verzoek indienen")
    COMMENT_REPORT = "comment_report", _("commentaar geven op het concept-voortgangsverslag")
    MANAGE_REPORT = "manage_report", _("voortgangsverslag opstellen en indienen")
    RECEIVE_REPORTS = "receive_reports", _("ingediende verslagen ontvangen")
    MANAGE_PARTICIPATION = "manage_participation", _("participatie vastleggen")
    VIEW_PERSONAL_DATA = "view_personal_data", _("persoonsgegevens inzien (wordt gelogd)")
    VIEW_AUDIT = "view_audit", _("audittrail inzien en exporteren")
    MANAGE_PEOPLE = "manage_people", _("mensen van de deal uitnodigen en hun rollen beheren")


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PROGRAMME_OFFICE: frozenset(
        {
            C.VIEW_INTERNAL,
            C.VIEW_FINANCE,
            C.MANAGE_FINANCE,
            C.MANAGE_PROJECTS,
            C.RECORD_PROGRESS,
            C.MANAGE_RESULTS,
            C.MANAGE_GOVERNANCE,
            C.MANAGE_REPORT,
            C.MANAGE_PARTICIPATION,
            C.VIEW_PERSONAL_DATA,
            C.VIEW_AUDIT,
            C.MANAGE_PEOPLE,
        }
    ),
    Role.REGIOKASSIER: frozenset({C.VIEW_INTERNAL, C.VIEW_FINANCE, C.MANAGE_FINANCE}),
    Role.PARTY_REPRESENTATIVE: frozenset(
        {
            C.VIEW_INTERNAL,
            C.VIEW_FINANCE,
            C.CONSENT,
            C.FILE_REQUEST,
            C.COMMENT_REPORT,
        }
    ),
    Role.PROJECT_LEAD: frozenset({C.VIEW_INTERNAL, C.RECORD_PROGRESS}),
    Role.MINISTRY: frozenset({C.VIEW_INTERNAL, C.VIEW_FINANCE, C.RECEIVE_REPORTS}),
    Role.AUDITOR: frozenset({C.VIEW_INTERNAL, C.VIEW_FINANCE, C.VIEW_AUDIT}),
}

# The roles a programme office gives in its own deal (accounts/services.person_invite); the roles
# across deals are granted by the platform administrator.
DEAL_ROLES = (
    Role.PROGRAMME_OFFICE,
    Role.REGIOKASSIER,
    Role.PARTY_REPRESENTATIVE,
    Role.PROJECT_LEAD,
    Role.AUDITOR,
)

# Roles whose membership holds for every deal in the instance (the ministry's portfolio view).
ACROSS_DEALS = frozenset({Role.MINISTRY})

# (role, capability) pairs that hold only for objects the user manages.
OWN_OBJECTS_ONLY = frozenset({(Role.PROJECT_LEAD, C.RECORD_PROGRESS)})
