"""Writes for deals: loading a definition file as version 1 of a deal.

`deal_load` is all-or-nothing: it checks the whole file first (`definition.read_definition`),
then writes every row inside one transaction. A deal that already exists is never overwritten:
the same content is a no-op, different content is refused with the difference, because a deal
changes only through an amendment (Art. 11), which the governance app turns into a new version.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _t

from regiodeal.audit.services import Actor, audit_record

from . import models as m
from .definition import DealDef, DefinitionError, dump_definition, normalized, read_definition

BUNDLED = ("waterwegregio.yaml",)


class DealChangeRefused(Exception):
    """A file that would change a loaded deal outside the amendment procedure."""

    def __init__(self, slug: str, diff: str):
        self.slug = slug
        self.diff = diff
        super().__init__(
            f"Deal {slug!r} is already loaded with different content. A Regio Deal changes only "
            "by amendment with the consent of all Parties (Art. 11): file an amendment instead "
            f"(see docs/definition-format.md, 'Changing a deal'). The difference:\n{diff}"
        )


@dataclass(frozen=True)
class LoadOutcome:
    deal: m.Deal
    version: m.DealVersion
    created: bool


def bundled_definition_path(name: str = "waterwegregio.yaml") -> Path:
    return Path(str(resources.files("regiodeal.deals") / "definitions" / name))


def checksum_of(deal_def: DealDef) -> str:
    payload = json.dumps(normalized(deal_def), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def definition_read_file(path: Path | str) -> tuple[DealDef, str]:
    """Read and check a definition file; raise DefinitionError with every problem found."""
    path = Path(path)
    maximum = settings.REGIODEAL_DEFINITION_MAX_BYTES
    if path.is_file() and path.stat().st_size > maximum:
        raise DefinitionError(
            [
                _file_problem(
                    path,
                    "too-large",
                    f"the file is larger than {maximum} bytes (REGIODEAL_DEFINITION_MAX_BYTES); "
                    "a covenant's definition is far smaller: is this the right file?",
                )
            ]
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DefinitionError([_file_problem(path, "file-not-found", "the file does not exist")]) from exc
    except UnicodeDecodeError as exc:
        raise DefinitionError(
            [_file_problem(path, "encoding", f"the file is not UTF-8 ({exc.reason})")]
        ) from exc
    except OSError as exc:
        raise DefinitionError([_file_problem(path, "unreadable", exc.strerror or str(exc))]) from exc
    deal_def, problems = read_definition(text, str(path))
    if problems:
        raise DefinitionError(problems)
    assert deal_def is not None
    return deal_def, text


def _file_problem(path: Path, rule: str, message: str):
    from .definition import Problem

    return Problem(str(path), None, "", rule, message)


def deal_load(*, deal_def: DealDef, source_text: str, source_name: str, actor: Actor) -> LoadOutcome:
    """Load a checked definition as version 1 of a new deal (or confirm it is already loaded)."""
    checksum = checksum_of(deal_def)
    with transaction.atomic():
        existing = m.Deal.objects.select_for_update().filter(slug=deal_def.slug).first()
        if existing is not None:
            current = existing.versions.order_by("-number").first()
            if current is not None and current.checksum == checksum:
                return LoadOutcome(existing, current, created=False)
            raise DealChangeRefused(deal_def.slug, _diff(current, deal_def))
        deal = m.Deal.objects.create(slug=deal_def.slug)
        version = _write_version(deal, deal_def, source_text, source_name, checksum)
        audit_record(
            actor=actor,
            action="deal.loaded",
            obj=version,
            deal_slug=deal.slug,
            summary=f"{deal_def.name} loaded from {source_name} as version 1",
            after={"slug": deal.slug, "version": 1, "checksum": checksum, "source": source_name},
        )
    return LoadOutcome(deal, version, created=True)


def deal_load_bundled(*, actor: Actor) -> list[LoadOutcome]:
    """The deals shipped with the platform, loaded if not there yet (`regiodeal setup`)."""
    outcomes = []
    for name in BUNDLED:
        path = bundled_definition_path(name)
        deal_def, text = definition_read_file(path)
        if m.Deal.objects.filter(slug=deal_def.slug).exists():
            continue  # An adopted amendment may have moved it on: setup never compares.
        outcomes.append(deal_load(deal_def=deal_def, source_text=text, source_name=name, actor=actor))
    return outcomes


def _diff(current: m.DealVersion | None, new: DealDef) -> str:
    old_text = dump_definition(current.content) if current else ""
    lines = difflib.unified_diff(
        old_text.splitlines(),
        dump_definition(normalized(new)).splitlines(),
        fromfile=f"{new.slug} (loaded, version {current.number if current else 0})",
        tofile=f"{new.slug} (file)",
        lineterm="",
        n=2,
    )
    return "\n".join(lines)


def _write_version(
    deal: m.Deal, d: DealDef, source_text: str, source_name: str, checksum: str, number: int = 1
) -> m.DealVersion:
    orgs = {}
    for org in [*d.parties, *d.partners]:
        orgs[org.code], _ = m.Organisation.objects.get_or_create(
            deal=deal, code=org.code, defaults={"name": org.name, "iati_ref": org.iati_ref}
        )
    version = m.DealVersion.objects.create(
        deal=deal,
        number=number,
        name=d.name,
        citation_title=d.citation_title,
        aim=d.aim,
        ends_on=d.ends_on,
        regiokassier=orgs[d.regiokassier],
        source_name=source_name,
        source_text=source_text,
        content=normalized(d),
        checksum=checksum,
    )
    m.Party.objects.bulk_create(
        [
            m.Party(
                version=version,
                position=i,
                organisation=orgs[p.code],
                kind=p.kind,
                name=p.name,
                name_en=p.name_en,
                short_name=p.short_name,
                acts_as=p.acts_as,
                signatory_name=p.signatory.name,
                signatory_function=p.signatory.function,
            )
            for i, p in enumerate(d.parties)
        ]
    )
    for p in d.parties:
        if p.signed_on:
            m.Signature.objects.get_or_create(
                deal=deal, organisation=orgs[p.code], defaults={"signed_on": p.signed_on}
            )
    m.Partner.objects.bulk_create(
        [
            m.Partner(version=version, position=i, organisation=orgs[p.code], name=p.name)
            for i, p in enumerate(d.partners)
        ]
    )
    areas = {}
    for i, a in enumerate(d.areas):
        areas[a.code] = m.Area.objects.create(
            version=version,
            position=i,
            code=a.code,
            name=a.name,
            kind=a.kind,
            cbs_code=a.cbs_code,
            nplv_focus_area=a.nplv_focus_area,
            in_deal_area=a.in_deal_area,
            note=a.note,
        )
    for a in d.areas:
        if a.within:
            areas[a.code].within = areas[a.within]
            areas[a.code].save(update_fields=["within"])
    for model, items in ((m.TargetGroup, d.groups), (m.Sector, d.sectors)):
        model.objects.bulk_create(
            [
                model(
                    version=version,
                    position=i,
                    code=x.code,
                    name=x.name,
                    name_en=x.name_en,
                    description=x.description,
                )
                for i, x in enumerate(items)
            ]
        )
    indicators = {}
    for i, x in enumerate(d.indicators):
        indicators[x.code] = m.ProgrammeIndicator.objects.create(
            version=version,
            position=i,
            code=x.code,
            name=x.name,
            name_en=x.name_en,
            unit=x.unit,
            unit_en=x.unit_en,
            better=x.better,
            description=x.description,
        )
    pillars = {}
    position = 0
    for pi, p in enumerate(d.pillars):
        pillar = pillars[p.code] = m.Pillar.objects.create(
            version=version,
            position=pi,
            code=p.code,
            name=p.name,
            name_en=p.name_en,
            short_name=p.short_name,
            approach=p.approach,
            residents_will_notice=p.residents_will_notice,
        )
        m.Objective.objects.bulk_create(
            [
                m.Objective(
                    version=version,
                    pillar=pillar,
                    position=i,
                    code=o.code,
                    title=o.title,
                    title_en=o.title_en,
                )
                for i, o in enumerate(p.objectives)
            ]
        )
        for ri, r in enumerate(p.results):
            result = m.IntendedResult.objects.create(
                version=version,
                pillar=pillar,
                position=ri,
                code=r.code,
                title=r.title,
                title_en=r.title_en,
                residents_will_notice=r.residents_will_notice,
                deliverable=r.deliverable,
            )
            for t in r.targets:
                m.ResultTarget.objects.create(
                    version=version,
                    result=result,
                    position=position,
                    indicator=indicators[t.indicator],
                    kind=t.kind,
                    operator=t.operator,
                    value=t.value,
                    area_kind=t.area_kind,
                    due_on=t.due_on,
                    article=t.article,
                    text=t.text,
                )
                position += 1
        _write_norms(version, pillar, p.norms, indicators)
    m.BudgetLine.objects.bulk_create(
        [
            m.BudgetLine(
                version=version,
                position=i,
                code=b.code,
                name=b.name,
                name_en=b.name_en,
                kind=b.kind,
                pillar=pillars.get(b.pillar),
                rijk=_cents(b.rijk),
                regional=_cents(b.regional),
                total=_cents(b.total),
            )
            for i, b in enumerate(d.budget.lines)
        ]
    )
    m.GlossaryTerm.objects.bulk_create(
        [
            m.GlossaryTerm(version=version, position=i, term=g.term, definition=g.definition)
            for i, g in enumerate(d.glossary)
        ]
    )
    m.Consideration.objects.bulk_create(
        [
            m.Consideration(version=version, position=i, number=c.number, text=c.text)
            for i, c in enumerate(d.considerations)
        ]
    )
    r = d.rules
    rules = m.Rules.objects.create(
        version=version,
        money_article=r.money.article,
        execution_costs_max_share=r.money.execution_costs_max_share,
        regional_match_min_ratio=r.money.regional_match_min_ratio,
        includes_vat=d.budget.includes_vat,
        budget_note=d.budget.note,
        overleg_article=r.overleg.article,
        overleg_meets_at_least_per_year=r.overleg.meets_at_least_per_year,
        overleg_organised_by=r.overleg.organised_by,
        overleg_escalation_agreed=r.overleg.escalation_agreed_by_overleg,
        amendment_article=r.amendment.article,
        amendment_consultation_weeks=r.amendment.consultation_weeks or 0,
        amendment_addressed_to=orgs[r.amendment.addressed_to],
        accession_article=r.accession.article,
        accession_addressed_to=orgs[r.accession.addressed_to],
        withdrawal_article=r.withdrawal.article,
        withdrawal_notice_months=r.withdrawal.notice_months,
        withdrawal_requires_changed_circumstances=r.withdrawal.requires_changed_circumstances,
        report_article=r.progress_report.article,
        reports_per_year=r.progress_report.per_year,
        report_draft_to_parties_before=r.progress_report.draft_to_parties_before,
        report_to_ministry_before=r.progress_report.to_ministry_before,
        evaluation_article=r.evaluation.article,
        baseline_due_on=r.evaluation.baseline_due_on,
        baseline_due_label=r.evaluation.baseline_due_label,
        entry_into_force_article=r.entry_into_force.article,
        counterparts_allowed=r.entry_into_force.counterparts_allowed,
    )
    rules.overleg_members.set([orgs[c] for c in r.overleg.members])
    return version


def _write_norms(version: m.DealVersion, pillar: m.Pillar, norms, indicators: dict) -> None:
    m.ApproachNorm.objects.bulk_create(
        [
            m.ApproachNorm(
                version=version,
                pillar=pillar,
                position=i,
                indicator=indicators[t.indicator],
                kind=t.kind,
                operator=t.operator,
                value=t.value,
                area_kind=t.area_kind,
                due_on=t.due_on,
                article=t.article,
                text=t.text,
            )
            for i, t in enumerate(norms)
        ]
    )


def _cents(value: Decimal) -> Decimal:
    """Amounts are validated to two decimals already; quantize makes the cents explicit."""
    return value.quantize(Decimal("0.01"))


def deal_version_create(
    *,
    actor: Actor,
    deal: m.Deal,
    source_text: str,
    source_name: str,
    effective_from,
    origin: str,
    summary: str = "",
) -> m.DealVersion:
    """A new version of a loaded deal, made by one of its procedures (amendment Art. 11, withdrawal
    Art. 12, accession Art. 13, duration Art. 19.2), taking effect from `effective_from`.

    The text is checked exactly like a definition file (`read_definition`), so a version that
    breaks the covenant's money rules is refused with the same messages. The slug cannot change,
    and a text that changes nothing is refused. The version gets the next number; past versions
    stay as they were. `deals.signals.version_adopted` is sent once the transaction commits."""
    from .constants import VersionOrigin
    from .definition import Problem
    from .signals import version_adopted

    if origin == VersionOrigin.DEFINITION or origin not in VersionOrigin.values:
        raise ValueError(f"origin {origin!r}: a new version comes from a procedure")
    if effective_from is None:
        raise ValueError("a new version needs the date it takes effect")
    deal_def, problems = read_definition(source_text, source_name)
    if problems:
        raise DefinitionError(problems)
    assert deal_def is not None
    if deal_def.slug != deal.slug:
        raise DefinitionError(
            [Problem(source_name, None, "slug", "slug-fixed", f"the slug stays {deal.slug!r}")]
        )
    checksum = checksum_of(deal_def)
    with transaction.atomic():
        locked = m.Deal.objects.select_for_update().get(pk=deal.pk)
        previous = locked.versions.order_by("-number").first()
        if previous is None:
            raise ValueError(f"deal {deal.slug} has no version to amend")
        if previous.checksum == checksum:
            raise DefinitionError(
                [Problem(source_name, None, "", "no-change", f"this is version {previous.number} unchanged")]
            )
        version = _write_version(
            locked, deal_def, source_text, source_name, checksum, number=previous.number + 1
        )
        version.origin = origin
        version.effective_from = effective_from
        version.save(update_fields=["origin", "effective_from"])
        audit_record(
            actor=actor,
            action="deal.version.adopted",
            obj=version,
            deal_slug=deal.slug,
            summary=summary or f"version {version.number} ({origin}) effective from {effective_from}",
            after={
                "version": version.number,
                "origin": origin,
                "effective_from": effective_from.isoformat(),
                "checksum": checksum,
                "previous": previous.number,
            },
        )
        transaction.on_commit(
            lambda: version_adopted.send(
                sender=m.DealVersion, deal=locked, version=version, previous=previous
            )
        )
    return version


def definition_text_of(content: dict) -> str:
    """A definition file for normalised content (what a procedure amends and checks)."""
    return dump_definition(content)


class CorrectionRefused(Exception):
    """A correction that is not one: it would change the covenant's agreed content (Art. 11), or
    it changes nothing."""

    def __init__(self, message: str, diff: str = "", kind: str = "amendment"):
        self.diff = diff
        self.kind = kind  # "amendment", "nothing", "reason" or "slug": the screen says it in words
        super().__init__(message + (f"\n{diff}" if diff else ""))


@dataclass(frozen=True)
class CorrectionOutcome:
    deal: m.Deal
    versions: list[int]
    changes: list[str]


def correction_preview(*, deal: m.Deal, deal_def: DealDef) -> list[str]:
    """The readings this file corrects in the deal's newest version, in words; raises
    CorrectionRefused when it is not a correction (docs/definition-format.md)."""
    from .correction import agreed_content, reading_changes

    current = deal.versions.order_by("-number").first()
    if current is None or deal_def.slug != deal.slug:
        raise CorrectionRefused(f"The file is for deal {deal_def.slug!r}, not {deal.slug!r}.", kind="slug")
    new = normalized(deal_def)
    if agreed_content(current.content) != agreed_content(new):
        diff = "\n".join(
            difflib.unified_diff(
                dump_definition(agreed_content(current.content)).splitlines(),
                dump_definition(agreed_content(new)).splitlines(),
                fromfile=f"{deal.slug} (version {current.number})",
                tofile=f"{deal.slug} (file)",
                lineterm="",
                n=2,
            )
        )
        raise CorrectionRefused(
            f"This file changes the agreed content of deal {deal.slug!r} (Parties, amounts, dates, "
            "codes or texts), not only a reading. That is an amendment of the Regio Deal, with the "
            "consent of all Parties (Art. 11): file it as an amendment request instead.",
            diff,
        )
    changes = reading_changes(current.content, new)
    if not changes:
        raise CorrectionRefused(
            f"This file corrects nothing: version {current.number} reads the same.", kind="nothing"
        )
    return changes


def deal_correct(
    *, deal: m.Deal, deal_def: DealDef, source_text: str, source_name: str, reason: str, actor: Actor
) -> CorrectionOutcome:
    """Correct readings of a loaded deal in place (not a new version: the covenant is unchanged).

    Every version whose agreed content equals the file's takes the file's readings: indicator
    fields, the place and reading of each number, deliverables. Its content, source and checksum
    become the file's; `signals.definition_corrected` lets other apps follow in the same
    transaction. One audit event per version, with the reason and the changes in words."""
    from .correction import agreed_content, number_key
    from .signals import definition_corrected

    reason = (reason or "").strip()
    if not reason:
        raise CorrectionRefused(
            "A correction needs its reason (--reason), for the audit trail.", kind="reason"
        )
    new = normalized(deal_def)
    checksum = checksum_of(deal_def)
    corrected: list[int] = []
    with transaction.atomic():
        locked = m.Deal.objects.select_for_update().get(pk=deal.pk)
        changes = correction_preview(deal=locked, deal_def=deal_def)
        agreed = agreed_content(new)
        for version in locked.versions.order_by("number"):
            if agreed_content(version.content) != agreed:
                continue  # an older version before an amendment keeps its own readings
            before = {"checksum": version.checksum, "source": version.source_name}
            moved, obsolete = _apply_readings(version, deal_def, number_key)
            version.content = new
            version.checksum = checksum
            version.source_text = source_text if version.number == 1 else definition_text_of(new)
            version.source_name = source_name if version.number == 1 else version.source_name
            version.save(update_fields=["content", "checksum", "source_text", "source_name"])
            audit_record(
                actor=actor,
                action="deal.corrected",
                obj=version,
                deal_slug=locked.slug,
                summary=f"version {version.number}: readings corrected ({reason})",
                before=before,
                after={"checksum": checksum, "source": source_name, "reason": reason, "changes": changes},
            )
            definition_corrected.send(
                sender=m.DealVersion,
                deal=locked,
                version=version,
                actor=actor,
                reason=reason,
                moved=moved,
            )
            for norm in obsolete:  # a norm read as a result's target now; its links moved with it
                norm.delete()
            corrected.append(version.number)
    return CorrectionOutcome(locked, corrected, changes)


def _number_of(row) -> dict:
    """A ResultTarget or ApproachNorm row as the agreed fields of its number (correction.number_key)."""
    return {
        "indicator": row.indicator.code,
        "operator": row.operator,
        "value": str(row.value),
        "due_on": row.due_on.isoformat() if row.due_on else None,
        "article": row.article,
        "text": row.text,
    }


def _apply_readings(
    version: m.DealVersion, d: DealDef, number_key
) -> tuple[list[dict], list[m.ApproachNorm]]:
    """Write the file's readings into one version's rows, in place (other apps point at them).

    Returns the numbers that moved between an intended result and a pillar's approach (for the
    signal: {"indicator", "from": ("result", code) | ("norm", pk), "to": ("norm", pk) |
    ("result", target pk)}) and the norms to delete once the other apps have followed."""
    indicators = {i.code: i for i in version.indicators.all()}
    for x in d.indicators:
        row = indicators[x.code]
        for field in ("name", "name_en", "unit", "unit_en", "better", "description"):
            setattr(row, field, getattr(x, field))
        row.save()
    results = {r.code: r for r in version.results.all()}
    pillars = {p.code: p for p in version.pillars.all()}
    placed: dict[str, tuple] = {}  # number key -> ("result" | "pillar", code, TargetDef, position)
    target_position = 0
    for p in d.pillars:
        for ni, t in enumerate(p.norms):
            placed[number_key(t.model_dump(mode="json"))] = ("pillar", p.code, t, ni)
        for r in p.results:
            if results[r.code].deliverable != r.deliverable:
                results[r.code].deliverable = r.deliverable
                results[r.code].save(update_fields=["deliverable"])
            for t in r.targets:
                placed[number_key(t.model_dump(mode="json"))] = ("result", r.code, t, target_position)
                target_position += 1

    def _number_row(model, t, pos, **place):
        return model.objects.create(
            version=version,
            position=pos,
            indicator=indicators[t.indicator],
            kind=t.kind,
            operator=t.operator,
            value=t.value,
            area_kind=t.area_kind,
            due_on=t.due_on,
            article=t.article,
            text=t.text,
            **place,
        )

    def new_norm(code, t, pos):
        return _number_row(m.ApproachNorm, t, pos, pillar=pillars[code])

    def new_target(code, t, pos):
        return _number_row(m.ResultTarget, t, pos, result=results[code])

    moved: list[dict] = []
    obsolete: list[m.ApproachNorm] = []
    norms = list(version.norms.select_related("indicator"))  # before any target becomes a norm
    targets = list(version.targets.select_related("result", "indicator"))
    for target in targets:
        place, code, t, pos = placed.pop(number_key(_number_of(target)))
        if place == "result":
            target.result, target.kind, target.area_kind, target.position = (
                results[code],
                t.kind,
                t.area_kind,
                pos,
            )
            target.save()
            continue
        norm = new_norm(code, t, pos)
        moved.append(
            {
                "indicator": target.indicator.code,
                "from": ("result", target.result.code),
                "to": ("norm", norm.pk),
            }
        )
        target.delete()  # its links follow through the signal (result_target is SET_NULL)
    for norm in norms:
        place, code, t, pos = placed.pop(number_key(_number_of(norm)))
        if place == "pillar":
            norm.pillar, norm.kind, norm.area_kind, norm.position = pillars[code], t.kind, t.area_kind, pos
            norm.save()
            continue
        target = new_target(code, t, pos)
        moved.append(
            {"indicator": norm.indicator.code, "from": ("norm", norm.pk), "to": ("result", target.pk)}
        )
        obsolete.append(norm)
    assert not placed, "the agreed numbers are the same, so every number of the file has its row"
    return moved, obsolete


def _settings_snapshot(obj: m.DealSettings) -> dict:
    """The settings for the audit trail; the logo by its size (bytes are no JSON)."""
    from regiodeal.audit.services import snapshot

    data = snapshot(obj)
    if "logo" in data:
        data["logo"] = f"{len(obj.logo)} bytes" if obj.logo else ""
    return data


def _settings_saved(settings, *, created, before, fields, expected_version, actor, action, summary) -> None:
    """Saves the deal's settings (a new row, or the named fields under the version the form
    showed: a stale form is refused) and audits the change, before and after."""
    from django.utils import timezone

    from regiodeal.common.locking import save_locked

    settings.updated_at = timezone.now()
    if created:
        settings.save()
    else:
        save_locked(settings, expected_version=expected_version, update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=settings,
        deal_slug=settings.deal.slug,
        summary=summary,
        before=None if created else before,
        after=_settings_snapshot(settings),
    )


def deal_settings_update(
    *,
    actor: Actor,
    deal: m.Deal,
    programme_due_month: int | None,
    programme_due_day: int | None,
    baseline_due_on,
    expected_version: int | None = None,
) -> m.DealSettings:
    """The programme office sets what the covenant leaves open (docs/definition-format.md,
    "The deal's settings"): the day the yearly uitvoeringsprogramma is due (Bijlage 1 B gives
    none) and the day it reads in the covenant's "voorjaar van 2025" (Art. 7.1). Audited."""
    from django.core.exceptions import ValidationError

    from .selectors import baseline_reading

    with transaction.atomic():
        settings, created = m.DealSettings.objects.select_for_update().get_or_create(deal=deal)
        before = _settings_snapshot(settings)
        settings.programme_due_month = programme_due_month
        settings.programme_due_day = programme_due_day
        settings.baseline_due_on = baseline_due_on
        settings.full_clean()
        reading = baseline_reading(deal)
        if (
            baseline_due_on is not None
            and reading.version_ends_on
            and baseline_due_on > reading.version_ends_on
        ):
            raise ValidationError({"baseline_due_on": _t("De dag ligt na het einde van de deal.")})

        fields = ["programme_due_month", "programme_due_day", "baseline_due_on"]
        _settings_saved(
            settings,
            created=created,
            before=before,
            fields=fields,
            expected_version=expected_version,
            actor=actor,
            action="deal.settings.updated",
            summary="programme office settings of the deal",
        )
    return settings


