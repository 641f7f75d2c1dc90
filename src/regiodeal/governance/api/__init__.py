"""The governance part of the REST API (`/api/v1/deals/<slug>/governance/`), by sub-domain.

Read: VIEW_INTERNAL. The overleg, the register, VRO's receipt of a request and decisions on
confidentiality: MANAGE_GOVERNANCE. Filing a request and declaring consent: a Party
representative, only on behalf of the Parties they represent (403 otherwise). Declarations are
multipart uploads with the declaration file. Errors of the covenant's rules answer 400 with the
message and its rule; an edit from a stale `lock_version` answers 409 (regiodeal/api/handler.py).

signatures (and versions, publications), meetings (and the register), requests, steps (on a
request), obligations."""

from .meetings import (
    ActionCreate,
    ActionDoneView,
    DecisionCreate,
    EscalateView,
    LevelChange,
    LevelEndView,
    LevelList,
    MeetingDetail,
    MeetingFileCreate,
    MeetingList,
    RegisterList,
)
from .obligations import FulfilView, ObligationList
from .requests import RequestDetail, RequestList
from .signatures import PublicationList, SignatureList, VersionDiff, VersionList
from .steps import (
    AcceptanceView,
    ConsentView,
    ConsultationView,
    DecideView,
    LetterView,
    LiftView,
    ReceiptView,
    ReconsiderView,
    RolesView,
    SpukView,
    WithdrawView,
)

__all__ = [
    "AcceptanceView",
    "ActionCreate",
    "ActionDoneView",
    "ConsentView",
    "ConsultationView",
    "DecideView",
    "DecisionCreate",
    "EscalateView",
    "FulfilView",
    "LetterView",
    "LevelChange",
    "LevelEndView",
    "LevelList",
    "LiftView",
    "MeetingDetail",
    "MeetingFileCreate",
    "MeetingList",
    "ObligationList",
    "PublicationList",
    "ReceiptView",
    "ReconsiderView",
    "RegisterList",
    "RequestDetail",
    "RequestList",
    "RolesView",
    "SignatureList",
    "SpukView",
    "VersionDiff",
    "VersionList",
    "WithdrawView",
]
