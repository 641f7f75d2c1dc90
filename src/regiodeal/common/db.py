"""A clear message instead of "no such table" when a command runs before `regiodeal setup`."""

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def require_database_ready() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        where = connection.settings_dict.get("NAME")
        raise CommandError(
            f"The database ({where}) is not set up or not up to date ({len(pending)} migrations to apply): "
            "run `regiodeal setup` first.",
            returncode=2,
        )
