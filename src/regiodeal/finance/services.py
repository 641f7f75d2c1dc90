"""Writes for finance. Every write validates first (`validation.EntryValidator`), runs in one
transaction and records an audit event; permissions are checked by the caller (view, API,
command) with `accounts.permissions`. The ledger only grows: `entry_reverse` is the correction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.common.formatting import day, money
from regiodeal.common.locking import save_locked
from regiodeal.common.records import record_created, record_updated
from regiodeal.deals import models as dm
from regiodeal.deals.constants import PartyKind
from regiodeal.deals.selectors import version_in_force

from . import totals
from .constants import ContributionSector, EntryKind
from .models import (
    ContributionSource,
    CooperationAgreement,
    EuLawBasis,
    ImportBatch,
    LedgerEntry,
    ProgrammeBudget,
    SpukAccount,
    SpukDecision,
    SpukPayment,
    VatPayment,
)
from .validation import EntryDraft, EntryValidator, Problem, Resolved


def _actor_label(actor: Actor) -> str:
    return actor.record_label


def entry_build(
    *, deal: dm.Deal, resolved: Resolved, actor: Actor, batch: ImportBatch | None = None
) -> LedgerEntry:
    """An unsaved entry from a validated draft (the import saves these in bulk)."""
    d = resolved.draft
    return LedgerEntry(
        deal_id=deal.pk,
        kind=d.kind,
        booked_on=d.booked_on,
        amount=d.amount,
        budget_line=d.budget_line,
        funding=resolved.funding,
        project_id=resolved.project_id,
        organisation_id=resolved.organisation_id,
        contribution_status=d.contribution_status,
        sector=d.sector,
        form=d.form,
        valuation_basis=d.valuation_basis,
        description=d.description,
        source_document=d.source_document,
        batch=batch,
        recorded_by=actor.user,
        recorded_by_label=_actor_label(actor),
    )


def problems_error(problems: list[Problem]) -> ValidationError:
    """The validator's problems as one ValidationError per field. The text ends in the rule code
    (for the API and the logs); a screen shows `params["message"]` alone (`rule` is the code)."""
    errors: dict[str, list[ValidationError]] = {}
    for p in problems:
        errors.setdefault(p.field, []).append(
            ValidationError(
                "%(message)s [%(rule)s]", code=p.rule, params={"message": p.message, "rule": p.rule}
            )
        )
    return ValidationError(errors)


def entry_record(*, actor: Actor, deal: dm.Deal, draft: EntryDraft) -> LedgerEntry:
    """Add one entry to the ledger; refused with every problem named when a rule fails."""
    resolved, problems = EntryValidator(deal).check(draft)
    if problems:
        raise problems_error(problems)
    with transaction.atomic():
        entry = entry_build(deal=deal, resolved=resolved, actor=actor)
        entry.save()
        totals.add_entries([entry])  # the money totals, in the same transaction
        audit_record(
            actor=actor,
            action="finance.entry.recorded",
            obj=entry,
            deal_slug=deal.slug,
            summary=f"{entry.get_kind_display()} {entry.budget_line} {money(entry.amount, language='nl')}",
            after=snapshot(entry),
        )
    return entry


def entry_reverse(
    *, actor: Actor, entry: LedgerEntry, reason: str, booked_on: dt.date | None = None
) -> LedgerEntry:
    """Correct an entry by a new one with the opposite amount; the original stays as it was."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Vermeld waarom de boeking wordt gecorrigeerd.")]})
    booked_on = booked_on or timezone.localdate()
    with transaction.atomic():
        original = LedgerEntry.objects.select_for_update().select_related("deal").get(pk=entry.pk)
        if original.reverses_id is not None:
            raise ValidationError(
                {
                    "entry": [
                        _("Boeking #%(id)s is zelf een correctie; boek het juiste bedrag opnieuw.")
                        % {"id": original.pk}
                    ]
                }
            )
        if LedgerEntry.objects.filter(reverses=original).exists():
            raise ValidationError({"entry": [_("Boeking #%(id)s is al gecorrigeerd.") % {"id": original.pk}]})
        if booked_on < original.booked_on:
            raise ValidationError(
                {"booked_on": [_("Een correctie ligt niet vóór de boeking die ze corrigeert.")]}
            )
        reversal = LedgerEntry(
            deal=original.deal,
            kind=original.kind,
            booked_on=booked_on,
            amount=-original.amount,
            budget_line=original.budget_line,
            funding=original.funding,
            project_id=original.project_id,
            organisation_id=original.organisation_id,
            contribution_status=original.contribution_status,
            sector=original.sector,
            form=original.form,
            valuation_basis=original.valuation_basis,
            description=_("Correctie van boeking #%(id)s: %(reason)s")
            % {"id": original.pk, "reason": reason},
            source_document=original.source_document,
            reverses=original,
            recorded_by=actor.user,
            recorded_by_label=_actor_label(actor),
        )
        try:
            with transaction.atomic():
                reversal.save()
                totals.add_entries([reversal])
        except IntegrityError as exc:  # a concurrent reversal won the race
            raise ValidationError(
                {"entry": [_("Boeking #%(id)s is al gecorrigeerd.") % {"id": original.pk}]}
            ) from exc
        audit_record(
            actor=actor,
            action="finance.entry.reversed",
            obj=reversal,
            deal_slug=original.deal.slug,
            summary=f"#{original.pk}: {reason}",
            before=snapshot(original),
            after=snapshot(reversal),
        )
    return reversal


