from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _setup_results(sender, *, actor, **kwargs) -> str:
    """`regiodeal setup`: the programme indicators and the covenant's targets, linked (idempotent)."""
    from .services import results_setup_all

    linked = sum(outcome.links_created for _deal, outcome in results_setup_all(actor=actor))
    return f"Results: {linked} targets linked." if linked else ""


class ResultsConfig(AppConfig):
    name = "regiodeal.results"
    label = "results"
    verbose_name = _("Resultaten")

    def ready(self):
        # The cached figures (common/dataversion.py): indicators, measurements and milestones are
        # results; the dashboard (page and API) is computed from the covenant, results and projects.
        from regiodeal.common import dataversion as dv

        dv.watch_app(self.label, dv.RESULTS)
        dv.reads("results:", dv.COVENANT, dv.RESULTS, dv.PROJECTS)
        dv.reads("api:verdicts", dv.COVENANT, dv.RESULTS, dv.PROJECTS)

        # `regiodeal setup` writes the indicator catalogue, its links to the covenant's targets
        # and the deliverables the definition names: a restore replaces them (common/backup.py).
        from regiodeal.common import backup

        from .models import Indicator, Milestone, ResultIndicator

        backup.setup_writes(Indicator, audit_actions=["results.indicator.created"])
        backup.setup_writes(ResultIndicator, audit_actions=["results.link.created"])
        backup.setup_writes(
            Milestone,
            beyond=lambda rows: rows.exclude(from_definition=True),
            audit_actions=["results.milestone.created"],
        )

        from regiodeal.common.signals import setup_completed

        setup_completed.connect(_setup_results, dispatch_uid="results.setup")
        from regiodeal.deals.signals import definition_corrected

        from .services import follow_correction

        definition_corrected.connect(follow_correction, dispatch_uid="results.follow_correction")
