"""Writes for results: indicators, baselines and targets, measurements. Keyword-only, each in one
transaction with an audit event. Permissions are checked by the caller (view, API, command) with
`accounts.permissions`: indicators, baselines and targets need MANAGE_RESULTS, measurements
RECORD_PROGRESS (a project lead only for a project they manage).

`results_setup(actor=..., deal=...)` makes a deal measurable: the CBS catalogue, the deal's own
programme indicators (from the definition in force) and a link with a target for every number
the covenant attaches to an intended result (Art. 2-3). It is idempotent; `regiodeal setup` and
`regiodeal demo` call it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.common.locking import save_locked
from regiodeal.common.records import record_created, record_updated
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force

from .catalogue import sync_catalogue
from .constants import CBS_CODE_PATTERN, CBS_PREFIX_KIND, IndicatorOrigin
from .models import Indicator, Measurement, Milestone, ResultIndicator


@dataclass(frozen=True)
class SetupOutcome:
    catalogue_created: int
    programme_indicators_created: int
    links_created: int


def results_setup(*, actor: Actor, deal: dm.Deal, on: dt.date | None = None) -> SetupOutcome:
    """The catalogue, the programme indicators and the covenant's targets as links (idempotent)."""
    version = version_in_force(deal, on)
    with transaction.atomic():
        catalogue_created, _updated = sync_catalogue(Indicator)
        created_indicators = 0
        by_code: dict[str, Indicator] = {}
        for pi in version.indicators.all():
            indicator, created = Indicator.objects.get_or_create(
                deal=deal,
                code=pi.code,
                defaults={
                    "name": pi.name,
                    "name_en": pi.name_en,
                    "unit": pi.unit,
                    "unit_en": pi.unit_en,
                    "better": pi.better,
                    "origin": IndicatorOrigin.PROGRAMME,
                    "description": pi.description,
                },
            )
            by_code[pi.code] = indicator
            if created:
                created_indicators += 1
                audit_record(
                    actor=actor,
                    action="results.indicator.created",
                    obj=indicator,
                    deal_slug=deal.slug,
                    summary=f"{indicator.code} (programme indicator of the definition)",
                    after=snapshot(indicator),
                )
        links_created = 0
        targets = dm.ResultTarget.objects.filter(version=version).select_related("result", "indicator")
        for target in targets:
            indicator = by_code[target.indicator.code]
            if not ResultIndicator.objects.filter(result=target.result, indicator=indicator).exists():
                _link_number(
                    actor=actor,
                    deal=deal,
                    version=version,
                    number=target,
                    indicator=indicator,
                    to={"result": target.result, "result_target": target},
                    what=target.result.code,
                )
                links_created += 1
        for norm in dm.ApproachNorm.objects.filter(version=version).select_related("indicator", "pillar"):
            indicator = by_code[norm.indicator.code]
            if not ResultIndicator.objects.filter(norm=norm, indicator=indicator).exists():
                _link_number(
                    actor=actor,
                    deal=deal,
                    version=version,
                    number=norm,
                    indicator=indicator,
                    to={"norm": norm},
                    what=f"the approach of pillar {norm.pillar.code}",
                )
                links_created += 1
        _seed_milestones(actor=actor, deal=deal, version=version)
    return SetupOutcome(catalogue_created, created_indicators, links_created)


def _link_number(*, actor: Actor, deal, version, number, indicator, to: dict, what: str) -> ResultIndicator:
    """Measure a number of the covenant (a result's target, or a norm of a pillar's approach) by
    its indicator: the link with the number's target, audited."""
    link = ResultIndicator(
        deal=deal,
        indicator=indicator,
        target_kind=number.kind,
        target_value=number.value,
        target_on=number.due_on or version.ends_on,
        area_kind=number.area_kind,
        article=number.article,
        **to,
    )
    record_created(
        link,
        actor=actor,
        action="results.link.created",
        summary=f"{what} measured by {indicator.code} (art. {number.article})",
    )
    return link


