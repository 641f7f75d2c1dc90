from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _register_backup(config: AppConfig) -> None:
    """What the whole-database backup (common/backup.py) needs to know of the deals: setup loads
    the bundled deals with their first version and everything in it (not the signatures, which
    people record), and a restore is recorded in each deal's audit chain."""
    from regiodeal.common import backup

    from .models import Deal, DealVersion, Signature
    from .services import BUNDLED

    bundled = {Path(name).stem for name in BUNDLED}
    for model in config.get_models():
        if model is not Signature:
            backup.setup_writes(model)
    backup.setup_writes(
        Deal, beyond=lambda rows: rows.exclude(slug__in=bundled), audit_actions=["deal.loaded"]
    )
    backup.setup_writes(DealVersion, beyond=lambda rows: rows.exclude(number=1))
    backup.record_restore_on(lambda using: [(d, d.slug) for d in Deal.objects.using(using).order_by("slug")])


class DealsConfig(AppConfig):
    name = "regiodeal.deals"
    label = "deals"
    verbose_name = _("Regio Deals")

    def ready(self):
        # The cached figures of a deal (common/dataversion.py): a deal's versions and their
        # content, signatures and organisations are its covenant, which every figure is read with.
        # A deal added or removed is a change of the list of deals, which no one deal owns (the
        # deals kept per process by their slug, deals/selectors.py): the covenant of every deal.
        # Deals are added seldom (a row is never changed or removed by the platform).
        from regiodeal.common import dataversion as dv

        from .models import Deal

        dv.watch_app(self.label, dv.COVENANT, models={Deal: ((dv.COVENANT,), lambda deal: None)})
        from .selectors import _forget_covenants

        dv.process_cache(_forget_covenants)  # the covenant read once per process
        _register_backup(self)