def entry_correct(
    *,
    actor: Actor,
    entry: LedgerEntry,
    draft: EntryDraft,
    reason: str,
    reversed_on: dt.date | None = None,
) -> tuple[LedgerEntry, LedgerEntry]:
    """Correct an entry in one step (Art. 4.2, 5: the books show what happened): the reversal of
    `entry` (`entry_reverse`, dated `reversed_on`, default today) and the right booking `draft`,
    which points at the entry it replaces, written together or not at all. The draft meets the
    same rules as any booking (`EntryValidator`); a problem with it, or with the reversal, writes
    nothing. Errors of the reversal's date come back under `reversed_on`."""
    resolved, problems = EntryValidator(entry.deal).check(draft)
    errors = problems_error(problems).error_dict if problems else {}
    if not reason.strip():
        errors["reason"] = [ValidationError(_("Vermeld waarom de boeking wordt gecorrigeerd."))]
    if reversed_on is not None and reversed_on < entry.booked_on:
        errors["reversed_on"] = [
            ValidationError(_("Een correctie ligt niet vóór de boeking die ze corrigeert."))
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            reversal = entry_reverse(actor=actor, entry=entry, reason=reason, booked_on=reversed_on)
        except ValidationError as exc:
            raise ValidationError(
                {("reversed_on" if k == "booked_on" else k): v for k, v in exc.error_dict.items()}
            ) from exc
        corrected = entry_build(deal=entry.deal, resolved=resolved, actor=actor)
        corrected.replaces = reversal.reverses
        corrected.save()
        totals.add_entries([corrected])
        audit_record(
            actor=actor,
            action="finance.entry.corrected",
            obj=corrected,
            deal_slug=entry.deal.slug,
            summary=f"#{entry.pk} -> #{corrected.pk} (#{reversal.pk}): {reason} "
            f"{corrected.get_kind_display()} {corrected.budget_line} "
            f"{money(corrected.amount, language='nl')}",
            before=snapshot(reversal.reverses),
            after=snapshot(corrected),
        )
    return reversal, corrected


YEARS = range(2000, 2101)


def _check_year(year: int) -> None:
    if year not in YEARS:
        raise ValidationError(
            {"year": [_("Een jaar tussen %(first)s en %(last)s.") % {"first": YEARS[0], "last": YEARS[-1]}]}
        )


def programme_budget_set(
    *,
    actor: Actor,
    deal: dm.Deal,
    year: int,
    budget_line: str,
    national: Decimal,
    regional: Decimal,
    note: str = "",
    expected_version: int | None = None,
) -> ProgrammeBudget:
    """Bijlage 1 B: set the planned amounts of one budget line in one year's uitvoeringsprogramma.
    Changing an existing row needs the version the user started from (optimistic locking): without
    one it is refused, never silently overwritten (a screen that showed no row yet meets
    a row someone else just made)."""
    _check_year(year)
    codes = set(version_in_force(deal, on=dt.date(year, 12, 31)).budget_lines.values_list("code", flat=True))
    if budget_line not in codes:
        raise ValidationError(
            {
                "budget_line": [
                    _("Onbekende begrotingsregel %(code)r in %(year)s; bekend: %(known)s")
                    % {"code": budget_line, "year": year, "known": ", ".join(sorted(codes))}
                ]
            }
        )
    with transaction.atomic():
        row = (
            ProgrammeBudget.objects.select_for_update()
            .filter(deal=deal, year=year, budget_line=budget_line)
            .first()
        )
        if row is None:
            row = ProgrammeBudget(
                deal=deal, year=year, budget_line=budget_line, national=national, regional=regional, note=note
            )
            return record_created(row, actor=actor, action="finance.programme.created", summary="")
        if expected_version is None:
            raise ValidationError(
                {
                    "expected_version": [
                        _(
                            "Regel %(code)s van het uitvoeringsprogramma %(year)s bestaat al (versie "
                            "%(current)s) en is niet gewijzigd. Open hem opnieuw en wijzig hem vanaf de "
                            "versie die u las (in de API: expected_version)."
                        )
                        % {"code": budget_line, "year": year, "current": row.lock_version}
                    ]
                }
            )
        return record_updated(
            row,
            actor=actor,
            action="finance.programme.updated",
            changes={"national": national, "regional": regional, "note": note},
            expected_version=expected_version,
            summary="",
            deal_slug=deal.slug,
        )


def spuk_account_submit(*, actor: Actor, deal: dm.Deal, year: int, submitted_on: dt.date) -> SpukAccount:
    """Art. 5: freeze the year's SiSa figures as the regiokassier submits them."""
    from .selectors import spuk_year

    _check_year(year)
    figures = spuk_year(deal, year)
    if figures is None:
        raise ValidationError({"year": [_("Voor %(year)s valt niets te verantwoorden.") % {"year": year}]})
    if submitted_on <= dt.date(year, 12, 31):
        raise ValidationError(
            {
                "submitted_on": [
                    _("De verantwoording over %(year)s volgt na afloop van het jaar.") % {"year": year}
                ]
            }
        )
    with transaction.atomic():
        if SpukAccount.objects.filter(deal=deal, year=year).exists():
            raise ValidationError(
                {"year": [_("De verantwoording over %(year)s is al ingediend.") % {"year": year}]}
            )
        account = SpukAccount(
            deal=deal,
            year=year,
            national_spent=figures.national_spent,
            national_spent_cumulative=figures.national_spent_cumulative,
            cofinancing=figures.cofinancing,
            cofinancing_cumulative=figures.cofinancing_cumulative,
            is_final=figures.is_final,
            submitted_on=submitted_on,
            recorded_by_label=_actor_label(actor),
        )
        record_created(account, actor=actor, action="finance.spuk.submitted", summary=f"SPUK {year}")
    return account


# ---------------------------------------------------------------------------------------------
# The samenwerkingsovereenkomst, the Parties' execution-cost payments, the SPUK beschikking and
# VRO's payments. Each write: full_clean, one transaction, one audit event.

AGREEMENT_FIELDS = ["signed_on", "vat_level", "vat_estimate", "note"]


def _document_snapshot(obj, fields: list[str]) -> dict:
    out = snapshot(obj, fields)
    out["file"] = obj.file.name if obj.file else ""
    return out


def cooperation_agreement_set(
    *,
    actor: Actor,
    deal: dm.Deal,
    signed_on: dt.date,
    vat_level: Decimal,
    vat_estimate: Decimal,
    note: str = "",
    file=None,
    expected_version: int | None = None,
) -> CooperationAgreement:
    """Art. 4.2, Bijlage 1 A and C: record (or revise) the samenwerkingsovereenkomst: its date,
    the regional execution costs (VAT) it fixes, which the VAT split divides from then on, and the
    Parties' estimate of the VAT and execution costs. A new file replaces the old one; without a
    new file the old one stays. Revising needs the version the user started from."""
    with transaction.atomic():
        row = CooperationAgreement.objects.select_for_update().filter(deal=deal).first()
        if row is None:
            row = CooperationAgreement(
                deal=deal, signed_on=signed_on, vat_level=vat_level, vat_estimate=vat_estimate, note=note
            )
            if file is not None:
                row.file = file
            return record_created(
                row,
                actor=actor,
                action="finance.cooperation-agreement.recorded",
                summary="",
                snapshot_of=lambda r: _document_snapshot(r, AGREEMENT_FIELDS),
            )
        before = _document_snapshot(row, AGREEMENT_FIELDS)
        row.signed_on, row.vat_level, row.vat_estimate, row.note = signed_on, vat_level, vat_estimate, note
        fields = list(AGREEMENT_FIELDS)
        if file is not None:
            row.file = file
            fields.append("file")
        row.full_clean()
        if file is not None:
            row.file.save(row.file.name.rsplit("/", 1)[-1], file, save=False)
        save_locked(row, expected_version=expected_version, update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="finance.cooperation-agreement.updated",
            obj=row,
            deal_slug=deal.slug,
            before=before,
            after=_document_snapshot(row, AGREEMENT_FIELDS),
        )
    return row


def _regional_party(deal: dm.Deal, organisation: dm.Organisation, on: dt.date, field: str) -> None:
    version = version_in_force(deal, on=on)
    regional = {p.organisation_id for p in version.parties.all() if p.kind == PartyKind.REGIO}
    if organisation.pk not in regional:
        raise ValidationError(
            {
                field: _(
                    "%(org)s is op %(date)s geen regionale Partij; alleen regionale Partijen dragen "
                    "uitvoeringskosten bij (art. 4.2)."
                )
                % {"org": organisation, "date": day(on)}
            }
        )


def vat_payment_record(
    *,
    actor: Actor,
    deal: dm.Deal,
    organisation: dm.Organisation,
    paid_on: dt.date,
    amount: Decimal,
    reference: str,
) -> VatPayment:
    """Art. 4.2: a regional Party's transfer of its part of the execution costs (VAT) to the
    regiokassier. A wrong record is corrected by a negative one (nothing is edited)."""
    _regional_party(deal, organisation, paid_on, "organisation")
    if amount == 0:
        raise ValidationError({"amount": _("Een betaling is niet nul; een correctie is negatief.")})
    payment = VatPayment(
        deal=deal,
        organisation=organisation,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        recorded_by_label=_actor_label(actor),
    )
    with transaction.atomic():
        record_created(
            payment,
            actor=actor,
            action="finance.vat-payment.recorded",
            summary=f"{organisation.code} {money(amount, language='nl')}",
        )
    return payment


SPUK_DECISION_FIELDS = ["decided_on", "reference", "amount"]


def spuk_decision_record(
    *, actor: Actor, deal: dm.Deal, decided_on: dt.date, reference: str, amount: Decimal, file=None
) -> SpukDecision:
    """Art. 5: record VRO's beschikking granting the specific grant, with its file."""
    if SpukDecision.objects.filter(deal=deal, reference=reference).exists():
        raise ValidationError(
            {"reference": _("Er is al een beschikking met kenmerk %(ref)s.") % {"ref": reference}}
        )
    decision = SpukDecision(
        deal=deal,
        decided_on=decided_on,
        reference=reference,
        amount=amount,
        recorded_by_label=_actor_label(actor),
    )
    if file is not None:
        decision.file = file
    with transaction.atomic():
        record_created(
            decision,
            actor=actor,
            action="finance.spuk-decision.recorded",
            summary=f"{reference} {money(amount, language='nl')}",
            snapshot_of=lambda d: _document_snapshot(d, SPUK_DECISION_FIELDS),
        )
    return decision


def spuk_payment_record(
    *,
    actor: Actor,
    deal: dm.Deal,
    decision: SpukDecision,
    received_on: dt.date,
    amount: Decimal,
    reference: str = "",
) -> SpukPayment:
    """Art. 5: record a payment received from VRO under a beschikking."""
    if decision.deal_id != deal.pk:
        raise ValidationError({"decision": _("Die beschikking hoort niet bij deze Regio Deal.")})
    if received_on < decision.decided_on:
        raise ValidationError(
            {
                "received_on": _("De ontvangst ligt vóór de datum van de beschikking (%(date)s).")
                % {"date": day(decision.decided_on)}
            }
        )
    payment = SpukPayment(
        deal=deal,
        decision=decision,
        received_on=received_on,
        amount=amount,
        reference=reference,
        recorded_by_label=_actor_label(actor),
    )
    with transaction.atomic():
        record_created(
            payment,
            actor=actor,
            action="finance.spuk-payment.recorded",
            summary=f"{decision.reference} {money(amount, language='nl')}",
        )
    return payment


def contribution_source_set(
    *, actor: Actor, entry: LedgerEntry, source: str, note: str = "", expected_version: int | None = None
) -> ContributionSource:
    """The Begripsbepaling: record where a regional public contribution comes from. Only a public
    regional contribution (not a reversal) has a source; a source that is national money is
    recorded as it is, and the check `finance.regional-public-not-national` names it."""
    if (
        entry.kind != EntryKind.REGIONAL_CONTRIBUTION
        or entry.sector != ContributionSector.PUBLIC
        or entry.reverses_id
    ):
        raise ValidationError(
            {
                "source": _(
                    "Boeking #%(id)s is geen publieke regionale bijdrage; alleen die heeft een herkomst."
                )
                % {"id": entry.pk}
            }
        )
    audited = {
        "actor": actor,
        "summary": f"#{entry.pk} {source}",
        "deal_slug": entry.deal.slug,
        "snapshot_of": lambda r: snapshot(r, ["entry", "source", "note"]),
    }
    with transaction.atomic():
        row = ContributionSource.objects.select_for_update().filter(entry=entry).first()
        if row is None:
            row = ContributionSource(entry=entry, source=source, note=note)
            return record_created(row, action="finance.contribution-source.recorded", **audited)
        return record_updated(
            row,
            action="finance.contribution-source.updated",
            changes={"source": source, "note": note},
            expected_version=expected_version,
            also_saved=("updated_at",),
            **audited,
        )


EU_FIELDS = ["procurement_route", "state_aid_basis", "gber_article", "note"]


def eu_law_basis_set(
    *,
    actor: Actor,
    deal: dm.Deal,
    procurement_route: str,
    state_aid_basis: str,
    gber_article: str = "",
    note: str = "",
    project=None,
    entry: LedgerEntry | None = None,
    expected_version: int | None = None,
) -> EuLawBasis:
    """Art. 9: record (or revise) the procurement route and state-aid basis of a project, or of
    one national allocation (which then takes precedence over its project's)."""
    if (project is None) == (entry is None):
        raise ValidationError(_("Kies een project of een toekenning, niet beide."))
    target = project or entry
    if target.deal_id != deal.pk:
        raise ValidationError(_("Dat project of die toekenning hoort niet bij deze Regio Deal."))
    if entry is not None and (entry.kind != EntryKind.NATIONAL_ALLOCATION or entry.reverses_id):
        raise ValidationError(_("Boeking #%(id)s is geen toekenning van rijksbijdrage.") % {"id": entry.pk})
    values = {
        "procurement_route": procurement_route,
        "state_aid_basis": state_aid_basis,
        "gber_article": gber_article.strip(),
        "note": note,
    }
    audited = {
        "actor": actor,
        "summary": str(target),
        "deal_slug": deal.slug,
        "snapshot_of": lambda r: snapshot(r, ["project", "entry", *EU_FIELDS]),
    }
    with transaction.atomic():
        lookup = {"project": project} if project is not None else {"entry": entry}
        row = EuLawBasis.objects.select_for_update().filter(**lookup).first()
        if row is None:
            row = EuLawBasis(deal=deal, **lookup, **values)
            return record_created(row, action="finance.eu-law-basis.recorded", **audited)
        return record_updated(
            row,
            action="finance.eu-law-basis.updated",
            changes=values,
            expected_version=expected_version,
            also_saved=("updated_at",),
            **audited,
        )
