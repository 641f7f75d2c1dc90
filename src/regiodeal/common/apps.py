from importlib import import_module

from django.apps import AppConfig, apps


class CommonConfig(AppConfig):
    """Cross-cutting pieces: the findings registry behind `regiodeal check`, optimistic locking, the
    data version of cached figures."""

    name = "regiodeal.common"
    label = "common"
    verbose_name = "regiodeal"

    def ready(self):
        # The data version of cached figures (dataversion.py): a change of a row makes a new one.
        from .dataversion import connect_receivers

        connect_receivers()

        # Each domain app registers its covenant checks in `checks` (common.findings) and the
        # evidence of the dated duties it keeps in `obligations` (common.obligations).
        for config in apps.get_app_configs():
            if config.name.startswith("regiodeal.") and config.name != self.name:
                for module in ("checks", "obligations"):
                    try:
                        import_module(f"{config.name}.{module}")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{config.name}.{module}":
                            raise
