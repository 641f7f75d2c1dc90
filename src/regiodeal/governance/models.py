"""Governance of a deal: the Rijk-Regio-overleg (Art. 6, 16) and the covenant's procedures.

- `Meeting` with its attendees, agenda, minutes, files (`Attachment`), `Decision`s and `Action`s.
- `RegisterItem`: bottlenecks and risks, escalated along the deal's `EscalationLevel`s (Art. 6.5);
  each step an `Escalation` row.
- `Request`: one procedure case (amendment Art. 11, duration Art. 19.2, accession Art. 13,
  withdrawal Art. 12, confidentiality Art. 10); its states follow `workflow.TRANSITIONS`, each
  step stored as a `RequestTransition`; the Parties' declarations are `Consent` rows
  (append-only). An adopted request points at the deal version it made.
- `ObligationFulfilment`: the evidence that a dated duty of the calendar was done.
- `CalendarToken`: the secret address of a user's iCalendar feed (Outlook can't log in).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.common.appendonly import AppendOnly
from regiodeal.common.formatting import day
from regiodeal.common.locking import Locked
from regiodeal.common.transitions import TransitionRow
from regiodeal.deals import models as dm

from .constants import (
    ALLOWED_EXTENSIONS,
    MAX_UPLOAD_BYTES,
    Answer,
    RegisterKind,
    RegisterStatus,
    RequestKind,
    RequestStatus,
)


def _limit_size(file) -> None:
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Het bestand is groter dan 20 MB."))


class Meeting(Locked):
    """A meeting of the Rijk-Regio-overleg (Art. 6): the Regio organises and minutes it (6.4)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("datum"))
    title = models.CharField(_("omschrijving"), max_length=200, default="Rijk-Regio-overleg")
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        dm.Organisation, blank=True, related_name="+", verbose_name=_("aanwezig (leden)")
    )
    # Art. 6.1: Partners may take part as guests; they are never members (Art. 6.3).
    guests = models.ManyToManyField(
        dm.Organisation, blank=True, related_name="+", verbose_name=_("te gast (Partners, art. 6.1)")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("verslag"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vergadering Rijk-Regio-overleg")
        verbose_name_plural = _("vergaderingen Rijk-Regio-overleg")
        ordering = ["deal", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} {day(self.held_on)}"


class Attachment(models.Model):
    """A file: minutes, a written request, a declaration of consent, evidence of a duty."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    request = models.ForeignKey(
        "Request", null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(
        _("bestand"),
        upload_to="governance/%Y/",  # served only through the access-checked view
        max_length=300,
        validators=[FileExtensionValidator(ALLOWED_EXTENSIONS), _limit_size],
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by_label = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Decision(models.Model):
    """A decision of the overleg, numbered within its meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveIntegerField(_("nummer"))
    text = models.TextField(_("besluit"))
    # Art. 10: public in principle. The office unticks a decision that is not for the public
    # (then it stays out of the Woo publication, portal/woo.py); a confidential meeting keeps
    # all its decisions out whatever this says.
    public = models.BooleanField(_("openbaar"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique_in_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {_('besluit')} {self.number}"


class Action(Locked):
    """An action agreed in a meeting, with its owner and due date (a dated duty in the calendar)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("actie"))
    owner = models.ForeignKey(
        dm.Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar")
    )
    owner_person = models.CharField(_("wie precies"), max_length=200, blank=True)
    due_on = models.DateField(_("uiterlijk"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    done_note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class EscalationLevel(Locked):
    """A level of the escalation arrangement the overleg agrees (Art. 6.5), configurable per deal."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="escalation_levels")
    position = models.PositiveIntegerField(_("niveau"), validators=[MinValueValidator(1)])
    name = models.CharField(_("naam"), max_length=200)
    handled_by = models.TextField(_("wie het oppakt"))
    respond_within_days = models.PositiveIntegerField(_("reactie binnen (dagen)"), null=True, blank=True)
    agreed_in = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("afgesproken in"),
    )
    # A level the overleg no longer uses: kept for the escalations that went through it, but no
    # item escalates to it any more (a level never used may be removed instead).
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalatieniveau")
        verbose_name_plural = _("escalatieniveaus")
        ordering = ["deal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "position"], name="escalation_level_unique_in_deal")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class RegisterItem(Locked):
    """A bottleneck or risk in carrying out the deal, raised in the overleg (Art. 6.2, 16)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="register_items")
    kind = models.CharField(_("soort"), max_length=20, choices=RegisterKind.choices)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"))
    raised_by = models.ForeignKey(
        dm.Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingebracht door")
    )
    raised_on = models.DateField(_("ingebracht op"))
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_items",
        verbose_name=_("besproken in"),
    )
    mitigation = models.TextField(_("aanpak of beheersmaatregel"), blank=True)
    # Art. 16: the Party called to account for a shortcoming (only for that kind).
    addressed_to = models.ForeignKey(
        dm.Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangesproken Partij"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegisterStatus.choices, default=RegisterStatus.OPEN
    )
    level = models.ForeignKey(
        EscalationLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("escalatieniveau"),
        editable=False,
    )

    class Meta:
        verbose_name = _("knelpunt of risico")
        verbose_name_plural = _("knelpunten en risico's")
        ordering = ["deal", "status", "-raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Escalation(models.Model):
    """One step of an item along the escalation route: who, when, from, to, why."""

    item = models.ForeignKey(RegisterItem, on_delete=models.PROTECT, related_name="escalations")
    from_level = models.ForeignKey(
        EscalationLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_level = models.ForeignKey(EscalationLevel, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=200)
    reason = models.TextField(_("reden"))

    class Meta:
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")
        ordering = ["item", "at", "id"]

    def __str__(self) -> str:
        return f"{self.item}: -> {self.to_level}"


class Request(models.Model):
    """One procedure case. What it changes is `changes` (structured: a new budget split per line,
    a new end date, text edits, a Party added or removed), applied to the version in force when
    it is adopted; `proposed_text` is the amended definition as it stood when filed, for reading."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="governance_requests")
    number = models.PositiveIntegerField(_("nummer"))
    kind = models.CharField(_("soort"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, editable=False)
    filed_by = models.ForeignKey(
        dm.Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    filed_on = models.DateField(_("datum van het schriftelijke verzoek"))
    title = models.CharField(_("titel"), max_length=300)
    reasons = models.TextField(_("toelichting"))
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    proposed_text = models.TextField(_("gewijzigde definitie (YAML)"), blank=True)
    base_version = models.ForeignKey(
        dm.DealVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("VRO ontving het verzoek op"), null=True, blank=True)
    effective_from = models.DateField(_("gaat in op"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("besluit van het overleg"),
    )
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    adopted_version = models.ForeignKey(
        dm.DealVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Art. 10: the record a confidentiality request is about.
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    confidential_until = models.DateField(_("geheim tot en met"), null=True, blank=True)
    confidentiality = models.ForeignKey(
        "disclosure.Confidentiality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Art. 19.2: after a duration change the regiokassier asks VRO to amend the SPUK decision.
    spuk_requested_on = models.DateField(_("wijziging SPUK-beschikking gevraagd op"), null=True, blank=True)
    spuk_note = models.TextField(_("toelichting SPUK"), blank=True)
    # Art. 11.2: when the Parties consulted on the request (the six weeks bound this, not the
    # decision); Art. 4.3, 19.2: the overleg meeting that discussed it.
    consulted_on = models.DateField(_("overleg over het verzoek gevoerd op"), null=True, blank=True)
    discussed_in = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discussed_requests",
        verbose_name=_("besproken in het Rijk-Regio-overleg"),
    )
    # Art. 12.2: the roles a withdrawing Party holds (constants.Role), and what the remaining
    # Parties decided about them (the decision, its note, and the successors in `changes`).
    roles = models.JSONField(_("rollen"), default=list, blank=True)
    roles_decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besluit over de rollen"),
    )
    roles_note = models.TextField(_("wat de overige Partijen besloten"), blank=True)
    # Art. 13.1: the acceding party accepts the obligations the deal gives it.
    obligations_accepted_on = models.DateField(_("verplichtingen aanvaard op"), null=True, blank=True)
    acceptance = models.ForeignKey(
        "Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verklaring van aanvaarding"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verzoek")
        verbose_name_plural = _("verzoeken")
        ordering = ["deal", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "number"], name="request_number_unique_in_deal")
        ]

    def __str__(self) -> str:
        return f"{_('Verzoek')} {self.number}: {self.title}"


class RequestTransition(TransitionRow):
    """Every step of a request, as a row: who, when, from, to, why."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices)
    on = models.DateField(_("datum"))
    reason = models.TextField(_("reden"))

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["request", "at", "id"]

    def __str__(self) -> str:
        return f"{self.request.number}: {self.from_status or '-'} -> {self.to_status}"

    @property
    def reason_text(self) -> str:
        """The edge's reason in the reader's language (stored in Dutch, or in English by
        releases before the interface spoke one language at a time), with the note as it was typed."""
        from .workflow import reason_text

        return reason_text(self.reason)


class Consent(AppendOnly):
    """A Party's declaration on a request (Art. 11.3, 13.3): consent or refusal, with its date
    and the declaration itself as a file. Append-only: no update, no delete."""

    append_only_message = "Declarations are append-only."

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="consents")
    organisation = models.ForeignKey(
        dm.Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Partij")
    )
    answer = models.CharField(_("antwoord"), max_length=10, choices=Answer.choices)
    declared_on = models.DateField(_("datum van de verklaring"))
    declaration = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, related_name="+", verbose_name=_("verklaring")
    )
    note = models.TextField(_("toelichting"), blank=True)
    # A declaration that reached the programme office by letter, recorded on the Party's behalf
    # (the letter itself is `declaration`); False: the Party's own representative recorded it.
    on_behalf = models.BooleanField(_("per brief, vastgelegd door het programmabureau"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("verklaring")
        verbose_name_plural = _("verklaringen")
        ordering = ["request", "declared_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="one_declaration_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_answer_display()} ({self.declared_on})"

    def audit_summary(self, event) -> str:
        """The audit page's line (audit/display.py), in the reader's language."""
        return f"{self} ({self.recorded_as})" if self.on_behalf else str(self)

    @property
    def recorded_as(self) -> str:
        """How the declaration was recorded, as the screens and the API say it."""
        if self.on_behalf:
            return _("vastgelegd door het programmabureau namens %(o)s") % {"o": self.organisation}
        return _("vastgelegd door %(o)s") % {"o": self.organisation}


class ObligationFulfilment(AppendOnly):
    """The evidence that a dated duty of the deal was done (see selectors.obligations)."""

    append_only_message = "The evidence of a fulfilled obligation is append-only."

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("verplichting"), max_length=100)
    done_on = models.DateField(_("gedaan op"))
    evidence = models.TextField(_("bewijs"))
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("vervulde verplichting")
        verbose_name_plural = _("vervulde verplichtingen")
        constraints = [models.UniqueConstraint(fields=["deal", "key"], name="one_fulfilment_per_obligation")]

    def __str__(self) -> str:
        return f"{self.key}: {self.done_on}"


class Publication(models.Model):
    """Art. 20.1: the deal is made public by publication in the Staatscourant. The covenant asks
    it of the deal; an amendment's publication may be recorded too (`request`)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="publications")
    reference = models.CharField(
        _("vindplaats in de Staatscourant"),
        max_length=100,
        help_text=_("Zoals de Staatscourant die noemt, bijvoorbeeld Stcrt. 2024, 34567."),
    )
    published_on = models.DateField(_("gepubliceerd op"))
    url = models.URLField(_("adres op officielebekendmakingen.nl"), blank=True)
    request = models.ForeignKey(
        Request,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("wijziging (leeg: de deal zelf)"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("publicatie in de Staatscourant")
        verbose_name_plural = _("publicaties in de Staatscourant")
        ordering = ["deal", "published_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "reference"], name="publication_reference_unique_in_deal")
        ]

    def __str__(self) -> str:
        return self.reference


class CalendarToken(models.Model):
    """The secret in a user's calendar-feed address; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    deal = models.ForeignKey(dm.Deal, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "deal"], name="one_calendar_token_per_user_deal")
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.deal}"
