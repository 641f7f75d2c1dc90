from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Evaluation and steering (Art. 2.4, 7.1, 7.5, 7.6; Bijlage 1 §2) and communication (Art. 8)."""

    name = "regiodeal.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluatie en bijsturing")

    def ready(self):
        # A Party may ask to keep an evaluation document or an adjustment confidential (Art. 10).
        from regiodeal.disclosure.registry import register

        register("evaluation.evaluationdocument", _("evaluatiedocument"), "deal_id")
        register("evaluation.adjustment", _("bijsturing"), "deal_id")
