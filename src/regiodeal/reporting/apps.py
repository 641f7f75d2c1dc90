from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "regiodeal.reporting"
    label = "reporting"
    verbose_name = _("Voortgangsrapportage")

    def ready(self):
        from regiodeal.common import dataversion as dv

        dv.watch_app(self.label, dv.REPORTS)  # the cached figures (common/dataversion.py)

        from regiodeal.evaluation.selectors import lessons_from

        from .selectors import lessons_by_year

        lessons_from(lessons_by_year)  # the report's lessons learned, for evaluation's overview

        from regiodeal.disclosure.signals import confidentiality_started

        from .editions import on_confidentiality_started

        # Art. 10.1: a record made confidential is withdrawn from every frozen public edition.
        confidentiality_started.connect(on_confidentiality_started, dispatch_uid="reporting-editions")
