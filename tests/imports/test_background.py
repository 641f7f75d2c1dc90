"""A file of more than 2,000 rows goes to the job queue: `regiodeal worker --once` checks it, and
after confirmation writes it; the page shows the progress while it runs and then the result."""

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from regiodeal.finance.models import LedgerEntry
from regiodeal.imports import services
from regiodeal.imports.models import Upload, UploadStatus

from .conftest import ALLOCATIONS, csv_bytes, upload_file

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection after each job
BASE = "/deals/waterwegregio/imports"
ROWS = 2001


def big_file(rows=ROWS) -> bytes:
    line = ["2026-02-01", "10,00", "P1", "WW-001", "SCHIEDAM", "besluit", ""]
    return csv_bytes([ALLOCATIONS[0]] + [line] * rows)


def test_a_large_file_is_checked_and_written_by_the_worker_with_the_right_counts(office, projects):
    client = Client()
    client.force_login(office)
    response = client.post(
        f"{BASE}/ledger/", {"file": upload_file("groot.csv", big_file()), "ledger_kind": "allocations"}
    )
    upload = Upload.objects.get()
    assert response["Location"].endswith(f"/u/{upload.token}/")
    assert (upload.background, upload.status, upload.rows_total) == (True, UploadStatus.CHECKING, ROWS)
    page = client.get(f"{BASE}/u/{upload.token}/").content.decode()
    assert "<progress" in page and "0 van 2.001 rijen" in page and "Ververs deze pagina" in page
    assert 'hx-trigger="every 2s"' in page
    assert DBTaskResult.objects.count() == 1

    call_command("worker", "--once", verbosity=0)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CHECKED and upload.summary["entries"] == ROWS
    assert LedgerEntry.objects.count() == 0
    page = client.get(f"{BASE}/u/{upload.token}/").content.decode()
    assert "€\u00a020.010,00" in page and "Bevestigen en inlezen" in page
    # the progress part, asked for by htmx, now asks for the whole page again
    part = client.get(f"{BASE}/u/{upload.token}/progress/", HTTP_HX_REQUEST="true")
    assert part.status_code == 204 and part["HX-Refresh"] == "true"

    client.post(f"{BASE}/u/{upload.token}/", {"action": "confirm"})
    upload.refresh_from_db()
    assert upload.status == UploadStatus.WRITING
    assert LedgerEntry.objects.count() == 0  # waiting for the worker
    call_command("worker", "--once", verbosity=0)
    upload.refresh_from_db()
    assert (upload.status, upload.rows_done, upload.rows_total) == (UploadStatus.DONE, ROWS, ROWS)
    assert LedgerEntry.objects.count() == ROWS
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    page = client.get(f"{BASE}/u/{upload.token}/").content.decode()
    assert "Ingelezen" in page and "2001" in page
    assert not (services.upload_folder() / upload.stored_name).exists()


def test_progress_moves_while_the_job_runs_and_the_page_shows_it(office, projects, monkeypatch):
    client = Client()
    client.force_login(office)
    client.post(
        f"{BASE}/ledger/", {"file": upload_file("groot.csv", big_file(4500)), "ledger_kind": "allocations"}
    )
    upload = Upload.objects.get()
    seen = []
    write = services.Progress.write

    def watched(progress):
        write(progress)
        part = client.get(f"{BASE}/u/{upload.token}/progress/", HTTP_HX_REQUEST="true").content.decode()
        seen.append((services.live_progress(Upload.objects.get(pk=upload.pk)), part))

    monkeypatch.setattr(services.Progress, "write", watched)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 0)  # write at every step of the import
    call_command("worker", "--once", verbosity=0)
    done = [d for (d, _total), _part in seen]
    assert done == sorted(done) and done[0] < done[-1]
    assert {total for (_d, total), _part in seen} == {4500}
    assert any("1.000 van 4.500 rijen" in part for _p, part in seen)
    assert any('value="2000"' in part for _p, part in seen)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CHECKED and upload.rows_done == 4500
