"""The progress report's dates in `regiodeal check` (Art. 7.3): for every year of the deal since
its entry into force, the draft goes to the Parties before 15 June and the report to VRO before
15 July of the next year. Not submitted when its date has passed is an error; done, but late, is
a warning (it happened, and the record shows it)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from regiodeal.common.findings import ERROR, WARNING, Finding, register_check
from regiodeal.common.formatting import day

from .selectors import late_steps


@register_check("reporting.report-late")
def report_late(deal, on: dt.date):
    for step in late_steps(deal, on):
        what = (
            _("concept-voortgangsrapportage %(y)s aan de Partijen") % {"y": step.year}
            if step.step == "draft"
            else _("voortgangsrapportage %(y)s bij VRO") % {"y": step.year}
        )
        if step.done_on is None:
            severity = ERROR if step.step == "submission" else WARNING
            message = _("De %(what)s moest vóór %(due)s; dat is nog niet gebeurd (art. 7.3).") % {
                "what": what,
                "due": day(step.due_before),
            }
        else:
            severity = WARNING
            message = _("De %(what)s moest vóór %(due)s, maar gebeurde op %(done)s (art. 7.3).") % {
                "what": what,
                "due": day(step.due_before),
                "done": day(step.done_on),
            }
        yield Finding(
            rule=f"reporting.{'draft' if step.step == 'draft' else 'report'}-late",
            article="7.3",
            severity=severity,
            message=message,
            subject=_("voortgangsrapportage %(y)s") % {"y": step.year},
            data={
                "year": step.year,
                "step": step.step,
                "due_before": step.due_before.isoformat(),
                "done_on": step.done_on.isoformat() if step.done_on else None,
            },
        )
