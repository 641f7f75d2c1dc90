"""Backup and restore of the whole database, the same way on SQLite and PostgreSQL.

A backup is one gzip-compressed JSON file: a header (format, time, the schema's migrations) and
every row of every table, serialised by Django with natural keys, so it restores into any
database of the same schema (also from SQLite into PostgreSQL). Restore is all-or-nothing: it
empties the database and loads the backup inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import uuid
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "regiodeal-backup/1"


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _json_default(value):
    """Full precision: Django's own JSON encoder cuts datetimes to milliseconds."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _backed_up_models() -> list:
    app_list = {config: None for config in apps.get_app_configs()}
    return [m for m in serializers.sort_dependencies(app_list.items(), allow_cycles=True) if _in_backup(m)]


def backup_write(path: Path) -> dict:
    rows: list = []
    for model in _backed_up_models():
        rows.extend(
            serializers.serialize(
                "python", model._default_manager.order_by("pk").iterator(), use_natural_foreign_keys=True
            )
        )
    header = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "migrations": _applied_migrations(),
        "rows": len(rows),
    }
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump({"header": header, "data": rows}, out, ensure_ascii=False, default=_json_default)
    return header


def backup_read(path: Path) -> tuple[dict, list]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as src:
            content = json.load(src)
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: the file does not exist.", returncode=2) from exc
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CommandError(
            f"{path}: not a regiodeal backup (expected gzip-compressed JSON): {exc}", returncode=2
        ) from exc
    header = content.get("header", {}) if isinstance(content, dict) else {}
    if header.get("format") != FORMAT:
        raise CommandError(
            f"{path}: not a regiodeal backup (format {header.get('format')!r}, expected {FORMAT!r}).",
            returncode=2,
        )
    return header, content["data"]


def backup_restore(path: Path) -> dict:
    header, rows = backup_read(path)
    here = _applied_migrations()
    if header["migrations"] != here:
        theirs = {tuple(m) for m in header["migrations"]}
        ours = {tuple(m) for m in here}
        raise CommandError(
            f"{path}: made with another version of the database schema "
            f"(only in the backup: {sorted(theirs - ours)[:5]}; only here: {sorted(ours - theirs)[:5]}). "
            "Restore it with the regiodeal version that made it, then upgrade with `regiodeal setup`.",
            returncode=2,
        )
    objects = list(serializers.deserialize("python", rows, handle_forward_references=True))
    with transaction.atomic():
        _empty_all_tables()
        for obj in objects:
            obj.save()
        for obj in objects:
            if obj.deferred_fields:
                obj.save_deferred_fields()
        _reset_sequences()
    return header


def _empty_all_tables() -> None:
    """Delete every row of the tables a backup holds, children first (the database's own
    foreign keys decide the order; in a transaction, so a failed restore leaves everything)."""
    connection = connections[DEFAULT_DB_ALIAS]
    models = [m for m in apps.get_models(include_auto_created=True) if _in_backup(m)]
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE")
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def _in_backup(model) -> bool:
    label = model._meta.label_lower
    return (
        model._meta.app_label not in {"contenttypes", "sessions"}
        and label != "auth.permission"
        and (model._meta.managed or model._meta.auto_created)
    )


def _reset_sequences() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    models = [m for m in apps.get_models(include_auto_created=True) if _in_backup(m)]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
