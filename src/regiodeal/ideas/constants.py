from django.db import models
from django.utils.translation import gettext_lazy as _


class IdeaStatus(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    UNDER_CONSIDERATION = "under_consideration", _("wordt bekeken")
    TAKEN_UP = "taken_up", _("opgenomen in een project")
    NOT_TAKEN_UP = "not_taken_up", _("niet overgenomen")
    REMOVED = "removed", _("niet geplaatst")


# An idea's own text is shown to the public once the programme office has read it (moderation):
# from "under consideration" on. A received idea shows only its number, wijk, date and status.
TEXT_PUBLIC = frozenset({IdeaStatus.UNDER_CONSIDERATION, IdeaStatus.TAKEN_UP, IdeaStatus.NOT_TAKEN_UP})
# Not on the public site at all: removed by moderation (abuse, personal data, spam).
HIDDEN = frozenset({IdeaStatus.REMOVED})

TITLE_MAX = 200
DESCRIPTION_MAX = 4000