def _seed_milestones(*, actor: Actor, deal: dm.Deal, version: dm.DealVersion) -> None:
    """A result the definition judges by its delivery (`deliverable`, e.g. result 1B "een
    ontwikkelde handreiking") gets its milestone, due at the end of the deal until the office
    plans it earlier (idempotent: one per result from the definition)."""
    for result in dm.IntendedResult.objects.filter(version=version).exclude(deliverable=""):
        if Milestone.objects.filter(deal=deal, result_code=result.code, from_definition=True).exists():
            continue
        milestone = Milestone(
            deal=deal,
            result_code=result.code,
            title=result.deliverable,
            due_on=version.ends_on,
            from_definition=True,
        )
        record_created(
            milestone,
            actor=actor,
            action="results.milestone.created",
            summary=f"{result.code}: {milestone.title} (deliverable of the definition)",
            snapshot_of=_milestone_snapshot,
        )


MILESTONE_FIELDS = ("title", "due_on", "delivered_on", "document", "note")


def _milestone_snapshot(milestone: Milestone) -> dict[str, Any]:
    out = snapshot(
        milestone, fields=[f.name for f in Milestone._meta.concrete_fields if f.name != "document"]
    )
    out["document"] = milestone.document.name if milestone.document else ""
    return out


def milestone_create(
    *,
    actor: Actor,
    deal: dm.Deal,
    result_code: str = "",
    pillar_code: str = "",
    title: str,
    due_on: dt.date,
    delivered_on: dt.date | None = None,
    document=None,
    note: str = "",
) -> Milestone:
    """Judge an intended result (or what residents will notice of a pillar) by a milestone where
    the covenant names no number (Art. 3, Bijlage 1 §2.B)."""
    version = version_in_force(deal)
    with transaction.atomic():
        if result_code and not dm.IntendedResult.objects.filter(version=version, code=result_code).exists():
            raise ValidationError({"result_code": _("Dit beoogde resultaat bestaat niet in deze deal.")})
        if pillar_code and not dm.Pillar.objects.filter(version=version, code=pillar_code).exists():
            raise ValidationError({"pillar_code": _("Deze pijler bestaat niet in deze deal.")})
        milestone = Milestone(
            deal=deal,
            result_code=result_code,
            pillar_code=pillar_code,
            title=title,
            due_on=due_on,
            delivered_on=delivered_on,
            document=document or "",
            note=note,
        )
        record_created(
            milestone,
            actor=actor,
            action="results.milestone.created",
            snapshot_of=_milestone_snapshot,
        )
    return milestone


def milestone_update(
    *, actor: Actor, milestone: Milestone, expected_version: int | None, **changes: Any
) -> Milestone:
    """Plan, deliver (date and document) or correct a milestone; EditConflict when someone saved
    in between. A document left out keeps the one there."""
    unknown = set(changes) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    document = changes.pop("document", None)
    with transaction.atomic():
        before = _milestone_snapshot(milestone)
        for name, value in changes.items():
            setattr(milestone, name, value)
        if document is not None:
            milestone.document = document
        milestone.full_clean()
        fields = list(changes)
        if document is not None:
            milestone.document.save(document.name, document, save=False)
            fields.append("document")
        save_locked(milestone, expected_version=expected_version, update_fields=fields)
        audit_record(
            actor=actor,
            action="results.milestone.updated",
            obj=milestone,
            deal_slug=milestone.deal.slug,
            summary=str(milestone),
            before=before,
            after=_milestone_snapshot(milestone),
        )
    return milestone


