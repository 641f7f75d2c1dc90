"""Forms of the governance screens. They only collect and convert input; the rules live in
services.py. Widgets carry the NL Design System (Utrecht) classes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import AmountField, UtrechtForm, screen_message
from regiodeal.deals import models as dm
from regiodeal.deals.constants import PartyKind
from regiodeal.deals.selectors import overleg_members_in_office, parties_in_office, version_in_force
from regiodeal.deals.wording import money, parse_path, path_label
from regiodeal.disclosure.models import WooGround
from regiodeal.disclosure.registry import disclosable_models

from . import models as gm
from .changes import text_fields
from .constants import Answer, RegisterKind, RegisterStatus


def _orgs(items):
    return dm.Organisation.objects.filter(pk__in=[o.pk for o in items]).order_by("code")


def _today():
    return timezone.localdate()


class SignatureForm(UtrechtForm):
    organisation = forms.ModelChoiceField(queryset=dm.Organisation.objects.none(), label=_("Partij"))
    signed_on = forms.DateField(label=_("Ondertekend op"))

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        first = deal.versions.order_by("number").first()
        signed = set(deal.signatures.values_list("organisation_id", flat=True))
        self.fields["organisation"].queryset = _orgs(
            [p.organisation for p in first.parties.all() if p.organisation_id not in signed]
        )


class MeetingForm(UtrechtForm):
    held_on = forms.DateField(label=_("Datum"))
    title = forms.CharField(label=_("Omschrijving"), initial="Rijk-Regio-overleg", max_length=200)
    location = forms.CharField(label=_("Plaats"), required=False, max_length=200)
    attendees = forms.ModelMultipleChoiceField(
        queryset=dm.Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Aanwezig (leden van het overleg, art. 6.3)"),
        help_text=_(
            "De vergadering telt mee voor art. 6.2 met ten minste één lid van het Rijk en één van de Regio."
        ),
    )
    guests = forms.ModelMultipleChoiceField(
        queryset=dm.Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Te gast (Partners, art. 6.1)"),
        help_text=_("Partners nemen deel als gast; zij tellen niet als lid (art. 6.3)."),
    )
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    minutes = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        members = set()
        for v in deal.versions.all():
            members |= {o.pk for o in v.rules.overleg_members.all()}
        self.fields["attendees"].queryset = dm.Organisation.objects.filter(pk__in=members).order_by("code")
        partners = set()
        for v in deal.versions.all():
            partners |= set(v.partners.values_list("organisation_id", flat=True))
        self.fields["guests"].queryset = dm.Organisation.objects.filter(pk__in=partners).order_by("code")
        self.members_today = overleg_members_in_office(deal)


class AttachmentForm(UtrechtForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    file = forms.FileField(label=_("Bestand"))


class DecisionForm(UtrechtForm):
    text = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(
        label=_("Openbaar"),
        required=False,
        initial=True,
        help_text=_(
            "Art. 10: openbaar, tenzij het programmabureau anders beslist. Een openbaar besluit "
            "wordt volgens de Woo gepubliceerd."
        ),
    )


class ActionForm(UtrechtForm):
    description = forms.CharField(label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(queryset=dm.Organisation.objects.none(), label=_("Eigenaar"))
    owner_person = forms.CharField(label=_("Wie precies"), required=False, max_length=200)
    due_on = forms.DateField(label=_("Uiterlijk"))

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _orgs([p.organisation for p in parties_in_office(deal)])


class ActionDoneForm(UtrechtForm):
    done_on = forms.DateField(label=_("Gedaan op"), initial=_today)
    note = forms.CharField(label=_("Toelichting"), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EscalationLevelForm(UtrechtForm):
    position = forms.IntegerField(label=_("Niveau"), min_value=1)
    name = forms.CharField(label=_("Naam"), max_length=200)
    handled_by = forms.CharField(label=_("Wie het oppakt"), widget=forms.Textarea(attrs={"rows": 2}))
    respond_within_days = forms.IntegerField(label=_("Reactie binnen (dagen)"), min_value=0, required=False)
    agreed_in = forms.ModelChoiceField(
        queryset=gm.Meeting.objects.none(), required=False, label=_("Afgesproken in")
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_in"].queryset = gm.Meeting.objects.filter(deal=deal)


class EscalationLevelEndForm(UtrechtForm):
    ended_on = forms.DateField(
        label=_("Beëindigd op"),
        initial=_today,
        help_text=_("Het niveau blijft in de geschiedenis staan; punten escaleren er niet meer naartoe."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RegisterItemForm(UtrechtForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=RegisterKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=300)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 4}))
    raised_by = forms.ModelChoiceField(queryset=dm.Organisation.objects.none(), label=_("Ingebracht door"))
    addressed_to = forms.ModelChoiceField(
        queryset=dm.Organisation.objects.none(),
        required=False,
        label=_("Aangesproken Partij"),
        help_text=_("Alleen bij een tekortkoming (art. 16): de Partij die tekortschiet in de nakoming."),
    )
    raised_on = forms.DateField(label=_("Ingebracht op"), initial=_today)
    meeting = forms.ModelChoiceField(
        queryset=gm.Meeting.objects.none(), required=False, label=_("Besproken in")
    )
    mitigation = forms.CharField(
        label=_("Aanpak of beheersmaatregel"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=RegisterStatus.choices, initial=RegisterStatus.OPEN)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_by"].queryset = _orgs([p.organisation for p in parties_in_office(deal)])
        self.fields["addressed_to"].queryset = self.fields["raised_by"].queryset
        self.fields["meeting"].queryset = gm.Meeting.objects.filter(deal=deal)


class EscalateForm(UtrechtForm):
    to_level = forms.ModelChoiceField(queryset=gm.EscalationLevel.objects.none(), label=_("Naar niveau"))
    reason = forms.CharField(label=_("Waarom"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_level"].queryset = gm.EscalationLevel.objects.filter(deal=deal, ended_on__isnull=True)


class _RequestForm(UtrechtForm):
    filed_by = forms.ModelChoiceField(queryset=dm.Organisation.objects.none(), label=_("Namens Partij"))
    filed_on = forms.DateField(label=_("Datum van het schriftelijke verzoek"), initial=_today)

    def __init__(self, *args, deal, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.deal = deal
        self.fields["filed_by"].queryset = _orgs(parties)
        if len(parties) == 1:
            self.fields["filed_by"].initial = parties[0].pk


class AmendmentForm(_RequestForm):
    """Art. 11: what changes (a budget split, the end date, a text) and why."""

    title = forms.CharField(label=_("Titel"), max_length=300)
    reasons = forms.CharField(label=_("Waarom (toelichting)"), widget=forms.Textarea(attrs={"rows": 4}))
    effective_from = forms.DateField(
        label=_("Gewenste ingangsdatum"),
        required=False,
        help_text=_("Leeg: zodra alle Partijen hebben ingestemd."),
    )
    ends_on = forms.DateField(label=_("Nieuwe einddatum"), required=False)
    text_path = forms.ChoiceField(label=_("Tekst die verandert"), required=False)
    text_value = forms.CharField(
        label=_("Nieuwe tekst"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    discussed_in = forms.ModelChoiceField(
        queryset=gm.Meeting.objects.none(),
        required=False,
        label=_("Besproken in het Rijk-Regio-overleg"),
        help_text=_(
            "Een andere verdeling van de begroting (art. 4.3) of looptijd (art. 19.2) volgt op bespreking in "
            "het overleg; de wijziging wordt pas aangenomen als die bespreking is vastgelegd."
        ),
    )
    letter = forms.FileField(label=_("Schriftelijk verzoek (bestand)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discussed_in"].queryset = gm.Meeting.objects.filter(deal=self.deal)
        version = version_in_force(self.deal)
        self.version = version
        content = version.content
        at = {line["code"]: i for i, line in enumerate(content["budget"]["lines"])}
        self.budget_fields = []
        for line in version.budget_lines.all():
            for column in ("rijk", "regional"):
                name = f"budget_{line.code}_{column}"
                self.fields[name] = AmountField(
                    # "Begroting, pijler 1 — rijksbijdrage", as the comparison names it.
                    label=path_label(content, ("budget", "lines", at.get(line.code, 0), column)),
                    help_text=_("Nu %(a)s (versie %(n)s). Schrijf bijvoorbeeld 9.400.000,00.")
                    % {"a": money(getattr(line, column)), "n": version.number},
                    initial=getattr(line, column),
                    required=True,
                )
            self.budget_fields.append(
                (line, self[f"budget_{line.code}_rijk"], self[f"budget_{line.code}_regional"])
            )
        self.fields["text_path"].choices = [("", "—")] + [(p, label) for p, label, _t in text_fields(content)]
        # What changes first (the budget, the end date, a text), then when and on what grounds.
        budget = [name for name in self.fields if name.startswith("budget_")]
        first = ["filed_by", "filed_on", "title", "reasons"]
        then = ["ends_on", "text_path", "text_value", "effective_from", "discussed_in", "letter"]
        self.order_fields([*first, *budget, *then])
        self._style_fields()  # the amounts added here get the family's classes too

    def changes(self) -> dict:
        data = self.cleaned_data
        out: dict = {}
        budget = {}
        for line in self.version.budget_lines.all():
            rijk, regional = data[f"budget_{line.code}_rijk"], data[f"budget_{line.code}_regional"]
            if rijk != line.rijk or regional != line.regional:
                budget[line.code] = {"rijk": str(rijk), "regional": str(regional)}
        if budget:
            out["budget"] = budget
        if data.get("ends_on") and data["ends_on"] != self.version.ends_on:
            out["ends_on"] = data["ends_on"].isoformat()
        if data.get("text_path"):
            out["text"] = [{"path": data["text_path"], "value": data.get("text_value", "")}]
        return out

    def field_of(self, path: str) -> str | None:
        """The field of this form where a problem of the amended definition at `path` is put
        right (`budget.lines[0].regional` -> the regional amount of that line), else None (the
        error then stands above the form, in the summary)."""
        parts = parse_path(path)
        lines = self.version.content["budget"]["lines"]
        if parts[:2] == ("budget", "lines") and len(parts) >= 3:
            column = parts[3] if len(parts) > 3 and parts[3] in ("rijk", "regional") else "regional"
            name = f"budget_{lines[parts[2]]['code']}_{column}" if parts[2] < len(lines) else ""
            return name if name in self.fields else None
        if parts[:2] == ("budget", "totals"):
            # A total is the sum of the lines: the problem is put at the line the request changes.
            column = parts[2] if len(parts) > 2 and parts[2] in ("rijk", "regional") else "regional"
            changed = list((self.changes() if hasattr(self, "cleaned_data") else {}).get("budget", {}))
            return f"budget_{changed[0]}_{column}" if changed else None
        if parts and parts[-1] in ("ends_on", "due_on", "baseline_due_on", "signed_on"):
            return "ends_on" if self.cleaned_data.get("ends_on") else None
        edited = self.cleaned_data.get("text_path")
        if edited and parse_path(edited) == parts:
            return "text_value"
        return None

    def add_service_errors(self, exc) -> None:
        """A refused amendment's problems at the fields they concern, in words (without codes)."""
        if hasattr(exc, "error_dict"):
            return super().add_service_errors(exc)
        for e in exc.error_list:
            where = self.field_of(e.params["path"]) if e.params and e.params.get("path") else None
            if where is not None and "at_field" in e.params:
                # At the field its label says where; the summary names the field with it.
                self.add_error(where, str(e.params["at_field"]))
            else:
                self.add_error(None, screen_message(e))


