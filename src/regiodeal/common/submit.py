"""The one way a screen hands a valid form to its service: the service decides, its refusal goes
onto the form, its success is said in a message.

    if request.method == "POST" and form.is_valid() and submitted(
        request, form, lambda: services.theme_update(actor=..., theme=theme, ...), done_message
    ):
        return redirect(...)

A `ValidationError` goes to the fields it names, in words (`UtrechtForm.add_service_errors`: a
refused rule's code stays in the log and the API, `common.forms.screen_message`); an
`EditConflict` (someone saved the record since the form was opened) above the form. Nothing is
saved then, and the view shows the form again with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor

from .locking import EditConflict


@dataclass(frozen=True)
class Saved:
    """What the service returned (the record made, to redirect to it); always true."""

    result: Any


def submitted(request, form, call: Callable[[], Any], done: str | Callable[[Any], str]) -> Saved | None:
    """Call the service; when it saved, the message `done` (or `done(result)`, words that name
    what was saved) and `Saved(result)`; when it refused, None with its refusal on the form."""
    try:
        result = call()
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    except EditConflict as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, done(result) if callable(done) else done)
    return Saved(result)


def posted(request, call: Callable[[], Any], done: str | None = None) -> Saved | None:
    """A button without fields (publish, take off the list): someone's save in between
    (`EditConflict`) becomes an error message on the page it returns to; else the message
    `done`, if any, and `Saved(result)`."""
    try:
        result = call()
    except EditConflict as exc:
        messages.error(request, str(exc))
        return None
    if done:
        messages.success(request, done)
    return Saved(result)


def status_changed(request, form, service: Callable[..., Any], **subject) -> Saved | None:
    """A lifecycle's status form (`to_status` and its `reason`) handed to the procedure's service
    (`service(actor=..., to_status=..., reason=..., **subject)`, through the transition engine):
    a refused step at its field, else "De status is gewijzigd."."""
    return submitted(
        request,
        form,
        lambda: service(
            actor=Actor.from_request(request),
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
            **subject,
        ),
        _("De status is gewijzigd."),
    )
