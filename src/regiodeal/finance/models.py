"""The books of a deal as the covenant defines them (Art. 4, 5, Bijlage 1).

- `LedgerEntry`: one money event (a national allocation, a regional contribution, spending, or
  execution costs). The ledger is append-only: a correction is a new entry that reverses an
  earlier one (`reverses`), nothing is edited or deleted, by the ORM or by a queryset.
- `ProgrammeBudget`: the yearly uitvoeringsprogramma (Bijlage 1 B), planned amounts per budget
  line and year; the Parties revise it, so it is editable with optimistic locking.
- `SpukAccount`: the regiokassier's yearly account of the specific grant (Art. 5), as submitted.
- `ImportBatch`: one imported file; its entries point at it.

Budget lines are referred to by code (P1, VAT): lines belong to a deal version, the code outlives
versions, and the maxima are always read from the version in force at a date.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regiodeal.common.appendonly import AppendOnly
from regiodeal.common.formatting import day
from regiodeal.common.locking import Locked
from regiodeal.deals import models as dm

from .constants import (
    DOCUMENT_EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    ContributionForm,
    ContributionSector,
    ContributionStatus,
    EntryKind,
    Funding,
    ImportKind,
    ProcurementRoute,
    PublicSource,
    StateAidBasis,
)


def amount_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class ImportBatch(models.Model):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("bestand"), max_length=300)
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    rows = models.PositiveIntegerField(_("regels"))
    recorded_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    recorded_by_label = models.CharField(_("door"), max_length=200)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["deal", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class LedgerEntry(AppendOnly):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(_("soort"), max_length=30, choices=EntryKind.choices)
    booked_on = models.DateField(_("datum"))
    amount = amount_field(_("bedrag"))
    budget_line = models.CharField(_("begrotingsregel"), max_length=40)
    funding = models.CharField(_("ten laste van"), max_length=10, choices=Funding.choices)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("project"),
    )
    organisation = models.ForeignKey(
        dm.Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("Partij of Partner"),
    )
    contribution_status = models.CharField(
        _("status bijdrage"), max_length=10, choices=ContributionStatus.choices, blank=True
    )
    sector = models.CharField(
        _("publiek of privaat"), max_length=10, choices=ContributionSector.choices, blank=True
    )
    form = models.CharField(_("vorm"), max_length=10, choices=ContributionForm.choices, blank=True)
    valuation_basis = models.TextField(_("waarderingsgrondslag (in natura)"), blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    source_document = models.CharField(_("brondocument"), max_length=300)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("corrigeert boeking"),
    )
    # A correction in one step (`entry_correct`) writes a reversal and the right booking together;
    # the right booking points at the entry it replaces, whose reversal is `reversed_by`.
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("vervangt boeking"),
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(_("vastgelegd door"), max_length=200)

    append_only_message = "The ledger is append-only: record a reversing entry instead."

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("grootboek")
        ordering = ["deal", "booked_on", "id"]
        indexes = [
            models.Index(fields=["deal", "budget_line", "kind"]),
            models.Index(fields=["deal", "booked_on"]),
            models.Index(fields=["deal", "project"]),
        ]
        constraints = [
            # An ordinary entry is positive; only a reversal is negative, and it reverses once.
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0))
                | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="ledger_amount_positive_unless_reversal",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.booked_on} {self.get_kind_display()} {self.budget_line} {self.amount}"


class ProgrammeBudget(Locked):
    """Bijlage 1 B: the yearly uitvoeringsprogramma with its budget, per budget line."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    budget_line = models.CharField(_("begrotingsregel"), max_length=40)
    national = amount_field(_("gepland rijksbijdrage"), validators=[MinValueValidator(Decimal("0"))])
    regional = amount_field(_("gepland regionale financiering"), validators=[MinValueValidator(Decimal("0"))])
    note = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("uitvoeringsprogramma (begroting per jaar)")
        verbose_name_plural = _("uitvoeringsprogramma's")
        ordering = ["deal", "year", "budget_line"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "year", "budget_line"], name="programme_budget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.budget_line}"