class DurationForm(_RequestForm):
    ends_on = forms.DateField(label=_("Nieuwe einddatum"))
    decision = forms.ModelChoiceField(
        queryset=gm.Decision.objects.none(), label=_("Besluit van het Rijk-Regio-overleg")
    )
    reasons = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}))
    letter = forms.FileField(label=_("Schriftelijk verzoek (bestand)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = gm.Decision.objects.filter(meeting__deal=self.deal).select_related(
            "meeting"
        )


class AccessionForm(UtrechtForm):
    filed_on = forms.DateField(label=_("Datum van het verzoek aan VRO"), initial=_today)
    code = forms.RegexField(label=_("Code"), regex=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=40)
    name = forms.CharField(label=_("Naam"), max_length=300)
    short_name = forms.CharField(label=_("Korte naam"), max_length=100)
    kind = forms.ChoiceField(label=_("Rijk of Regio"), choices=PartyKind.choices)
    acts_as = forms.CharField(label=_("Handelt als"), max_length=300, initial=_("bestuursorgaan"))
    signatory_name = forms.CharField(label=_("Ondertekenaar"), max_length=200)
    signatory_function = forms.CharField(label=_("Functie ondertekenaar"), max_length=300)
    overleg = forms.BooleanField(
        label=_("Neemt deel aan het Rijk-Regio-overleg"), required=False, initial=True
    )
    contribution = forms.CharField(
        label=_("Concrete bijdrage aan de deal (art. 13.2)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    letter = forms.FileField(label=_("Verzoek tot toetreding (bestand)"), required=False)

    def party(self) -> dict:
        d = self.cleaned_data
        return {
            "code": d["code"],
            "name": d["name"],
            "short_name": d["short_name"],
            "kind": d["kind"],
            "acts_as": d["acts_as"],
            "signatory": {"name": d["signatory_name"], "function": d["signatory_function"]},
            "overleg": d["overleg"],
        }


class WithdrawalForm(UtrechtForm):
    party = forms.ModelChoiceField(queryset=dm.Organisation.objects.none(), label=_("Partij die opzegt"))
    notice_on = forms.DateField(label=_("Datum van de opzegging"), initial=_today)
    circumstances = forms.CharField(
        label=_("Veranderde omstandigheden (art. 12.1)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    letter = forms.FileField(label=_("Opzeggingsbrief (bestand)"), required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = _orgs(parties)


class ConfidentialityForm(_RequestForm):
    record_kind = forms.ChoiceField(label=_("Soort gegeven"))
    record_id = forms.IntegerField(label=_("Nummer van het gegeven"), min_value=1)
    grounds = forms.CharField(label=_("Gronden"), widget=forms.Textarea(attrs={"rows": 4}))
    woo_ground = forms.ChoiceField(
        label=_("Woo-grond"),
        choices=[("", _("Kies de grond uit de Woo")), *WooGround.choices],
        help_text=_("Het artikel van de Wet open overheid (5.1 of 5.2) waarop het gegeven niet openbaar is."),
        error_messages={
            "required": _("Kies de Woo-grond (art. 5.1 of 5.2) waarop het gegeven geheim blijft.")
        },
    )
    until = forms.DateField(label=_("Geheim tot en met (gevraagd)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_kind"].choices = [(label, name) for label, name, _m in disclosable_models()]


class ConsultationForm(UtrechtForm):
    """Art. 11.2: when the Parties consulted; the meeting also records the discussion (4.3, 19.2)."""

    meeting = forms.ModelChoiceField(
        queryset=gm.Meeting.objects.none(),
        required=False,
        label=_("Vergadering van het Rijk-Regio-overleg"),
        help_text=_(
            "De vergadering waarin het verzoek besproken is; haar agenda en verslag leggen de bespreking "
            "vast (art. 4.3, 19.2). Laat leeg als het overleg buiten een vergadering plaatsvond."
        ),
    )
    consulted_on = forms.DateField(
        label=_("Overleg gevoerd op"),
        required=False,
        help_text=_("Alleen zonder vergadering. Binnen zes weken na ontvangst door VRO (art. 11.2)."),
    )
    note = forms.CharField(label=_("Toelichting"), required=False)

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = gm.Meeting.objects.filter(deal=deal)

    def clean(self):
        data = super().clean()
        if not data.get("meeting") and not data.get("consulted_on") and "consulted_on" not in self.errors:
            self.add_error("consulted_on", _("Kies de vergadering of vul de datum van het overleg in."))
        return data


class RolesForm(UtrechtForm):
    """Art. 12.2: what the remaining Parties decided about a withdrawing Party's roles."""

    decision = forms.ModelChoiceField(queryset=gm.Decision.objects.none(), label=_("Besluit van het overleg"))
    regiokassier = forms.ModelChoiceField(
        queryset=dm.Organisation.objects.none(),
        required=False,
        label=_("Nieuwe regiokassier"),
        help_text=_("Een regionale Partij ontvangt en verantwoordt het rijksgeld (art. 5)."),
    )
    vro = forms.ModelChoiceField(
        queryset=dm.Organisation.objects.none(),
        required=False,
        label=_("Neemt de rol van VRO over"),
        help_text=_("De rijksbijdrage en de ontvangst van verzoeken (art. 4.2, 11.2, 13.2)."),
    )
    note = forms.CharField(
        label=_("Wat de overige Partijen besloten"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, deal, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = (
            gm.Decision.objects.filter(meeting__deal=deal)
            .select_related("meeting")
            .order_by("-meeting__held_on")
        )
        leaving = request_obj.changes.get("remove_party")
        on = request_obj.effective_from or _today()
        remaining = _orgs([p.organisation for p in parties_in_office(deal, on) if p.code != leaving])
        for role in ("regiokassier", "vro"):
            if role in request_obj.roles:
                self.fields[role].queryset = remaining
                self.fields[role].required = True
            else:
                del self.fields[role]


class AcceptanceForm(UtrechtForm):
    accepted_on = forms.DateField(label=_("Verplichtingen aanvaard op"), initial=_today)
    declaration = forms.FileField(
        label=_("Verklaring van aanvaarding (PDF, PNG of JPEG)"),
        help_text=_("De ondertekende verklaring van de toetredende partij (art. 13.1)."),
    )


class PublicationForm(UtrechtForm):
    reference = forms.CharField(
        label=_("Vindplaats in de Staatscourant"),
        max_length=100,
        help_text=_("Bijvoorbeeld: Stcrt. 2024, 34567."),
    )
    published_on = forms.DateField(label=_("Gepubliceerd op"))
    url = forms.URLField(
        label=_("Adres op officielebekendmakingen.nl"), required=False, assume_scheme="https"
    )
    request = forms.ModelChoiceField(
        queryset=gm.Request.objects.none(),
        required=False,
        label=_("Wijziging"),
        help_text=_("Leeg: de publicatie van de deal zelf (art. 20.1)."),
    )

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = gm.Request.objects.filter(deal=deal, status="adopted").order_by(
            "number"
        )


class ReceiptForm(UtrechtForm):
    received_on = forms.DateField(label=_("VRO ontving het verzoek op"), initial=_today)
    note = forms.CharField(label=_("Toelichting"), required=False)


class ConsentForm(UtrechtForm):
    organisation = forms.ModelChoiceField(queryset=dm.Organisation.objects.none(), label=_("Namens Partij"))
    answer = forms.ChoiceField(label=_("Verklaring"), choices=Answer.choices, widget=forms.RadioSelect)
    declared_on = forms.DateField(label=_("Datum van de verklaring"), initial=_today)
    declaration = forms.FileField(label=_("Verklaring (bestand)"))
    note = forms.CharField(label=_("Toelichting"), required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _orgs(parties)
        if len(parties) == 1:
            self.fields["organisation"].initial = parties[0].pk


class LetterConsentForm(UtrechtForm):
    """A Party's declaration that reached the programme office by letter (Art. 11.3, 13.3),
    recorded on the Party's behalf with the scanned letter."""

    organisation = forms.ModelChoiceField(
        queryset=dm.Organisation.objects.none(),
        label=_("Partij"),
        help_text=_("De Partijen in functie die nog niet hebben geantwoord."),
    )
    answer = forms.ChoiceField(
        label=_("Antwoord in de brief"), choices=Answer.choices, widget=forms.RadioSelect
    )
    declared_on = forms.DateField(label=_("Datum van de brief"), initial=_today)
    note = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    declaration = forms.FileField(
        label=_("Gescande brief"),
        help_text=_("Een PDF of een afbeelding (PNG, JPEG) van ten hoogste 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, deal, parties, **kwargs):
        super().__init__(*args, **kwargs)
        # The list offers the Parties that have not answered; any organisation of the deal is
        # accepted here, so a Party that answered meanwhile (another tab, a colleague) gets the
        # service's message ("... heeft al een verklaring gegeven") instead of "invalid choice".
        field = self.fields["organisation"]
        field.queryset = deal.organisations.all()
        field.widget.choices = [("", "---------")] + [
            (o.pk, o.name) for o in sorted(parties, key=lambda o: o.name)
        ]


class NoteForm(UtrechtForm):
    on = forms.DateField(label=_("Datum"), initial=_today)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(UtrechtForm):
    grant = forms.TypedChoiceField(
        label=_("Besluit"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("toekennen")), ("no", _("weigeren"))],
    )
    decided_on = forms.DateField(label=_("Besloten op"), initial=_today)
    until = forms.DateField(label=_("Geheim tot en met"), required=False)
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SpukForm(UtrechtForm):
    requested_on = forms.DateField(label=_("Verzoek aan VRO gedaan op"), initial=_today)
    note = forms.CharField(label=_("Kenmerk of toelichting"), required=False)


class FulfilForm(UtrechtForm):
    key = forms.CharField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Gedaan op"), initial=_today)
    evidence = forms.CharField(label=_("Bewijs"), max_length=1000)
    file = forms.FileField(label=_("Bestand"), required=False)


class CheckDateForm(UtrechtForm):
    """`?on=` of the covenant check: the date to check the deal as of."""

    on = forms.DateField(
        label=_("Controleren per"),
        required=False,
        help_text=_(
            "Leeg: vandaag. Een datum in het verleden of de toekomst toetst de deal zoals hij dan is."
        ),
        error_messages={"invalid": _("Vul een datum in als jjjj-mm-dd, bijvoorbeeld 2026-12-31.")},
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and not (dt.date(2000, 1, 1) <= on <= dt.date(2100, 12, 31)):
            raise forms.ValidationError(_("Kies een datum tussen 2000 en 2100."))
        return on


class DiffForm(forms.Form):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1)