def follow_correction(sender, *, deal, version, actor, reason, moved, **kwargs) -> None:
    """`deals.signals.definition_corrected`: a reading of the definition was corrected (not the
    covenant). Inside its transaction: the deal's programme indicators take the corrected name,
    unit and description; a link whose number moved between an intended result and a pillar's
    approach moves with it, keeping its baseline (the outreach norm of Art. 2.1 is no longer read
    as result 1B's); every link takes its number's corrected reading; the setup links what is new."""
    for pi in version.indicators.all():
        indicator = Indicator.objects.filter(
            deal=deal, code=pi.code, origin=IndicatorOrigin.PROGRAMME
        ).first()
        if indicator is None:
            continue
        fields = ("name", "name_en", "unit", "unit_en", "better", "description")
        changed = [f for f in fields if getattr(indicator, f) != getattr(pi, f)]
        if changed:
            before = snapshot(indicator)
            for f in changed:
                setattr(indicator, f, getattr(pi, f))
            save_locked(indicator, expected_version=indicator.lock_version, update_fields=changed)
            audit_record(
                actor=actor,
                action="results.indicator.updated",
                obj=indicator,
                deal_slug=deal.slug,
                summary=f"{indicator.code}: reading corrected ({reason})",
                before=before,
                after=snapshot(indicator),
            )

    def follow(link, **changes):
        record_updated(
            link,
            actor=actor,
            action="results.link.updated",
            changes=changes,
            expected_version=link.lock_version,
            summary=lambda corrected: f"{corrected}: reading corrected ({reason})",
            deal_slug=deal.slug,
        )

    for move in moved:
        (from_kind, from_key), (to_kind, to_pk) = move["from"], move["to"]
        if from_kind == "result":
            links = ResultIndicator.objects.filter(
                deal=deal,
                result__version=version,
                result__code=from_key,
                indicator__code=move["indicator"],
                result_target__isnull=True,
            )
        else:
            links = ResultIndicator.objects.filter(deal=deal, norm_id=from_key)
        for link in links:
            if to_kind == "norm":
                norm = dm.ApproachNorm.objects.get(pk=to_pk)
                follow(link, result=None, result_target=None, norm=norm)
            else:
                target = dm.ResultTarget.objects.get(pk=to_pk)
                follow(link, norm=None, result=target.result, result_target=target)
    for link in ResultIndicator.objects.filter(deal=deal, result_target__version=version).select_related(
        "result_target"
    ):
        t = link.result_target
        if (link.result_id, link.target_kind, link.area_kind) != (t.result_id, t.kind, t.area_kind):
            follow(link, result=t.result, target_kind=t.kind, area_kind=t.area_kind)
    for link in ResultIndicator.objects.filter(deal=deal, norm__version=version).select_related("norm"):
        n = link.norm
        if (link.target_kind, link.area_kind) != (n.kind, n.area_kind):
            follow(link, target_kind=n.kind, area_kind=n.area_kind)
    if version == version_in_force(deal):
        results_setup(actor=actor, deal=deal)


def results_setup_all(*, actor: Actor) -> list[tuple[dm.Deal, SetupOutcome]]:
    """`results_setup` for every deal that has a version: the hook for `regiodeal setup`."""
    return [
        (deal, results_setup(actor=actor, deal=deal))
        for deal in dm.Deal.objects.filter(versions__isnull=False).distinct()
    ]


def indicator_create(
    *,
    actor: Actor,
    deal: dm.Deal,
    code: str,
    name: str,
    unit: str,
    better: str,
    name_en: str = "",
    theme: str = "",
    sdg_proposed: str = "",
    description: str = "",
) -> Indicator:
    """An indicator of the deal's own (Bijlage 1 §2.B: indicators that fit brede welvaart)."""
    with transaction.atomic():
        if Indicator.objects.filter(deal=None, code=code).exists():
            raise ValidationError({"code": _("Deze code hoort al bij een indicator uit de catalogus.")})
        indicator = Indicator(
            deal=deal,
            code=code,
            name=name,
            name_en=name_en,
            unit=unit,
            better=better,
            origin=IndicatorOrigin.OWN,
            theme=theme,
            sdg_proposed=sdg_proposed,
            description=description,
        )
        record_created(indicator, actor=actor, action="results.indicator.created", summary=indicator.code)
    return indicator


LINK_FIELDS = (
    "baseline_value",
    "baseline_on",
    "baseline_source",
    "target_kind",
    "target_value",
    "target_on",
    "area_kind",
    "note",
)


def result_indicator_create(
    *,
    actor: Actor,
    deal: dm.Deal,
    result: dm.IntendedResult,
    indicator: Indicator,
    target_kind: str,
    target_value: Decimal,
    target_on: dt.date,
    area_kind: str = "",
    baseline_value: Decimal | None = None,
    baseline_on: dt.date | None = None,
    baseline_source: str = "",
    note: str = "",
) -> ResultIndicator:
    """Measure an intended result by an indicator, against a target (and a baseline, Art. 7.1)."""
    with transaction.atomic():
        if ResultIndicator.objects.filter(result=result, indicator=indicator).exists():
            raise ValidationError({"indicator": _("Dit resultaat wordt al gemeten met deze indicator.")})
        link = ResultIndicator(
            deal=deal,
            result=result,
            indicator=indicator,
            target_kind=target_kind,
            target_value=target_value,
            target_on=target_on,
            area_kind=area_kind,
            baseline_value=baseline_value,
            baseline_on=baseline_on,
            baseline_source=baseline_source,
            note=note,
        )
        record_created(
            link,
            actor=actor,
            action="results.link.created",
            summary=f"{result.code} measured by {indicator.code}",
        )
    return link


