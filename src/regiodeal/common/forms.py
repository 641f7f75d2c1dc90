"""The one family of forms (NL Design System, Utrecht components). Every form of the workspace
inherits `UtrechtForm` (or `UtrechtModelForm`) and is drawn by `templates/forms/_form.html`:

- a label, a description linked to the field (`aria-describedby`), and the error at the field,
  also linked and marked `aria-invalid`;
- an error summary at the top (`forms/_error_summary.html`) whose links move to the fields;
- checkbox lists instead of Ctrl-click multi-selects (`CheckboxSelectMultiple`), ordered by code;
- dates as `<input type="date">` with ISO values, which a browser shows (a Dutch "16-01-2025"
  is shown as empty and lost on save);
- money typed the Dutch way (`AmountField`, through `common.amounts.parse_amount`, the one parser).

Forms only collect and convert input; the rules live in the services.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from .amounts import AmbiguousAmount, AmountError, format_amount_input, parse_amount

CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.NullBooleanSelect: "utrecht-select utrecht-select--html-select",
    forms.CheckboxSelectMultiple: "",
    forms.RadioSelect: "",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.ClearableFileInput: "utrecht-textbox",
    forms.FileInput: "utrecht-textbox",
    forms.HiddenInput: "",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class DateInput(forms.DateInput):
    """`<input type="date">` needs an ISO value; Django's localised format would blank it."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AmountField(forms.CharField):
    """An amount in euros, written as people write it: "9.400.000,00", "9400000", "€ 9.400.000".
    An amount that reads two ways ("1.234") is refused with how to write it. Cleans to a Decimal
    with two decimals; the API keeps plain decimal strings and does not use this field."""

    default_error_messages = {
        "invalid": _("%(reason)s. Schrijf het bedrag als 9.400.000,00 of 9400000,00."),
    }

    def __init__(self, *, max_length=40, **kwargs):
        kwargs.setdefault(
            "help_text", _("In euro's, bijvoorbeeld 9.400.000,00 (punten voor duizendtallen mogen weg).")
        )
        super().__init__(max_length=max_length, **kwargs)
        # The length limit is on what was typed (checked in to_python), not on the Decimal it
        # cleans to: a MaxLengthValidator would call len() on a Decimal.
        self.validators = [v for v in self.validators if not isinstance(v, validators.MaxLengthValidator)]

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_amount_input(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if self.max_length is not None and len(value) > self.max_length:
            raise forms.ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"reason": _("Dat is te lang voor een bedrag")},
            )
        try:
            return parse_amount(value)
        except AmountError as exc:
            reason = str(exc)
            reason = reason[:1].upper() + reason[1:]
            if isinstance(exc, AmbiguousAmount):  # its message already says how to write it
                raise forms.ValidationError(reason + ".", code="ambiguous") from exc
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"reason": reason}
            ) from exc


def screen_message(error: forms.ValidationError) -> str:
    """A service's message as a sentence for the screen, without its rule code (codes belong in
    logs and the API: a validator that adds one passes the bare text as `params["message"]`)."""
    params = error.params or {}
    text = str(params["message"]) if "message" in params else str(error.message) % params
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else f"{text}."


class _Family:
    """The widget classes, date inputs and accessible error links of every form."""

    # A service's field names where the form names them differently.
    service_field: dict[str, str] = {}

    def add_service_errors(self, exc: forms.ValidationError) -> None:
        """Put a service's ValidationError at the fields it names (else above the form), marked as
        the form's own errors are."""
        if not hasattr(exc, "error_dict"):
            for e in exc.error_list:
                self.add_error(None, screen_message(e))
            return
        for name, errors in exc.error_dict.items():
            field = self.service_field.get(name, name)
            for e in errors:
                self.add_error(field if field in self.fields else None, screen_message(e))

    def _style_fields(self):
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field.widget, forms.HiddenInput):
                field.widget = DateInput(attrs=dict(field.widget.attrs))
            widget = field.widget
            css = next((c for t, c in CLASSES.items() if type(widget) is t), TEXTBOX)
            if css:
                existing = widget.attrs.get("class", "")
                widget.attrs["class"] = f"{css} {existing}".strip() if css not in existing else existing
            if isinstance(field, forms.ModelMultipleChoiceField) and type(widget) is forms.SelectMultiple:
                field.widget = forms.CheckboxSelectMultiple(choices=field.widget.choices)

    def add_error(self, field, error):
        """Every error, from the form's own cleaning or from a service afterwards, marks its field
        invalid and links the message to it (aria-describedby)."""
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                ids = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    ids.append(f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(ids)
                widget.attrs["aria-invalid"] = "true"

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) for every error, in the order of the form; non-field errors
        link to the form's top."""
        items = [("", "", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            for e in self.errors.get(name, []):
                # A radio or checkbox list has no single input to link: its fieldset has the id.
                anchor = self[name].id_for_label or self[name].auto_id or ""
                items.append((anchor, str(field.label or name), str(e)))
        return items


class UtrechtForm(_Family, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()


class UtrechtModelForm(_Family, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()
