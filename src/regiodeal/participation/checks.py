"""`regiodeal check` findings for participation (Art. 2.1, Art. 3.1, Bijlage 1 §3)."""

from __future__ import annotations

import datetime as dt

from regiodeal.common.findings import WARNING, Finding, register_check

from .constants import FEEDBACK_WEEKS, NORM_DUE_DAYS
from .models import Conversation, Initiative
from .selectors import norm_overview
from .workflow import FINAL


@register_check("participation.outreach")
def outreach_checks(deal, on: dt.date):
    found = []
    overview = norm_overview(deal=deal, on=on)
    for w in overview.wijken:
        due = w.wijk.listed_on + dt.timedelta(days=NORM_DUE_DAYS)
        if on >= due and not w.met:
            found.append(
                Finding(
                    rule="participation.wijk-below-norm",
                    article="2.1",
                    severity=WARNING,
                    message=(
                        f"Wijk {w.wijk.name} ({w.wijk.code}): {w.spoken} residents spoken, fewer than the "
                        f"{w.norm} per wijk of art. 2.1, {NORM_DUE_DAYS} days after it was put on the list "
                        f"({w.wijk.listed_on.isoformat()})."
                    ),
                    subject=f"wijk {w.wijk.code}",
                    data={"spoken": w.spoken, "norm": w.norm, "listed_on": w.wijk.listed_on.isoformat()},
                )
            )
    cutoff = on - dt.timedelta(weeks=FEEDBACK_WEEKS)
    late = (
        Conversation.objects.filter(deal=deal, held_on__lte=cutoff, feedback_on__isnull=True)
        .select_related("wijk")
        .order_by("held_on", "id")
    )
    for c in late:
        found.append(
            Finding(
                rule="participation.feedback-missing",
                article="3.1",
                severity=WARNING,
                message=(
                    f"No feedback to residents recorded for the conversations in {c.wijk.name} on "
                    f"{c.held_on.isoformat()}, more than {FEEDBACK_WEEKS} weeks ago (art. 3.1: "
                    "'terugkoppelen wat er met de inzichten wordt gedaan')."
                ),
                subject=f"conversation {c.pk}",
                data={"held_on": c.held_on.isoformat(), "wijk": c.wijk.code},
            )
        )
    return found


@register_check("participation.initiatives")
def initiative_checks(deal, on: dt.date):
    found = []
    overdue = (
        Initiative.objects.filter(deal=deal, ends_on__lt=on)
        .exclude(status__in=FINAL)
        .select_related("wijk")
        .order_by("ends_on", "id")
    )
    for i in overdue:
        found.append(
            Finding(
                rule="participation.initiative-overdue",
                article="2.1",
                severity=WARNING,
                message=(
                    f"{i.get_kind_display()} '{i.title}' in {i.wijk.name} ended on {i.ends_on.isoformat()} "
                    f"but is still {i.get_status_display()}: record how it ended."
                ),
                subject=f"initiative {i.pk}",
                data={"ends_on": i.ends_on.isoformat(), "status": i.status},
            )
        )
    return found


@register_check("participation.projects")
def project_checks(deal, on: dt.date):
    """Bijlage 1 §3: at every intervention, consider how residents take part."""
    from regiodeal.projects.constants import ProjectStatus
    from regiodeal.projects.models import Project

    found = []
    running = (
        Project.objects.filter(deal=deal, status=ProjectStatus.RUNNING, cocreations__isnull=True)
        .filter(residents_participation="")
        .order_by("code")
    )
    for p in running:
        found.append(
            Finding(
                rule="participation.project-without-participation",
                article="Bijlage 1 §3",
                severity=WARNING,
                message=(
                    f"Project {p.code} is running, but neither says how residents take part nor has "
                    "co-creation recorded (Bijlage 1 §3: 'bij elke interventie bewust stil te staan bij "
                    "hoe participatie en cocreatie vorm kunnen krijgen')."
                ),
                subject=f"project {p.code}",
            )
        )
    return found
