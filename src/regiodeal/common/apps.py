from importlib import import_module

from django.apps import AppConfig, apps


class CommonConfig(AppConfig):
    """Cross-cutting pieces: the findings registry behind `regiodeal check`, optimistic locking."""

    name = "regiodeal.common"
    label = "common"
    verbose_name = "regiodeal"

    def ready(self):
        # Each domain app that has a `checks` module registers its findings there.
        for config in apps.get_app_configs():
            if config.name.startswith("regiodeal.") and config.name != self.name:
                try:
                    import_module(f"{config.name}.checks")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.checks":
                        raise
