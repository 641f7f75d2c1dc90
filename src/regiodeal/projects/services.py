"""Writes for projects. Each service checks the covenant's rules, writes in one transaction and
records an audit event; permissions are checked by the caller (view, API, command) with
`accounts.permissions`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.common.locking import save_locked
from regiodeal.common.records import record_created, record_updated
from regiodeal.common.transitions import Procedure, lock, reason_required, refused_naming_the_allowed
from regiodeal.common.transitions import transition as engine_transition
from regiodeal.deals import models as dm

from .constants import ProjectStatus
from .models import Milestone, Project, ProjectTransition, Risk
from .workflow import TRANSITIONS

LINK_FIELDS = ("participants", "pillars", "objectives", "results", "areas", "groups", "sectors", "managers")
EDITABLE_FIELDS = (
    "title",
    "description",
    "lead",
    "starts_on",
    "ends_on",
    "residents_participation",
    "credits_rijk_regio",
    "credits_evidence",
)


def _check_links(project: Project, links: dict[str, Any]) -> None:
    """Everything a project links to belongs to its own deal."""
    errors: dict[str, list[str]] = {}
    for name, items in links.items():
        if name == "managers":
            continue
        for item in items:
            deal_id = item.deal_id if isinstance(item, dm.Organisation) else item.version.deal_id
            if deal_id != project.deal_id:
                errors.setdefault(name, []).append(_("%(item)s hoort bij een andere deal.") % {"item": item})
    if errors:
        raise ValidationError(errors)


def project_create(
    *,
    actor: Actor,
    deal: dm.Deal,
    code: str,
    title: str,
    lead: dm.Organisation,
    description: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    residents_participation: str = "",
    credits_rijk_regio: bool = False,
    credits_evidence: str = "",
    is_example: bool = False,
    **links,
) -> Project:
    unknown = set(links) - set(LINK_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        project = Project(
            deal=deal,
            code=code,
            title=title,
            lead=lead,
            description=description,
            starts_on=starts_on,
            ends_on=ends_on,
            residents_participation=residents_participation,
            credits_rijk_regio=credits_rijk_regio,
            credits_evidence=credits_evidence,
            is_example=is_example,
        )
        project.full_clean()
        _check_links(project, links)
        project.save()
        for name, items in links.items():
            getattr(project, name).set(items)
        audit_record(
            actor=actor,
            action="project.created",
            obj=project,
            deal_slug=deal.slug,
            summary=str(project),
            after=snapshot(project),
        )
    return project


def project_update(*, actor: Actor, project: Project, expected_version: int | None, **changes) -> Project:
    """Change fields and links; refused with EditConflict when someone saved in between."""
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(LINK_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = snapshot(project)
        fields = [f for f in changes if f in EDITABLE_FIELDS]
        for f in fields:
            setattr(project, f, changes[f])
        project.full_clean()
        links = {f: changes[f] for f in changes if f in LINK_FIELDS}
        _check_links(project, links)
        save_locked(
            project,
            expected_version=expected_version,
            update_fields=[("lead_id" if f == "lead" else f) for f in fields] + ["updated_at"],
        )
        for name, items in links.items():
            getattr(project, name).set(items)
        audit_record(
            actor=actor,
            action="project.updated",
            obj=project,
            deal_slug=project.deal.slug,
            summary=str(project),
            before=before,
            after=snapshot(project),
        )
    return project


# The project lifecycle (workflow.TRANSITIONS) in the one transition engine.
PROCEDURE = Procedure(
    name="project",
    row_model=ProjectTransition,
    subject="project",
    table=TRANSITIONS,
    action="project.transition",
    refused=refused_naming_the_allowed(
        gettext_lazy("Een project dat %(current)s is, kan niet %(to)s worden; wel mogelijk: %(allowed)s."),
        ProjectStatus,
    ),
    capability=Capability.MANAGE_PROJECTS,
    guards=(reason_required,),
    bump_lock=True,
)


def project_transition(*, actor: Actor, project: Project, to_status: str, reason: str) -> ProjectTransition:
    """Move a project along its lifecycle (workflow.TRANSITIONS); the reason is required."""
    with transaction.atomic():
        locked = lock(project)
        frm = locked.status
        transition = engine_transition(
            PROCEDURE,
            actor=actor,
            obj=locked,
            to=to_status,
            context={"reason": reason},
            row={"reason": reason},
            summary=f"{locked.code}: {frm} -> {to_status}: {reason}",
            # The code and the reason too: the audit page renders the event from these (audit/display.py).
            audit_before={"code": locked.code, "status": frm},
            audit_after={"code": locked.code, "status": to_status, "reason": reason},
        )
    project.refresh_from_db()
    return transition


def milestone_add(*, actor: Actor, project: Project, title: str, due_on: dt.date) -> Milestone:
    with transaction.atomic():
        milestone = Milestone(project=project, title=title, due_on=due_on)
        return record_created(
            milestone, actor=actor, action="milestone.created", summary="", deal_slug=project.deal.slug
        )


def milestone_update(
    *,
    actor: Actor,
    milestone: Milestone,
    expected_version: int | None,
    done_on: dt.date | None = None,
    title: str | None = None,
    due_on: dt.date | None = None,
) -> Milestone:
    """Record that a milestone was reached (or move it); refused with EditConflict when someone
    saved in between."""
    with transaction.atomic():
        moved = {"title": title, "due_on": due_on}
        return record_updated(
            milestone,
            actor=actor,
            action="milestone.updated",
            changes={"done_on": done_on, **{k: v for k, v in moved.items() if v is not None}},
            expected_version=expected_version,
            summary="",
            deal_slug=milestone.project.deal.slug,
        )


def risk_add(
    *,
    actor: Actor,
    project: Project,
    description: str,
    likelihood: str,
    impact: str,
    mitigation: str = "",
) -> Risk:
    with transaction.atomic():
        risk = Risk(
            project=project,
            description=description,
            likelihood=likelihood,
            impact=impact,
            mitigation=mitigation,
        )
        return record_created(
            risk, actor=actor, action="risk.created", summary="", deal_slug=project.deal.slug
        )


def risk_update(*, actor: Actor, risk: Risk, expected_version: int | None, **changes) -> Risk:
    """Change a risk's assessment, mitigation or status; refused with EditConflict when someone
    saved in between."""
    allowed = {"description", "likelihood", "impact", "mitigation", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        return record_updated(
            risk,
            actor=actor,
            action="risk.updated",
            changes=changes,
            expected_version=expected_version,
            summary="",
            deal_slug=risk.project.deal.slug,
        )
