"""The kinds of evaluation document, each with the article that asks for it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    EVALUATION_APPROACH = "evaluation_approach", _("evaluatieaanpak")
    PROBLEM_ANALYSIS = "problem_analysis", _("probleemanalyse")
    THEORY_OF_CHANGE = "theory_of_change", _("veranderingstheorie")
    INTERIM_EVALUATION = "interim_evaluation", _("tussentijdse evaluatie")
    COMMUNICATION_PLAN = "communication_plan", _("communicatieplan")


# The article that asks for each kind of document.
ARTICLE: dict[str, str] = {
    DocumentKind.EVALUATION_APPROACH: "7.1",
    DocumentKind.PROBLEM_ANALYSIS: "2.4",
    DocumentKind.THEORY_OF_CHANGE: "2.4",
    DocumentKind.INTERIM_EVALUATION: "Bijlage 1",
    DocumentKind.COMMUNICATION_PLAN: "8.1",
}

# Documents the deal must have once (one in force: the latest by date).
REQUIRED_ONCE = (
    DocumentKind.EVALUATION_APPROACH,
    DocumentKind.PROBLEM_ANALYSIS,
    DocumentKind.THEORY_OF_CHANGE,
    DocumentKind.COMMUNICATION_PLAN,
)

# Bijlage 1 §2.D: "in een periodieke evaluatie". Our reading of "periodiek": at least every twelve
# months from the entry into force (docs/evaluation.md).
INTERIM_EVERY_MONTHS = 12

ALLOWED_EXTENSIONS = ["pdf", "docx", "doc", "odt", "txt", "rtf", "pptx", "xlsx", "png", "jpg", "jpeg"]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
