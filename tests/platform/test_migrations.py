"""The migrations describe the models: a model changed without its migration would pass every
test (the test database is built from the migrations, and they would not hold the change) and
then fail on the first database that `regiodeal setup` migrates."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db  # makemigrations compares with the history of the database too

FIX = "a model changed without its migration: run `.venv/bin/regiodeal makemigrations` and commit it"


def test_every_model_change_has_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"{FIX}\n{out.getvalue()}(exit {exit_.code})")
    assert "No changes detected" in out.getvalue()