def result_indicator_update(
    *, actor: Actor, link: ResultIndicator, expected_version: int | None, **changes: Any
) -> ResultIndicator:
    """Set the baseline (value, date, source; Art. 7.1) or change the target. Refused with
    EditConflict when someone saved in between."""
    unknown = set(changes) - set(LINK_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        record_updated(
            link,
            actor=actor,
            action="results.link.updated",
            changes=changes,
            expected_version=expected_version,
        )
    return link


@dataclass(frozen=True)
class DealPlaces:
    """The areas (by deal code and by CBS code) and groups a measurement may be broken down by."""

    areas: dict[str, tuple[str, str, str]]
    groups: frozenset[str]

    def area(self, code: str) -> tuple[str, str, str]:
        """(code, name, kind) for a deal area code or a CBS code; ValueError for anything else."""
        code = code.strip()
        if not code:
            return "", "", ""
        if code in self.areas:
            return self.areas[code]
        if re.match(CBS_CODE_PATTERN, code):
            return code, "", CBS_PREFIX_KIND[code[:2]]
        raise ValueError(
            _("'%(code)s' is geen gebied van deze deal en geen CBS-code (GM0556, WK055601, BU05560101).")
            % {"code": code}
        )

    def group(self, code: str) -> str:
        code = code.strip()
        if code and code not in self.groups:
            raise ValueError(_("'%(code)s' is geen doelgroep van deze deal.") % {"code": code})
        return code


def deal_places(deal: dm.Deal, on: dt.date | None = None) -> DealPlaces:
    version = version_in_force(deal, on)
    areas: dict[str, tuple[str, str, str]] = {}
    for area in version.areas.all():
        entry = (area.code, area.name, area.kind)
        areas[area.code] = entry
        if area.cbs_code:
            areas[area.cbs_code] = entry
    return DealPlaces(areas=areas, groups=frozenset(version.groups.values_list("code", flat=True)))


def indicators_usable_in(deal: dm.Deal):
    from django.db.models import Q

    return Indicator.objects.filter(Q(deal=None) | Q(deal=deal))


def measurement_record(
    *,
    actor: Actor,
    deal: dm.Deal,
    indicator: Indicator,
    value: Decimal,
    on: dt.date,
    source: str,
    period_start: dt.date | None = None,
    area_code: str = "",
    area_name: str = "",
    group_code: str = "",
    project=None,
    imported_from: str = "",
    places: DealPlaces | None = None,
) -> Measurement:
    """Store one measured value: the region's (no area, no group) or one part of it."""
    errors: dict[str, list[str]] = {}
    if indicator.deal_id not in (None, deal.pk):
        errors.setdefault("indicator", []).append(_("De indicator hoort bij een andere deal."))
    if project is not None and project.deal_id != deal.pk:
        errors.setdefault("project", []).append(_("Het project hoort bij een andere deal."))
    if on > timezone.localdate():
        errors.setdefault("on", []).append(_("Een meting kan niet in de toekomst liggen."))
    places = places or deal_places(deal)
    kind = ""
    try:
        area_code, default_name, kind = places.area(area_code)
        area_name = area_name.strip() or default_name
    except ValueError as exc:
        errors.setdefault("area_code", []).append(str(exc))
    try:
        group_code = places.group(group_code)
    except ValueError as exc:
        errors.setdefault("group_code", []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        measurement = Measurement(
            deal=deal,
            indicator=indicator,
            value=value,
            on=on,
            period_start=period_start,
            source=source,
            area_code=area_code,
            area_name=area_name,
            area_kind=kind,
            group_code=group_code,
            project=project,
            imported_from=imported_from,
            recorded_by=actor.user,
            recorded_by_label=actor.record_label,
        )
        record_created(measurement, actor=actor, action="results.measurement.recorded")
    return measurement


def measurement_update(
    *, actor: Actor, measurement: Measurement, expected_version: int | None, value: Decimal, source: str
) -> Measurement:
    """Correct a value or its source; refused with EditConflict when someone saved in between."""
    with transaction.atomic():
        return record_updated(
            measurement,
            actor=actor,
            action="results.measurement.updated",
            changes={"value": value, "source": source},
            expected_version=expected_version,
        )
