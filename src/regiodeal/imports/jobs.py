"""The upload's background jobs: a large file's check and write, and the daily clean-up."""

from __future__ import annotations

from regiodeal.jobs import task
from regiodeal.jobs.schedule import daily


@task()
def run_upload(upload_id: int, phase: str) -> str:
    """Check or write an upload of more than 2,000 rows (services.upload_run). Returns its status."""
    from .services import upload_run

    return upload_run(upload_id=upload_id, phase=phase).status


@daily("purge-abandoned-uploads", hour=4)
@task()
def purge_abandoned_uploads() -> int:
    """Delete the files of uploads nobody confirmed within a day."""
    from .services import uploads_abandoned_purge

    return uploads_abandoned_purge()