PRESENTATION_TEXT_FIELDS = (
    "responsible_organisation",
    "contact_email",
    "contact_phone",
    "contact_text",
    "contact_text_en",
    "privacy_text",
    "privacy_text_en",
    "accessibility_status",
    "accessibility_known_issues",
    "accessibility_known_issues_en",
)


def deal_presentation_update(
    *,
    actor: Actor,
    deal: m.Deal,
    texts: dict[str, str],
    accessibility_statement_on,
    colour_primary: str,
    colour_band: str,
    logo: bytes | None = None,
    remove_logo: bool = False,
    expected_version: int | None = None,
) -> m.DealSettings:
    """The programme office sets the deal's presentation: the
    organisation that answers for the site, its contact details, the texts of the privacy,
    accessibility and contact statements (empty: the default text), its logo (PNG or SVG, at most
    200 kB) and its colours, refused when they fail the 4.5:1 contrast of WCAG 1.4.3. Not the
    covenant: no amendment (Art. 11). Audited (the logo by its size, not its bytes)."""
    from django.core.exceptions import ValidationError

    from . import presentation

    unknown = set(texts) - set(PRESENTATION_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"not presentation texts: {sorted(unknown)}")
    errors: dict[str, str] = {}
    colours = {}
    for field, value in (("colour_primary", colour_primary), ("colour_band", colour_band)):
        if not (value or "").strip():
            colours[field] = ""
            continue
        try:
            colours[field] = presentation.parse_colour(value)
        except ValueError:
            errors[field] = _t("Schrijf een kleur als # met zes tekens 0-9 en a-f, bijvoorbeeld #1a5e9c.")
            colours[field] = ""
    if not errors:
        errors.update(
            presentation.contrast_problems(primary=colours["colour_primary"], band=colours["colour_band"])
        )
    logo_type = None
    if logo:
        if len(logo) > presentation.LOGO_MAX_BYTES:
            errors["logo"] = _t("Het logo is groter dan 200 kB; kies een kleiner bestand.")
        else:
            logo_type = presentation.logo_type(logo)
            if logo_type is None:
                errors["logo"] = _t("Het logo moet een PNG- of SVG-bestand zijn.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        settings, created = m.DealSettings.objects.select_for_update().get_or_create(deal=deal)
        before = _settings_snapshot(settings)
        for field, value in texts.items():
            setattr(settings, field, (value or "").strip())
        settings.accessibility_statement_on = accessibility_statement_on
        settings.colour_primary = colours["colour_primary"]
        settings.colour_band = colours["colour_band"]
        fields = [*texts, "accessibility_statement_on", "colour_primary", "colour_band"]
        if remove_logo:
            settings.logo, settings.logo_type = None, ""
            fields += ["logo", "logo_type"]
        elif logo_type:
            settings.logo, settings.logo_type = logo, logo_type
            fields += ["logo", "logo_type"]
        settings.full_clean()
        _settings_saved(
            settings,
            created=created,
            before=before,
            fields=fields,
            expected_version=expected_version,
            actor=actor,
            action="deal.settings.presentation_updated",
            summary="identity and statements of the deal",
        )
    return settings


def organisation_identifier_update(
    *, actor: Actor, organisation: m.Organisation, iati_ref: str
) -> m.Organisation:
    """The programme office sets how open-data standards name an organisation: its OIN or KvK
    number as IATI writes it (docs/standards.md; the IATI file of Art. 10's public data). Audited.
    A bad value raises ValidationError at `iati_ref` and changes nothing."""
    from regiodeal.audit.services import snapshot

    with transaction.atomic():
        org = m.Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = snapshot(org)
        org.iati_ref = (iati_ref or "").strip().upper()
        org.full_clean()
        org.save(update_fields=["iati_ref"])
        audit_record(
            actor=actor,
            action="deal.organisation.identifier_updated",
            obj=org,
            deal_slug=org.deal.slug,
            summary=f"organisation identifier of {org.code}",
            before=before,
            after=snapshot(org),
        )
    return org
