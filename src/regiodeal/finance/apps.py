from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "regiodeal.finance"
    label = "finance"
    verbose_name = _("Financiën")

    def ready(self):
        # The cached figures (common/dataversion.py): ledger, budgets and SPUK rows are money; the
        # money overview (page and API) is computed from the covenant, the money and the projects.
        from regiodeal.common import dataversion as dv

        dv.watch_app(self.label, dv.MONEY)
        dv.reads("finance:", dv.COVENANT, dv.MONEY, dv.PROJECTS)
        dv.reads("api:finance-overview", dv.COVENANT, dv.MONEY, dv.PROJECTS)
        # A restore makes the money totals again from the restored ledger (finance/totals.py).
        from regiodeal.common.backup import DERIVED

        from .totals import rebuild

        DERIVED.append(rebuild)
