"""The covenant check on screen (a read): every domain's findings (common/findings.py) on a date,
grouped per domain, each with its text and the page where it is resolved, without the findings
that name a record kept from the viewer (Art. 10.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from regiodeal.common.finding_pages import domain_of, page_for, text_for
from regiodeal.common.findings import ERROR, findings_for
from regiodeal.deals import models as dm

from . import models as gm
from .selectors import request_list


@dataclass
class ShownFinding:
    finding: object  # common.findings.Finding
    text: str  # in the reader's language
    page: object  # common.finding_pages.FindingPage | None

    @property
    def article(self) -> str:
        """ "art. 4.3", or the place as written when it is an annex ("Bijlage 1 §3")."""
        from regiodeal.common.i18n import article_label

        return article_label(self.finding.article)


@dataclass
class DomainFindings:
    domain: str
    label: str
    errors: list[ShownFinding]
    warnings: list[ShownFinding]


def domain_labels() -> dict[str, str]:
    return {
        "finance": _("Geld"),
        "results": _("Resultaten"),
        "participation": _("Participatie"),
        "reporting": _("Voortgangsrapportage"),
        "evaluation": _("Evaluatie en bijsturing"),
        "communication": _("Communicatie"),
        "governance": _("Bestuur en procedures"),
    }


def hidden_subjects(deal: dm.Deal, viewer) -> set[str]:
    """The subjects of findings (`Finding.subject`) that name a record kept from the viewer
    (Art. 10.1; disclosure/access.py): a confidential project, register item or meeting's action,
    a confidentiality request about such a record, a conversation of such a project."""
    from regiodeal.disclosure.access import hidden_from, hidden_project_ids, without_pointers_to_hidden
    from regiodeal.participation.models import Conversation
    from regiodeal.projects.models import Project

    kept = hidden_from(viewer, deal)
    if not kept:
        return set()
    ids: dict[tuple, set[int]] = {}
    for c in kept:
        ids.setdefault(c.content_type.natural_key(), set()).add(c.object_id)
    projects = hidden_project_ids(viewer, deal)
    everything = request_list(deal).values_list("number", flat=True)
    shown = set(without_pointers_to_hidden(request_list(deal), viewer, deal).values_list("number", flat=True))
    return (
        {f"project {code}" for code in Project.objects.filter(pk__in=projects).values_list("code", flat=True)}
        | {f"register item {pk}" for pk in ids.get(("governance", "registeritem"), ())}
        | {
            f"actie-{pk}"
            for pk in gm.Action.objects.filter(
                deal=deal, meeting_id__in=ids.get(("governance", "meeting"), ())
            ).values_list("pk", flat=True)
        }
        | {f"request {n}" for n in everything if n not in shown}
        | {
            f"conversation {pk}"
            for pk in Conversation.objects.filter(deal=deal, project_id__in=projects).values_list(
                "pk", flat=True
            )
        }
    )


def covenant_check(
    deal: dm.Deal, on: dt.date, *, with_finance: bool, viewer=None
) -> tuple[list[DomainFindings], int]:
    """Every finding of `regiodeal check --deal` on `on`, per domain, errors before warnings, each
    with its text for the screen and the page where it is resolved. Money findings only for those
    who may see the finances (`with_finance`); the second value counts the ones left out. Given a
    viewer, not the findings about a record kept from them (Art. 10.1): they name it."""
    labels = domain_labels()
    groups: dict[str, DomainFindings] = {}
    hidden = 0
    kept = hidden_subjects(deal, viewer) if viewer is not None else set()
    for finding in findings_for(deal, on):
        domain = domain_of(finding)
        if finding.subject in kept:
            continue
        if domain == "finance" and not with_finance:
            hidden += 1
            continue
        group = groups.setdefault(domain, DomainFindings(domain, labels.get(domain, domain), [], []))
        shown = ShownFinding(finding, text_for(finding), page_for(deal, finding))
        (group.errors if finding.severity == ERROR else group.warnings).append(shown)
    order = {domain: i for i, domain in enumerate(labels)}
    return sorted(groups.values(), key=lambda g: order.get(g.domain, len(order))), hidden
