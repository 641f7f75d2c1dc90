"""Screens of governance (`/deals/<slug>/governance/`). Reading needs VIEW_INTERNAL; each form
checks its own capability, and a Party representative acts only for their own Party. Views only
collect input and call services; errors from the services come back on the form.

Split by sub-domain, as the services are: `overview` (the overview, signatures, publication,
the covenant check, versions, files), `meetings` (the overleg and the register with its
escalation route), `requests` (the procedures), `calendar` (the obligations calendar and its
feed); `common` holds what they share. `urls.py` reads every view from here.
"""

from .calendar import calendar, calendar_feed, calendar_ics, calendar_token
from .meetings import action_done, escalation_level, meeting, meetings, register, register_item
from .overview import (
    attachment,
    covenant_check,
    index,
    publications,
    signatures,
    version_compare,
    version_detail,
    versions,
)
from .requests import request_detail, request_new, requests

__all__ = [
    "action_done",
    "attachment",
    "calendar",
    "calendar_feed",
    "calendar_ics",
    "calendar_token",
    "covenant_check",
    "escalation_level",
    "index",
    "meeting",
    "meetings",
    "publications",
    "register",
    "register_item",
    "request_detail",
    "request_new",
    "requests",
    "signatures",
    "version_compare",
    "version_detail",
    "versions",
]
