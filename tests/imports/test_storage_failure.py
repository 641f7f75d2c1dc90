"""An upload into a data folder that cannot be written says so at the file field,
keeps nothing (no file, no Upload row) and leaves the rest of the site working."""

import pytest

from regiodeal.imports.models import Upload

from .conftest import ALLOCATIONS, upload_file, xlsx_bytes

pytestmark = pytest.mark.django_db
BASE = "/deals/waterwegregio/imports"


def test_an_upload_into_an_unwritable_data_folder_is_refused_with_a_message(
    office_client, projects, settings, tmp_path
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # a folder under a file cannot be made, not even by root
    settings.DATA_DIR = blocker / "data"
    response = office_client.post(
        f"{BASE}/ledger/",
        {"file": upload_file("toekenningen.xlsx", xlsx_bytes(ALLOCATIONS)), "ledger_kind": "allocations"},
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "De server kan het bestand nu niet opslaan" in page and "Er is niets opgeslagen" in page
    assert 'href="#id_file"' in page  # in the error summary, linked to the field
    assert Upload.objects.count() == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [blocker]
    assert office_client.get(f"{BASE}/ledger/").status_code == 200
