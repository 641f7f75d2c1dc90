"""The yearly progress report (Art. 7.2-7.3) and its life.

- `Report`: one per deal and reported year; its state follows `workflow.TRANSITIONS`. The content
  is not stored while the report is being written: it is gathered from the other apps' data
  (`gather.py`) each time it is shown. Only `lessons` is written here (by the programme office).
- `ReportTransition`: every step, as a row: who, when, from, to, the date of the act, why, and
  whether it came after the covenant's date.
- `ReportComment`: a Party's comment on the draft, by its representative (append-only).
- `ReportSnapshot`: at submission the report is frozen: the structure of the internal and the
  public version. The background worker renders their PDFs from that structure once, minutes at
  most after the submission (`rendering.py`: nobody waits on a PDF in a web request), and records
  their SHA-256. Never changed afterwards, whatever happens to the data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.common.appendonly import AppendOnly
from regiodeal.common.locking import Locked
from regiodeal.common.transitions import TransitionRow
from regiodeal.deals import models as dm

from .constants import ReportStatus


class Report(Locked):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveIntegerField(_("verslagjaar"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    lessons = models.TextField(
        _("geleerde lessen"),
        blank=True,
        help_text=_(
            "Door het programmabureau geschreven: wat werkte, wat niet, wat anders gaat (Bijlage 1 §2)."
        ),
    )
    sent_on = models.DateField(_("voorgelegd aan de Partijen op"), null=True, blank=True, editable=False)
    submitted_on = models.DateField(_("ingediend bij VRO op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")
        ordering = ["deal", "-year"]
        constraints = [models.UniqueConstraint(fields=["deal", "year"], name="one_report_per_deal_and_year")]

    def __str__(self) -> str:
        return f"{_('Voortgangsrapportage')} {self.year}"


class ReportTransition(TransitionRow):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices)
    on = models.DateField(_("datum"))
    reason = models.TextField(_("reden"))
    note = models.TextField(_("toelichting"), blank=True)
    due_before = models.DateField(_("volgens het convenant vóór"), null=True, blank=True)
    late = models.BooleanField(_("te laat"), default=False)

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.report}: {self.from_status or '-'} -> {self.to_status}"

    @property
    def reason_text(self) -> str:
        """The edge's reason in the reader's language (stored in Dutch, or in English by
        releases before the interface spoke one language at a time)."""
        from .workflow import reason_text

        return reason_text(self.reason)


class ReportComment(AppendOnly):
    """Art. 7.3: the draft is put to the Parties; each comments on behalf of itself."""

    append_only_message = "A Party's comment is append-only."

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="comments")
    organisation = models.ForeignKey(
        dm.Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Partij")
    )
    text = models.TextField(_("commentaar"))
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("commentaar van een Partij")
        verbose_name_plural = _("commentaar van de Partijen")
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.text[:60]}"


class ReportSnapshot(AppendOnly):
    """The report as submitted to VRO: frozen, byte for byte. The PDFs are empty until the worker
    has rendered them from the frozen structures (`rendering.frozen_render`), which fills them
    once and never again."""

    append_only_message = "The report as submitted is append-only."
    fill_once = ("internal_pdf", "public_pdf", "internal_sha256", "public_sha256", "rendered_at")

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="snapshot")
    internal = models.JSONField(_("structuur (intern)"))
    public = models.JSONField(_("structuur (openbaar)"))
    internal_pdf = models.BinaryField(_("PDF (intern)"), null=True, editable=False)
    public_pdf = models.BinaryField(_("PDF (openbaar)"), null=True, editable=False)
    internal_sha256 = models.CharField(_("controlegetal PDF intern (SHA-256)"), max_length=64, blank=True)
    public_sha256 = models.CharField(_("controlegetal PDF openbaar (SHA-256)"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(_("PDF's opgemaakt op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ingediende versie")
        verbose_name_plural = _("ingediende versies")

    def __str__(self) -> str:
        return f"{self.report} ({self.internal_sha256[:12]})"


class PublicEdition(models.Model):
    """A public edition of a submitted report (Art. 10). Edition 1 is the public
    version frozen at submission. When a record it holds is made confidential later, the decision
    withdraws the edition (`withdrawn_at`, shown publicly with its date) and makes the next one:
    the frozen data minus that record. A withdrawn edition is kept, unchanged, for those who may
    read the internal report; the public reads only the edition that is not withdrawn."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="public_editions")
    number = models.PositiveIntegerField(_("editie"))
    structure = models.JSONField(_("structuur (openbaar)"))
    # Empty until the worker has rendered the structure (rendering.frozen_render), once.
    pdf = models.BinaryField(_("PDF (openbaar)"), null=True, editable=False)
    sha256 = models.CharField(_("controlegetal PDF (SHA-256)"), max_length=64, blank=True)
    made_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)
    # Internal only: the confidentiality that withdrew it (never shown to the public: it names the record).
    withdrawn_for = models.CharField(_("ingetrokken wegens"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("openbare editie")
        verbose_name_plural = _("openbare edities")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_public_edition_number_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.report}, {_('openbare editie')} {self.number}"


class PdfRendering(models.Model):
    """The PDF of a report that is not frozen (a draft, or the internal version as a third party
    may read it, Art. 10.1), rendered by the worker for one audience, language and reader
    (`rendering.draft_pdf`). `version` is the deal's data version it was rendered from; `wanted`
    the version last asked for. The last file stays here, with its time, until a newer one
    replaces it: while the worker renders, the reader can open the previous one."""

    # Writing a rendering changes no figure of the deal: it must not make a new data version
    # (common/dataversion.py), or no rendering would ever be current.
    data_version_ignored = True

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=10)
    language = models.CharField(max_length=10)
    reader = models.CharField(max_length=300, blank=True)  # the confidentialities kept from the reader
    version = models.CharField(max_length=200, blank=True)
    pdf = models.BinaryField(null=True)
    made_at = models.DateTimeField(null=True)
    seconds = models.FloatField(null=True)  # how long the last rendering took (for the progress bar)
    wanted = models.CharField(max_length=200, blank=True)
    wanted_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("opgemaakte PDF")
        verbose_name_plural = _("opgemaakte PDF's")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "audience", "language", "reader"], name="one_pdf_rendering_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.audience}, {self.language})"
