"""Writes for participation. Keyword-only, each in one transaction with an audit event;
permissions are checked by the caller with `participation.permissions`.

How the counts reach the results (Art. 2.1, result 1B): every write that changes the residents
spoken in a wijk ends with `outreach_norm_sync`, which writes, through the results app's own
services (`measurement_record`, `measurement_update`), one measurement of the programme indicator
`bewoners_gesproken_per_wijk` per wijk and conversation date: the number of residents spoken in
that wijk up to and including that date. The area is the wijk's CBS code (WK...), so the results
app judges each wijk against the per-wijk norm on its own, and its dashboard, checks and API show
it. The participation records are the source of these figures: a correction or a deletion
recomputes the wijk's series, and a figure entered by hand for the same wijk and date is replaced
(audited, before and after).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.common.formatting import day
from regiodeal.common.locking import save_locked
from regiodeal.common.records import record_created, record_updated
from regiodeal.common.transitions import Procedure, lock, reason_required, refused_naming_the_allowed
from regiodeal.common.transitions import transition as engine_transition
from regiodeal.deals import models as dm
from regiodeal.deals.constants import AreaKind
from regiodeal.deals.selectors import version_in_force

from .constants import NORM_INDICATOR, WIJK_CODE_PATTERN, InitiativeStatus
from .models import CoCreation, Conversation, ConversationGroup, Initiative, InitiativeTransition, Theme, Wijk
from .personal_data import personal_data_errors
from .workflow import TRANSITIONS

NORM_SOURCE = "Participatie: bewoners gesproken in outreachgesprekken, opgeteld per wijk"


def _text_errors(model, values: Mapping[str, Any]) -> dict[str, list[str]]:
    fields = {
        name: (model._meta.get_field(name).verbose_name, values.get(name) or "")
        for name in model.TEXT_FIELDS
        if name in values
    }
    return personal_data_errors(fields)


def _merge(errors: dict[str, list[str]], more: Mapping[str, list[str]]) -> None:
    for name, messages in more.items():
        errors.setdefault(name, []).extend(messages)


# --- wijken and themes -------------------------------------------------------------------------


def _wijk_errors(
    *, deal: dm.Deal, code: str, gemeente: str, within: str, listed_on, ended_on, wijk: Wijk | None = None
) -> dict[str, list[str]]:
    """Every rule a wijk on the list meets, by field (for adding and for editing)."""
    areas = {a.code: a for a in version_in_force(deal).areas.all()}
    errors: dict[str, list[str]] = {}
    if not re.match(WIJK_CODE_PATTERN, code):
        errors["code"] = [_("Een wijkcode van het CBS is WK met zes cijfers, bijvoorbeeld WK060601.")]
    area = areas.get(gemeente)
    if area is None or area.kind != AreaKind.GEMEENTE:
        known = ", ".join(a.code for a in areas.values() if a.kind == AreaKind.GEMEENTE)
        errors["gemeente"] = [_("Kies een gemeente van de deal: %(known)s.") % {"known": known}]
    elif area.cbs_code.startswith("GM") and "code" not in errors and code[2:6] != area.cbs_code[2:]:
        errors["gemeente" if wijk is not None else "code"] = [
            _("Een wijk van %(name)s heeft een code die begint met WK%(digits)s.")
            % {"name": area.name, "digits": area.cbs_code[2:]}
        ]
    if within and within not in areas:
        errors["within"] = [_("'%(code)s' is geen gebied van de deal.") % {"code": within}]
    others = Wijk.objects.filter(deal=deal, code=code)
    if wijk is not None:
        others = others.exclude(pk=wijk.pk)
    if others.exists():
        errors.setdefault("code", []).append(_("Deze wijk staat al op de lijst."))
    if ended_on and listed_on and ended_on <= listed_on:
        errors["ended_on"] = [_("De wijk gaat van de lijst af na de datum waarop hij erop kwam.")]
    return errors


def wijk_add(
    *,
    actor: Actor,
    deal: dm.Deal,
    code: str,
    name: str,
    gemeente: str,
    within: str = "",
    listed_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> Wijk:
    """Put a wijk on the deal's outreach list (Art. 2.1). The code is the CBS wijk code (WK and
    six digits, the first four those of its gemeente): the area the per-wijk norm is judged by."""
    code, gemeente, within = code.strip().upper(), gemeente.strip(), (within or "").strip()
    listed_on = listed_on or timezone.localdate()
    errors = _wijk_errors(
        deal=deal, code=code, gemeente=gemeente, within=within, listed_on=listed_on, ended_on=ended_on
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        wijk = Wijk(
            deal=deal,
            code=code,
            name=name.strip(),
            gemeente=gemeente,
            within=within,
            listed_on=listed_on,
            ended_on=ended_on,
        )
        record_created(wijk, actor=actor, action="participation.wijk.added")
        # A wijk on the list counts from the day it is put there, with the residents spoken so
        # far (none): without a measurement the results app would not know the wijk exists, and
        # a wijk nobody went to would never hold the per-wijk target back.
        if wijk.listed_on <= timezone.localdate():
            outreach_norm_sync(actor=actor, deal=deal, wijk=wijk, also_on=wijk.listed_on)
    return wijk


def wijk_update(
    *,
    actor: Actor,
    wijk: Wijk,
    expected_version: int | None,
    name: str,
    gemeente: str,
    within: str = "",
    listed_on: dt.date,
    ended_on: dt.date | None = None,
) -> Wijk:
    """Correct a wijk on the list, or take it off the list from a date (`ended_on`; empty puts it
    back). The code stays: the measurements of the norm (result 1B, Art. 7) are recorded under it;
    a wrong code is ended and the right one added. Refused with EditConflict when someone saved
    in between."""
    gemeente, within = gemeente.strip(), (within or "").strip()
    errors = _wijk_errors(
        deal=wijk.deal,
        code=wijk.code,
        gemeente=gemeente,
        within=within,
        listed_on=listed_on,
        ended_on=ended_on,
        wijk=wijk,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        was_listed_on = wijk.listed_on
        changes = dict(
            name=name.strip(), gemeente=gemeente, within=within, listed_on=listed_on, ended_on=ended_on
        )
        record_updated(
            wijk,
            actor=actor,
            action="participation.wijk.updated",
            changes=changes,
            expected_version=expected_version,
        )
        if wijk.listed_on <= timezone.localdate() and was_listed_on != wijk.listed_on:
            outreach_norm_sync(actor=actor, deal=wijk.deal, wijk=wijk, also_on=wijk.listed_on)
    return wijk


def theme_add(*, actor: Actor, deal: dm.Deal, code: str, name: str) -> Theme:
    """A theme on the list the programme office keeps."""
    code = code.strip()
    if Theme.objects.filter(deal=deal, code=code).exists():
        raise ValidationError({"code": [_("Er is al een thema met deze code.")]})
    with transaction.atomic():
        theme = Theme(deal=deal, code=code, name=name.strip())
        record_created(
            theme,
            actor=actor,
            action="participation.theme.added",
            summary=theme.name,
            deal_slug=deal.slug,
        )
    return theme


def theme_update(
    *, actor: Actor, theme: Theme, expected_version: int | None, name: str, active: bool
) -> Theme:
    """Rename a theme, or take it off the list (or back on). The code stays: import files name
    themes by code. Conversations that named the theme keep it."""
    if not name.strip():
        raise ValidationError({"name": [_("Geef het thema een naam.")]})
    with transaction.atomic():
        return _theme_saved(actor, theme, expected_version, name=name.strip(), active=active)


def _theme_saved(actor: Actor, theme: Theme, expected_version: int | None, **changes) -> Theme:
    return record_updated(
        theme,
        actor=actor,
        action="participation.theme.updated",
        changes=changes,
        expected_version=expected_version,
        summary=lambda saved: saved.name,
    )


def theme_set_active(*, actor: Actor, theme: Theme, active: bool, expected_version: int | None) -> Theme:
    """Take a theme off the list (or back on); conversations that named it keep it."""
    with transaction.atomic():
        return _theme_saved(actor, theme, expected_version, active=active)


# --- outreach conversations --------------------------------------------------------------------

CONVERSATION_FIELDS = (
    "wijk",
    "held_on",
    "organisation",
    "residents",
    "form",
    "themes_other",
    "raised",
    "input_followup",
    "feedback",
    "feedback_on",
    "project",
)


def conversation_errors(
    *,
    deal: dm.Deal,
    values: Mapping[str, Any],
    groups: Mapping[str, int],
    themes: Iterable[Theme],
    group_codes: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> dict[str, list[str]]:
    """Every rule a conversation must meet, by field (used by the services and the import)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    wijk, organisation, project = values.get("wijk"), values.get("organisation"), values.get("project")
    if wijk is not None and wijk.deal_id != deal.pk:
        errors["wijk"] = [_("De wijk hoort bij een andere deal.")]
    if organisation is not None and organisation.deal_id != deal.pk:
        errors["organisation"] = [_("De organisatie hoort bij een andere deal.")]
    if project is not None and project.deal_id != deal.pk:
        errors["project"] = [_("Het project hoort bij een andere deal.")]
    held_on, feedback_on = values.get("held_on"), values.get("feedback_on")
    if wijk is not None and held_on and wijk.ended_on and held_on >= wijk.ended_on:
        errors.setdefault("wijk", []).append(
            _("%(wijk)s staat sinds %(on)s niet meer op de lijst van wijken (art. 2.1).")
            % {"wijk": wijk.name, "on": day(wijk.ended_on)}
        )
    if held_on and held_on > today:
        errors["held_on"] = [_("Gesprekken in de toekomst kunnen nog niet worden vastgelegd.")]
    if feedback_on and held_on and feedback_on < held_on:
        errors["feedback_on"] = [_("De terugkoppeling ligt vóór de gesprekken.")]
    if feedback_on and feedback_on > today:
        errors.setdefault("feedback_on", []).append(_("De terugkoppeling ligt in de toekomst."))
    if feedback_on and not (values.get("feedback") or "").strip():
        errors.setdefault("feedback", []).append(
            _("Zeg hoe er is teruggekoppeld (art. 3.1: terugkoppelen wat er met de inzichten wordt gedaan).")
        )
    residents = values.get("residents") or 0
    known = set(
        group_codes
        if group_codes is not None
        else version_in_force(deal).groups.values_list("code", flat=True)
    )
    for code, count in groups.items():
        if code not in known:
            errors.setdefault("groups", []).append(
                _("'%(code)s' is geen doelgroep van deze deal.") % {"code": code}
            )
        elif count < 1:
            errors.setdefault("groups", []).append(
                _("Het aantal voor %(code)s is minstens 1.") % {"code": code}
            )
        elif count > residents:
            errors.setdefault("groups", []).append(
                _("Er zijn %(count)s %(code)s genoemd, meer dan de %(residents)s bewoners gesproken.")
                % {"count": count, "code": code, "residents": residents}
            )
    for theme in themes:
        if theme.deal_id != deal.pk:
            errors.setdefault("themes", []).append(_("Het thema hoort bij een andere deal."))
    _merge(errors, _text_errors(Conversation, values))
    return errors


