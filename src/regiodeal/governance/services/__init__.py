"""Writes for governance, split by sub-domain. Each service checks the covenant's rule (naming its
article), writes in one transaction and records an audit event. Who may call them is checked by
the caller (views, API) with `governance.permissions`; a Party representative acts only for their
own Party.

Procedures change state only through `common._transition`, which hands the one table of
`workflow.py` to the transition engine (`regiodeal/common/transitions.py`): it checks the edge,
stores the step and records it. An adopted amendment, duration change or accession, and a
withdrawal notice, make a new deal version through `deals.services.deal_version_create`;
versions already made for a later date (a withdrawal still in its notice period) are made again
on top of it, so no adopted change is lost.

- `signatures`: signatures, entry into force and publication (Art. 17, 19, 20.1);
- `meetings`: the Rijk-Regio-overleg, its decisions and actions, bottlenecks, risks and the
  escalation route (Art. 6, 16);
- `procedures`: filing and receiving requests, their discussion, withdrawal of a request, the
  acceding party's acceptance and the SPUK request (Art. 11, 13, 19.2);
- `consents`: the Parties' declarations and the adoption they bring (Art. 11.3, 13.3);
- `withdrawal`: a Party's notice and the roles it leaves (Art. 12);
- `confidentiality`: Art. 10;
- `obligations`: the obligations calendar and its feed;
- `common`: what they share (the transition, files, scanned letters, date checks).

`from regiodeal.governance import services` and `services.name(...)` keep working: every public
name is re-exported here, and the reads that once lived here (`missing_consents`, ...) from
`governance.selectors`.
"""

from __future__ import annotations

from ..selectors import (  # reads, once here: callers of services.name(...) keep working
    changes_duration,
    discussion_of,
    missing_consents,
    overleg_articles,
    required_parties,
    role_consequence,
    roles_of,
    waits_for,
)
from .common import LETTER_SIGNATURES, ORIGIN, PROCEDURE, attachment_add, check_letter
from .confidentiality import confidentiality_decide, confidentiality_file, confidentiality_lift
from .consents import consent_record, request_reconsider
from .meetings import (
    ITEM_FIELDS,
    MEETING_FIELDS,
    action_add,
    action_complete,
    decision_add,
    escalation_level_delete,
    escalation_level_end,
    escalation_level_save,
    meeting_create,
    meeting_update,
    register_item_create,
    register_item_escalate,
    register_item_update,
)
from .obligations import calendar_token_issue, obligation_fulfil, token_hash
from .procedures import (
    accession_acceptance_record,
    accession_file,
    amendment_file,
    consultation_record,
    duration_change_file,
    request_receipt_record,
    request_withdraw,
    spuk_request_record,
)
from .signatures import publication_record, signature_record
from .withdrawal import withdrawal_file, withdrawal_roles_decide

__all__ = [
    "ITEM_FIELDS",
    "LETTER_SIGNATURES",
    "MEETING_FIELDS",
    "ORIGIN",
    "PROCEDURE",
    "accession_acceptance_record",
    "accession_file",
    "action_add",
    "action_complete",
    "amendment_file",
    "attachment_add",
    "calendar_token_issue",
    "changes_duration",
    "check_letter",
    "confidentiality_decide",
    "confidentiality_file",
    "confidentiality_lift",
    "consent_record",
    "consultation_record",
    "decision_add",
    "discussion_of",
    "duration_change_file",
    "escalation_level_delete",
    "escalation_level_end",
    "escalation_level_save",
    "meeting_create",
    "meeting_update",
    "missing_consents",
    "obligation_fulfil",
    "overleg_articles",
    "publication_record",
    "register_item_create",
    "register_item_escalate",
    "register_item_update",
    "request_receipt_record",
    "request_reconsider",
    "request_withdraw",
    "required_parties",
    "role_consequence",
    "roles_of",
    "signature_record",
    "spuk_request_record",
    "token_hash",
    "waits_for",
    "withdrawal_file",
    "withdrawal_roles_decide",
]