class SpukAccount(AppendOnly):
    """Art. 5: the regiokassier's yearly account of the specific grant, in the SiSa form, as it
    was submitted (figures frozen at submission)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    national_spent = amount_field(_("besteding rijksbijdrage in het jaar"))
    national_spent_cumulative = amount_field(_("besteding rijksbijdrage cumulatief"))
    cofinancing = amount_field(_("cofinanciering in het jaar"))
    cofinancing_cumulative = amount_field(_("cofinanciering cumulatief"))
    is_final = models.BooleanField(_("eindverantwoording"))
    submitted_on = models.DateField(_("ingediend op"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by_label = models.CharField(_("door"), max_length=200)

    append_only_message = "A submitted account does not change."

    class Meta:
        verbose_name = _("SPUK-verantwoording")
        verbose_name_plural = _("SPUK-verantwoordingen")
        ordering = ["deal", "year"]
        constraints = [models.UniqueConstraint(fields=["deal", "year"], name="one_spuk_account_per_year")]

    def __str__(self) -> str:
        return f"SPUK {self.year}"


# ---------------------------------------------------------------------------------------------
# Documents and payments around the ledger: the samenwerkingsovereenkomst (Art. 4.2,
# Bijlage 1 A and C), the Parties' payments of execution costs to the regiokassier (Art. 4.2),
# the SPUK grant decision and VRO's payments under it (Art. 5).


def _limit_size(file) -> None:
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("Het bestand is groter dan 20 MB."))


def document_field(verbose_name, **kwargs) -> models.FileField:
    return models.FileField(
        verbose_name,
        upload_to="finance/%Y/",  # served only through the access-checked view
        max_length=300,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), _limit_size],
        **kwargs,
    )


class CooperationAgreement(Locked):
    """Art. 4.2, Bijlage 1 A and C: the samenwerkingsovereenkomst of the regional Parties. It fixes
    the level of the regional execution costs (VAT) that the VAT split divides, and holds the
    Parties' realistic estimate of the VAT and execution costs. One per deal; revised in place
    (optimistic locking), every change audited."""

    deal = models.OneToOneField(dm.Deal, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("datum samenwerkingsovereenkomst"))
    vat_level = amount_field(
        _("regionale uitvoeringskosten (VAT) volgens de overeenkomst"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    vat_estimate = amount_field(
        _("inschatting VAT- en uitvoeringskosten"), validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.TextField(_("toelichting"), blank=True)
    file = document_field(_("bestand"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("samenwerkingsovereenkomst")
        verbose_name_plural = _("samenwerkingsovereenkomsten")

    def __str__(self) -> str:
        return f"{_('samenwerkingsovereenkomst')} {day(self.signed_on)}"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class VatPayment(AppendOnly):
    """Art. 4.2: a regional Party transfers its part of the execution costs (VAT) to the
    regiokassier. Recorded as it happened; a wrong record is corrected by a negative one."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        dm.Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("regionale Partij")
    )
    paid_on = models.DateField(_("datum ontvangst"))
    amount = amount_field(_("bedrag"))
    reference = models.CharField(_("kenmerk"), max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by_label = models.CharField(max_length=200)

    append_only_message = "A payment is not edited or deleted: record a correcting payment."

    class Meta:
        verbose_name = _("betaling uitvoeringskosten aan de regiokassier")
        verbose_name_plural = _("betalingen uitvoeringskosten aan de regiokassier")
        ordering = ["deal", "paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.organisation} {self.amount}"


class SpukDecision(models.Model):
    """Art. 5: VRO's beschikking granting the specific grant (SPUK) to the regiokassier; an
    amended beschikking (Art. 19.2: a longer term) is a new decision beside the first."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("datum beschikking"))
    reference = models.CharField(_("kenmerk"), max_length=200)
    amount = amount_field(_("verleend bedrag"), validators=[MinValueValidator(Decimal("0.01"))])
    file = document_field(_("bestand"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by_label = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("SPUK-beschikking")
        verbose_name_plural = _("SPUK-beschikkingen")
        ordering = ["deal", "decided_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "reference"], name="spuk_decision_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({day(self.decided_on)})"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class SpukPayment(models.Model):
    """Art. 5: a payment VRO made to the regiokassier under a SPUK beschikking."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(
        SpukDecision, on_delete=models.PROTECT, related_name="payments", verbose_name=_("beschikking")
    )
    received_on = models.DateField(_("datum ontvangst"))
    amount = amount_field(_("bedrag"), validators=[MinValueValidator(Decimal("0.01"))])
    reference = models.CharField(_("kenmerk"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by_label = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("ontvangst van VRO")
        verbose_name_plural = _("ontvangsten van VRO")
        ordering = ["deal", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount}"


class ContributionSource(Locked):
    """The Begripsbepaling: the source of a regional public contribution (a ledger entry of kind
    regional_contribution, sector public). The entry itself is append-only; its source is
    recorded beside it, revised with optimistic locking, every change audited."""

    entry = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, related_name="public_source", verbose_name=_("boeking")
    )
    source = models.CharField(_("herkomst"), max_length=30, choices=PublicSource.choices)
    note = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("herkomst publieke bijdrage")
        verbose_name_plural = _("herkomst publieke bijdragen")

    def __str__(self) -> str:
        return f"#{self.entry_id} {self.get_source_display()}"


class EuLawBasis(Locked):
    """Art. 9: the procurement route and the state-aid basis of a project, or of one national
    allocation (which then takes precedence over its project's). Exactly one of the two."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    project = models.OneToOneField(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="eu_law_basis",
        verbose_name=_("project"),
    )
    entry = models.OneToOneField(
        LedgerEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="eu_law_basis",
        verbose_name=_("toekenning"),
    )
    procurement_route = models.CharField(_("aanbesteding"), max_length=20, choices=ProcurementRoute.choices)
    state_aid_basis = models.CharField(_("staatssteun"), max_length=20, choices=StateAidBasis.choices)
    gber_article = models.CharField(_("artikel AGVV"), max_length=40, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Unierecht (aanbesteding en staatssteun)")
        verbose_name_plural = _("Unierecht (aanbesteding en staatssteun)")
        constraints = [
            models.CheckConstraint(
                condition=(Q(project__isnull=False) & Q(entry__isnull=True))
                | (Q(project__isnull=True) & Q(entry__isnull=False)),
                name="eu_law_basis_of_project_or_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project or self.entry}: {self.get_state_aid_basis_display()}"

    def clean(self):
        if self.state_aid_basis == StateAidBasis.GBER and not self.gber_article.strip():
            raise ValidationError(
                {
                    "gber_article": _(
                        "Noem het artikel van de AGVV waaronder de steun is vrijgesteld, bijv. 56."
                    )
                }
            )
        if self.state_aid_basis != StateAidBasis.GBER and self.gber_article.strip():
            raise ValidationError(
                {
                    "gber_article": _(
                        "Een artikel van de AGVV hoort alleen bij steun vrijgesteld onder de AGVV."
                    )
                }
            )


class MoneyTotal(models.Model):
    """The ledger's money per deal, budget line and year, in whole cents, kept up to date when an
    entry is written (finance/totals.py: by the services in the same transaction; the bulk paths
    rebuild it), so no reader sums the whole history. Each column is one figure of
    `selectors.FOLD_SUMS`. Not a record of its own: `regiodeal check` compares it with a
    recomputation from the ledger (`finance.money-totals-match-ledger`)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.CASCADE, related_name="+")
    budget_line = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    allocated = models.BigIntegerField(default=0)
    pledged = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)
    in_kind_delivered = models.BigIntegerField(default=0)
    national_spent = models.BigIntegerField(default=0)
    national_execution = models.BigIntegerField(default=0)
    regional_spent = models.BigIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)  # how many entries it sums

    class Meta:
        verbose_name = _("geldtotaal per regel en jaar")
        verbose_name_plural = _("geldtotalen per regel en jaar")
        constraints = [
            models.UniqueConstraint(fields=["deal", "budget_line", "year"], name="money_total_unique")
        ]

    def __str__(self) -> str:
        return f"{self.deal_id} {self.budget_line} {self.year}"