def _save_groups(conversation: Conversation, groups: Mapping[str, int]) -> None:
    conversation.groups.all().delete()
    ConversationGroup.objects.bulk_create(
        ConversationGroup(conversation=conversation, group_code=code, residents=count)
        for code, count in sorted(groups.items())
    )


def _conversation_snapshot(conversation: Conversation) -> dict[str, Any]:
    data = snapshot(conversation)
    data["groups"] = dict(conversation.groups.values_list("group_code", "residents"))
    return data


def conversation_record(
    *,
    actor: Actor,
    deal: dm.Deal,
    wijk: Wijk,
    held_on: dt.date,
    organisation: dm.Organisation,
    residents: int,
    form: str,
    groups: Mapping[str, int] | None = None,
    themes: Iterable[Theme] = (),
    themes_other: str = "",
    raised: str = "",
    input_followup: str = "",
    feedback: str = "",
    feedback_on: dt.date | None = None,
    project=None,
    imported_from: str = "",
    sync: bool = True,
    group_codes: Iterable[str] | None = None,
) -> Conversation:
    """Record a batch of outreach conversations (Art. 2.1) and count them towards the wijk's norm."""
    groups = dict(groups or {})
    themes = list(themes)
    values = {
        "wijk": wijk,
        "held_on": held_on,
        "organisation": organisation,
        "residents": residents,
        "form": form,
        "themes_other": themes_other,
        "raised": raised,
        "input_followup": input_followup,
        "feedback": feedback,
        "feedback_on": feedback_on,
        "project": project,
    }
    errors = conversation_errors(
        deal=deal, values=values, groups=groups, themes=themes, group_codes=group_codes
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        conversation = Conversation(
            deal=deal,
            imported_from=imported_from,
            recorded_by=actor.user,
            recorded_by_label=actor.record_label,
            **values,
        )

        def children(saved):
            saved.themes.set(themes)
            _save_groups(saved, groups)

        record_created(
            conversation,
            actor=actor,
            action="participation.conversation.recorded",
            snapshot_of=_conversation_snapshot,
            then=children,
        )
        if sync:
            outreach_norm_sync(actor=actor, deal=deal, wijk=wijk)
    return conversation


def conversation_update(
    *,
    actor: Actor,
    conversation: Conversation,
    expected_version: int | None,
    groups: Mapping[str, int] | None = None,
    themes: Iterable[Theme] | None = None,
    **changes: Any,
) -> Conversation:
    """Correct a record or add what was done with the input and the feedback to residents.
    Refused with EditConflict when someone saved in between; the norm is recounted."""
    unknown = set(changes) - set(CONVERSATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    deal = conversation.deal
    values = {name: changes.get(name, getattr(conversation, name)) for name in CONVERSATION_FIELDS}
    new_groups = (
        dict(groups)
        if groups is not None
        else dict(conversation.groups.values_list("group_code", "residents"))
    )
    new_themes = list(themes) if themes is not None else list(conversation.themes.all())
    errors = conversation_errors(deal=deal, values=values, groups=new_groups, themes=new_themes)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old_wijk = conversation.wijk

        def children(saved):
            if themes is not None:
                saved.themes.set(new_themes)
            if groups is not None:
                _save_groups(saved, new_groups)

        record_updated(
            conversation,
            actor=actor,
            action="participation.conversation.updated",
            changes=changes,
            expected_version=expected_version,
            deal_slug=deal.slug,
            snapshot_of=_conversation_snapshot,
            also_saved=("updated_at",),
            then=children,
        )
        outreach_norm_sync(actor=actor, deal=deal, wijk=conversation.wijk)
        if old_wijk.pk != conversation.wijk_id:
            outreach_norm_sync(actor=actor, deal=deal, wijk=old_wijk)
    return conversation


def conversation_set_publishable(
    *, actor: Actor, conversation: Conversation, publishable: bool, expected_version: int | None
) -> Conversation:
    """The programme office has read the record's text and releases it for the public site (or
    takes it back). Only then can `public_outreach_summary` show the text."""
    with transaction.atomic():
        before = {"text_publishable": conversation.text_publishable}
        conversation.text_publishable = publishable
        save_locked(conversation, expected_version=expected_version, update_fields=["text_publishable"])
        audit_record(
            actor=actor,
            action="participation.conversation.publishable",
            obj=conversation,
            deal_slug=conversation.deal.slug,
            summary=f"{conversation}: {'publishable' if publishable else 'internal'}",
            before=before,
            after={"text_publishable": publishable},
        )
    return conversation


def conversation_delete(*, actor: Actor, conversation: Conversation) -> None:
    """Remove a record entered by mistake; the wijk's count is recomputed."""
    with transaction.atomic():
        before = _conversation_snapshot(conversation)
        deal, wijk, pk = conversation.deal, conversation.wijk, conversation.pk
        audit_record(
            actor=actor,
            action="participation.conversation.deleted",
            obj=conversation,
            deal_slug=deal.slug,
            summary=str(conversation),
            before=before,
        )
        conversation.delete()
        conversation.pk = pk
        outreach_norm_sync(actor=actor, deal=deal, wijk=wijk)


# --- the counts as results measurements ---------------------------------------------------------


def norm_indicator(*, actor: Actor, deal: dm.Deal):
    """The deal's programme indicator for residents spoken per wijk, set up by the results app
    (`results_setup`, idempotent) when it is not there yet; None for a deal without it."""
    from regiodeal.results.selectors import indicator_list
    from regiodeal.results.services import results_setup

    indicator = indicator_list(deal=deal).filter(deal=deal, code=NORM_INDICATOR).first()
    if indicator is None and version_in_force(deal).indicators.filter(code=NORM_INDICATOR).exists():
        results_setup(actor=actor, deal=deal)
        indicator = indicator_list(deal=deal).filter(deal=deal, code=NORM_INDICATOR).first()
    return indicator


def outreach_norm_sync(*, actor: Actor, deal: dm.Deal, wijk: Wijk, also_on: dt.date | None = None) -> int:
    """Write the wijk's series of residents spoken (cumulative, per conversation date) as
    measurements of the norm indicator, through the results services. Returns how many
    measurements were written or changed."""
    from regiodeal.results.selectors import measurement_list
    from regiodeal.results.services import deal_places, measurement_record, measurement_update

    indicator = norm_indicator(actor=actor, deal=deal)
    if indicator is None:
        return 0
    places = deal_places(deal)  # once, not per measurement
    per_date = dict(
        Conversation.objects.filter(deal=deal, wijk=wijk)
        .order_by()
        .values("held_on")
        .annotate(n=Sum("residents"))
        .values_list("held_on", "n")
    )
    existing = {
        m.on: m
        for m in measurement_list(deal=deal, indicator=indicator).filter(area_code=wijk.code, group_code="")
    }
    written, total = 0, 0
    dates = set(per_date) | set(existing) | ({also_on} if also_on else set())
    for on in sorted(dates):
        total += per_date.get(on, 0)
        value = Decimal(total)
        measurement = existing.get(on)
        if measurement is None:
            measurement_record(
                actor=actor,
                deal=deal,
                indicator=indicator,
                value=value,
                on=on,
                source=NORM_SOURCE,
                area_code=wijk.code,
                area_name=wijk.name,
                places=places,
            )
            written += 1
        elif measurement.value != value or measurement.source != NORM_SOURCE:
            measurement_update(
                actor=actor,
                measurement=measurement,
                expected_version=measurement.lock_version,
                value=value,
                source=NORM_SOURCE,
            )
            written += 1
    return written


# --- bewonersdeals and initiatives -------------------------------------------------------------

INITIATIVE_FIELDS = (
    "kind",
    "title",
    "wijk",
    "party",
    "residents_do",
    "party_does",
    "amount",
    "support",
    "starts_on",
    "ends_on",
)


def _initiative_errors(deal, values, projects, results) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values.get("wijk") is not None and values["wijk"].deal_id != deal.pk:
        errors["wijk"] = [_("De wijk hoort bij een andere deal.")]
    if values.get("party") is not None and values["party"].deal_id != deal.pk:
        errors["party"] = [_("De organisatie hoort bij een andere deal.")]
    if values.get("starts_on") and values.get("ends_on") and values["ends_on"] < values["starts_on"]:
        errors["ends_on"] = [_("Het einde ligt vóór de start.")]
    for project in projects:
        if project.deal_id != deal.pk:
            errors.setdefault("projects", []).append(_("%(p)s hoort bij een andere deal.") % {"p": project})
    for result in results:
        if result.version.deal_id != deal.pk:
            errors.setdefault("results", []).append(
                _("%(r)s hoort bij een andere deal.") % {"r": result.code}
            )
    _merge(errors, _text_errors(Initiative, values))
    return errors


def initiative_create(
    *,
    actor: Actor,
    deal: dm.Deal,
    kind: str,
    title: str,
    wijk: Wijk,
    party: dm.Organisation,
    residents_do: str,
    party_does: str,
    starts_on: dt.date,
    ends_on: dt.date,
    amount: Decimal = Decimal("0.00"),
    support: str = "",
    projects: Iterable = (),
    results: Iterable[dm.IntendedResult] = (),
) -> Initiative:
    """A bewonersdeal or residents' initiative (Art. 2.1), proposed; the agreement follows by
    transition."""
    projects, results = list(projects), list(results)
    values = {
        "kind": kind,
        "title": title,
        "wijk": wijk,
        "party": party,
        "residents_do": residents_do,
        "party_does": party_does,
        "amount": amount,
        "support": support,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    errors = _initiative_errors(deal, values, projects, results)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        initiative = Initiative(
            deal=deal, recorded_by=actor.user, recorded_by_label=actor.record_label, **values
        )

        def links(saved):
            saved.projects.set(projects)
            saved.results.set(results)

        record_created(initiative, actor=actor, action="participation.initiative.created", then=links)
    return initiative


def initiative_update(
    *,
    actor: Actor,
    initiative: Initiative,
    expected_version: int | None,
    projects: Iterable | None = None,
    results: Iterable[dm.IntendedResult] | None = None,
    **changes: Any,
) -> Initiative:
    unknown = set(changes) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    values = {name: changes.get(name, getattr(initiative, name)) for name in INITIATIVE_FIELDS}
    new_projects = list(projects) if projects is not None else []
    new_results = list(results) if results is not None else []
    errors = _initiative_errors(initiative.deal, values, new_projects, new_results)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():

        def links(saved):
            if projects is not None:
                saved.projects.set(new_projects)
            if results is not None:
                saved.results.set(new_results)

        record_updated(
            initiative,
            actor=actor,
            action="participation.initiative.updated",
            changes=changes,
            expected_version=expected_version,
            also_saved=("updated_at",),
            then=links,
        )
    return initiative


def _reason_without_personal_data(initiative: Initiative, to: str, context) -> None:
    errors = personal_data_errors({"reason": (_("reden"), context["reason"])})
    if errors:
        raise ValidationError(errors)


# The lifecycle of an initiative (workflow.TRANSITIONS) in the one transition engine.
PROCEDURE = Procedure(
    name="initiative",
    row_model=InitiativeTransition,
    subject="initiative",
    table=TRANSITIONS,
    action="participation.initiative.transition",
    refused=refused_naming_the_allowed(
        gettext_lazy("Een initiatief dat %(current)s is, kan niet %(to)s worden; wel mogelijk: %(allowed)s."),
        InitiativeStatus,
    ),
    capability=Capability.MANAGE_PARTICIPATION,
    guards=(reason_required, _reason_without_personal_data),
    bump_lock=True,
)


def initiative_transition(
    *, actor: Actor, initiative: Initiative, to_status: str, reason: str
) -> InitiativeTransition:
    """Move an initiative along its lifecycle (workflow.TRANSITIONS); the reason is required."""
    with transaction.atomic():
        locked = lock(initiative)
        frm = locked.status
        transition = engine_transition(
            PROCEDURE,
            actor=actor,
            obj=locked,
            to=to_status,
            context={"reason": reason},
            row={"reason": reason},
            summary=f"{locked.title}: {frm} -> {to_status}: {reason}",
            audit_before={"status": frm},
            audit_after={"status": to_status},
        )
    initiative.refresh_from_db()
    return transition


# --- co-creation per project -------------------------------------------------------------------


def cocreation_record(
    *,
    actor: Actor,
    deal: dm.Deal,
    project,
    rung: str,
    stage: str,
    held_on: dt.date,
    residents: int,
    description: str,
    wijk: Wijk | None = None,
) -> CoCreation:
    """How residents took part in a project (Bijlage 1 §3: every intervention considers how)."""
    errors: dict[str, list[str]] = {}
    if project.deal_id != deal.pk:
        errors["project"] = [_("Het project hoort bij een andere deal.")]
    if wijk is not None and wijk.deal_id != deal.pk:
        errors["wijk"] = [_("De wijk hoort bij een andere deal.")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("Dit ligt in de toekomst.")]
    _merge(errors, _text_errors(CoCreation, {"description": description}))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = CoCreation(
            deal=deal,
            project=project,
            rung=rung,
            stage=stage,
            held_on=held_on,
            residents=residents,
            description=description,
            wijk=wijk,
            recorded_by=actor.user,
            recorded_by_label=actor.record_label,
        )
        record_created(item, actor=actor, action="participation.cocreation.recorded")
    return item
