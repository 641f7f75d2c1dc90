from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    AMENDMENT = "amendment", _("wijziging (art. 11)")
    DURATION = "duration", _("wijziging van de looptijd (art. 19.2)")
    ACCESSION = "accession", _("toetreding (art. 13)")
    WITHDRAWAL = "withdrawal", _("opzegging (art. 12)")
    CONFIDENTIALITY = "confidentiality", _("verzoek om geheimhouding (art. 10)")


class RequestStatus(models.TextChoices):
    FILED = "filed", _("ingediend")
    CONSULTATION = "consultation", _("in overleg: instemming gevraagd")
    ADOPTED = "adopted", _("aangenomen")
    REJECTED = "rejected", _("afgewezen")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    NOTICE_GIVEN = "notice_given", _("opgezegd")
    GRANTED = "granted", _("toegekend")
    REFUSED = "refused", _("geweigerd")
    LIFTED = "lifted", _("opgeheven")


class Answer(models.TextChoices):
    CONSENT = "consent", _("stemt in")
    REFUSE = "refuse", _("stemt niet in")


class RegisterKind(models.TextChoices):
    BOTTLENECK = "bottleneck", _("knelpunt")
    RISK = "risk", _("risico")
    # Art. 16: a Party calls another to account, in the Rijk-Regio-overleg, for falling short in
    # carrying out the deal (not enforceable at law).
    SHORTCOMING = "shortcoming", _("tekortkoming (art. 16)")


class RegisterStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("afgesloten")


class ObligationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("gepland")
    DUE_SOON = "due_soon", _("binnenkort")
    DONE = "done", _("gedaan")
    OVERDUE = "overdue", _("te laat")


# Kinds that need the consent of all Parties and make a new version of the deal when adopted.
CONSENT_KINDS = frozenset({RequestKind.AMENDMENT, RequestKind.DURATION, RequestKind.ACCESSION})

# Uploaded files: documents people send as declarations, minutes and requests.
ALLOWED_EXTENSIONS = ["pdf", "docx", "doc", "odt", "txt", "rtf", "eml", "msg", "png", "jpg", "jpeg"]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

DUE_SOON_DAYS = 30

# Changes that the covenant lets the Parties make only "na bespreking in het Rijk-Regio-overleg":
# the budget split (Art. 4.3) and the duration (Art. 19.2), whatever the form of the request.
NEEDS_OVERLEG = {"budget": "4.3", "ends_on": "19.2"}


class Role(models.TextChoices):
    """Roles a Party holds in the deal that its withdrawal leaves open (Art. 12.2)."""

    REGIOKASSIER = "regiokassier", _("regiokassier (art. 5)")
    VRO = "vro", _("VRO: rijksbijdrage en ontvangst van verzoeken (art. 4.2, 11.2, 13.2)")