class ProjectMoneyTotal(models.Model):
    """The ledger's money per deal, project, organisation and budget line, in whole cents, kept
    like `MoneyTotal` (finance/totals.py: by the services in the same transaction, rebuilt by the
    bulk paths, compared by `regiodeal check`). The public figures read it: the public layer
    (disclosure/public.py) sums the rows of the projects it shows, so the money of a confidential
    project is left out without reading the ledger. Project and organisation are their ids, 0 for
    money booked on none (a key column cannot be empty and still be unique)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.CASCADE, related_name="+")
    project_pk = models.PositiveIntegerField(default=0)  # 0: not booked on a project
    organisation_pk = models.PositiveIntegerField(default=0)  # 0: no organisation
    budget_line = models.CharField(max_length=40)
    allocated = models.BigIntegerField(default=0)
    pledged = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)
    in_kind_delivered = models.BigIntegerField(default=0)
    national_spent = models.BigIntegerField(default=0)
    national_execution = models.BigIntegerField(default=0)
    regional_spent = models.BigIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)  # how many entries it sums

    # The entry's field each key column stands for (the public layer names these).
    KEYS = {
        "deal": "deal_id",
        "project_pk": "project_id",
        "organisation_pk": "organisation_id",
        "budget_line": "budget_line",
    }

    class Meta:
        verbose_name = _("geldtotaal per project")
        verbose_name_plural = _("geldtotalen per project")
        constraints = [
            models.UniqueConstraint(
                fields=["deal", "project_pk", "organisation_pk", "budget_line"],
                name="project_money_total_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deal_id} {self.project_pk} {self.organisation_pk} {self.budget_line}"

    @classmethod
    def summed_entries(cls, entries, by: tuple[str, ...]) -> dict[tuple, dict[str, int]]:
        """Ledger entries summed as this table sums them, per the key columns `by`
        (`sums.folded`): what the public layer takes off the totals (confidential entries, and
        those booked after the date asked for)."""
        from .sums import FOLD_SUMS, folded

        fields = [cls.KEYS[k] for k in by]
        rows = folded(entries, *fields)
        return {
            tuple(r[f] if f == "budget_line" else r[f] or 0 for f in fields): {
                name: r[name] or 0 for name in (*FOLD_SUMS, "entries")
            }
            for r in rows
        }
