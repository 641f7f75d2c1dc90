"""The upload's daily clean-up. (The background check and write of a large file, `run_upload`,
lives in services.py beside `upload_run`, which it runs.)"""

from __future__ import annotations

from regiodeal.jobs import task
from regiodeal.jobs.schedule import daily

from .services import uploads_abandoned_purge


@daily("purge-abandoned-uploads", hour=4)
@task()
def purge_abandoned_uploads() -> int:
    """Delete the files of uploads nobody confirmed within a day."""
    return uploads_abandoned_purge()
