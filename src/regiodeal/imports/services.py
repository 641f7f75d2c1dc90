"""The one flow of every upload: receive (the file waits under a one-time token), check (a dry
run, rolled back), confirm (the token is used once, by its own user), write (the import again,
for real, all-or-nothing), and clean up. A file of more than `BACKGROUND_ROWS` rows is checked
and written by the background worker (`run_upload`); its page reads the state from the
`Upload` row and, while the import's transaction runs, the progress from a small file beside the
upload (a row updated inside that transaction would only be seen when it ends, and on SQLite a
second connection cannot write while the import holds the write lock)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor
from regiodeal.common.storage import write_atomically
from regiodeal.jobs import task

from .kinds import KINDS, Problem, Rejected, Run
from .models import Upload, UploadStatus

logger = logging.getLogger(__name__)

BACKGROUND_ROWS = 2000  # more rows than this: the background worker does it
ABANDONED_AFTER = dt.timedelta(days=1)
PROGRESS_EVERY = 0.5  # seconds between two writes of a background upload's progress
CHECK, WRITE = "check", "write"


class TokenUsed(Exception):
    """The upload was already confirmed (or abandoned, or is not checked yet)."""


def upload_folder() -> Path:
    # REGIODEAL_IMPORTS_DIR: shared by every app server and the worker (docs/deployment.md).
    folder = Path(getattr(settings, "IMPORTS_DIR", None) or Path(settings.DATA_DIR) / "imports")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _path(upload: Upload) -> Path:
    return upload_folder() / upload.stored_name


def _progress_path(upload: Upload) -> Path:
    return upload_folder() / f"{upload.token}.progress"


def count_rows(path: Path) -> int:
    """The rows under the header, counted cheaply (a CSV's line breaks; a sheet's dimension; a
    StatLine .json's objects)."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        from regiodeal.common import limits

        try:
            with path.open("rb") as binary:
                limits.check_xlsx_archive(binary)  # a bomb: the import refuses it, row 0
            workbook = load_workbook(path, read_only=True)
        except Exception:  # not a workbook: the import says so, row 0
            return 0
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.max_row
            if rows is None:
                rows = sum(1 for _row in sheet.iter_rows(values_only=True))
        finally:
            workbook.close()
        return max(rows - 1, 0)
    if path.suffix == ".json":  # a StatLine table: one flat object per row, inside one outer object
        braces = 0
        with path.open("rb") as binary:
            while block := binary.read(1 << 20):
                braces += block.count(b"{")
        return max(braces - 1, 0)
    lines, last = 0, b""
    with path.open("rb") as binary:
        while block := binary.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    if last and last != b"\n":
        lines += 1
    return max(lines - 1, 0)


def upload_receive(*, user, deal, kind: str, uploaded_file, options: dict, language: str) -> Upload:
    """Store the file under a new token, then check it: at once, or in the background."""
    token = secrets.token_urlsafe(32)
    suffix = Path(uploaded_file.name).suffix.lower()
    stored_name = f"{token}{suffix}"
    path = upload_folder() / stored_name
    digest = hashlib.sha256()

    def chunks():
        for chunk in uploaded_file.chunks():
            digest.update(chunk)
            yield chunk

    # Whole or not at all: a full or read-only data folder leaves no 0-byte file.
    write_atomically(path, chunks())
    rows = count_rows(path)
    upload = Upload.objects.create(
        token=token,
        deal=deal,
        user=user,
        kind=kind,
        options=options,
        language=language,
        file_name=Path(uploaded_file.name).name[:300],
        stored_name=stored_name,
        sha256=digest.hexdigest(),
        background=rows > BACKGROUND_ROWS,
        status=UploadStatus.CHECKING,
        rows_total=rows,
    )
    _start(upload, CHECK)
    return upload


def upload_confirm(*, upload: Upload, user) -> Upload:
    """Use the token, once, as its own user: write the checked file (at once or in the background)."""
    taken = Upload.objects.filter(pk=upload.pk, user=user, status=UploadStatus.CHECKED).update(
        status=UploadStatus.WRITING, rows_done=0, updated_at=timezone.now()
    )
    if not taken:
        raise TokenUsed
    upload.refresh_from_db()
    _start(upload, WRITE)
    return upload


def upload_abandon(*, upload: Upload, user) -> bool:
    """The user does not go on: the file is deleted, the token can no longer be used."""
    taken = Upload.objects.filter(pk=upload.pk, user=user, status=UploadStatus.CHECKED).update(
        status=UploadStatus.ABANDONED, finished_at=timezone.now()
    )
    _remove_files(upload)
    return bool(taken)


def _start(upload: Upload, phase: str) -> None:
    if upload.background:
        run_upload.enqueue(upload.pk, phase)
    else:
        upload_run(upload_id=upload.pk, phase=phase)


@dataclass
class Progress:
    """The progress hook handed to an import: rows done so far (and the total, once the import
    knows it), written to the progress file at most twice a second for a background upload."""

    upload: Upload
    done: int = 0
    total: int = 0
    _written: float = 0.0

    def __call__(self, rows: int) -> None:
        self.done += rows
        if self.upload.background and time.monotonic() - self._written >= PROGRESS_EVERY:
            self.write()

    def on_total(self, rows: int) -> None:
        if rows > self.total:  # the import counted more than the first estimate
            self.total = rows
            if self.upload.background:
                self.write()

    def write(self) -> None:
        self._written = time.monotonic()
        path = _progress_path(self.upload)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"done": self.done, "total": self.total}))
        os.replace(temporary, path)


def live_progress(upload: Upload) -> tuple[int, int]:
    """(rows done, rows in all) as the page shows them."""
    done, total = upload.rows_done, upload.rows_total
    if upload.busy:
        try:
            data = json.loads(_progress_path(upload).read_text())
        except (OSError, ValueError):
            data = {}
        done = max(done, int(data.get("done", 0)))
        total = int(data.get("total") or total)
    total = max(total, done)
    return done, total


def upload_run(*, upload_id: int, phase: str) -> Upload:
    """Run the import of an upload: as a dry run (`check`, always rolled back) or for real
    (`write`); either way all-or-nothing, the problems kept for the page."""
    upload = Upload.objects.select_related("deal", "user").get(pk=upload_id)
    expected = UploadStatus.CHECKING if phase == CHECK else UploadStatus.WRITING
    if upload.status != expected:
        return upload  # a job run twice, or abandoned meanwhile
    kind = KINDS[upload.kind]
    progress = Progress(upload, total=upload.rows_total)
    user = upload.user
    actor = Actor(user=user, label=user.get_username(), source="worker" if upload.background else "upload")
    summary, problems = {}, []
    with translation.override(upload.language):
        try:
            path = _path(upload)
            if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != upload.sha256:
                raise Rejected(
                    [Problem(0, "", _("Het bestand is niet meer beschikbaar; lees het opnieuw in."))]
                )
            run = Run(
                actor=actor,
                deal=upload.deal,
                path=path,
                file_name=upload.file_name,
                options=upload.options,
                progress=progress,
                on_total=progress.on_total,
            )
            with transaction.atomic():
                summary = kind.run(run)
                if phase == CHECK:
                    transaction.set_rollback(True)  # a dry run: nothing is written
        except Rejected as exc:
            problems = [p.as_dict() for p in exc.problems]
        except Exception:
            logger.exception("import %s (%s) of %s failed", upload.pk, upload.kind, upload.file_name)
            problems = [
                Problem(
                    0, "", _("Het inlezen liep vast door een fout in het platform; er is niets ingelezen.")
                ).as_dict()
            ]
    problems.sort(key=lambda p: (p["row"], p["column"]))
    if problems:
        status = UploadStatus.REJECTED if phase == CHECK else UploadStatus.FAILED
    else:
        status = UploadStatus.CHECKED if phase == CHECK else UploadStatus.DONE
    total = max(progress.total or upload.rows_total, progress.done)
    Upload.objects.filter(pk=upload.pk).update(
        status=status,
        summary=summary,
        problems=problems[: settings.REGIODEAL_IMPORT_SHOWN_PROBLEMS],
        problem_count=len(problems),
        rows_total=total,
        rows_done=total if not problems else progress.done,
        finished_at=timezone.now() if status != UploadStatus.CHECKED else None,
        updated_at=timezone.now(),
    )
    if status != UploadStatus.CHECKED:
        _remove_files(upload)  # written, or refused: the file is not needed any more
    else:
        _progress_path(upload).unlink(missing_ok=True)
    upload.refresh_from_db()
    return upload


@task()
def run_upload(upload_id: int, phase: str) -> str:
    """The background job of an upload of more than 2,000 rows: `upload_run`. Returns its status.
    It lives beside the service that enqueues it, so services and jobs import no cycle."""
    return upload_run(upload_id=upload_id, phase=phase).status


def _remove_files(upload: Upload) -> None:
    _path(upload).unlink(missing_ok=True)
    _progress_path(upload).unlink(missing_ok=True)


def uploads_abandoned_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files of uploads left waiting for more than a day (checked and never confirmed,
    or stuck), and any file in the folder that no upload knows. Returns how many uploads."""
    now = now or timezone.now()
    stale = Upload.objects.filter(
        created_at__lt=now - ABANDONED_AFTER,
        status__in=[UploadStatus.CHECKED, UploadStatus.CHECKING, UploadStatus.WRITING],
    )
    count = 0
    for upload in stale:
        if upload.status == UploadStatus.WRITING and upload.updated_at > now - ABANDONED_AFTER:
            continue
        _remove_files(upload)
        Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.ABANDONED, finished_at=now)
        count += 1
    known = set(
        Upload.objects.filter(
            status__in=[UploadStatus.CHECKED, UploadStatus.CHECKING, UploadStatus.WRITING]
        ).values_list("token", flat=True)
    )
    cutoff = (now - ABANDONED_AFTER).timestamp()
    for path in upload_folder().iterdir():
        token = path.name.split(".", 1)[0]
        if token not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
    return count
