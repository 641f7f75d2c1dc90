"""The PDFs of a submitted report, rendered by the background worker, never in a web request.

Submitting a report (Art. 7.3) freezes its structures at once (`services.report_submit`); a
corrected public edition (Art. 10.1, `editions.py`) is frozen the same way. Laying out the
30-50 A4 pages with their data takes most of a second, and a web request waits on nothing that
long (nor on the start of the typesetter, which a worker pays once), so the PDFs are made afterwards:

1. the freezing service calls `frozen_render_later(report)`, which enqueues the job
   `render_frozen_report` when its transaction commits;
2. `regiodeal worker` (started by `regiodeal serve`) runs it: `frozen_render(report)` renders,
   in Dutch (the covenant's language), every frozen PDF of that report still empty: the
   internal and public version of the snapshot and each public edition. Each is written once,
   only where still empty, so a job that runs twice changes nothing; the SHA-256 of each PDF is
   recorded with it and in the audit trail (`reporting.report.rendered`);
3. until then, the report's pages say that the PDF is being made and show the structure
   (`selectors.frozen_pdf` answers None; the public sees no checksum yet).

`regiodeal report-render` renders what is waiting without a worker (for an operator, a test).

A report that is not frozen (a draft the Parties comment on; the internal version as a third
party may read it, Art. 10.1) changes with the data. Its PDF is made the same way, per audience,
language and reader (`PdfRendering`), for the deal's data version it was asked at
(`draft_pdf`): a download finds the current file, or asks the worker for it (once per version:
the asking is debounced) and answers with the waiting page, which offers the previous file with
its time and a progress bar measured on the previous rendering.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from regiodeal.audit.services import Actor, audit_record
from regiodeal.jobs import task

from .models import PdfRendering, PublicEdition, Report, ReportSnapshot

logger = logging.getLogger(__name__)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def structure_sha256(structure: dict) -> str:
    """The checksum of a frozen structure (canonical JSON): recorded when it is frozen, before
    its PDF exists."""
    return sha256(json.dumps(structure, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))


def frozen_render_later(report: Report) -> None:
    """Have the worker render the report's frozen PDFs once the current transaction commits."""
    report_id = report.pk
    transaction.on_commit(lambda: render_frozen_report.enqueue(report_id))


def _pdf(structure: dict) -> bytes:
    from .renderers import render_pdf

    with override("nl"):
        return render_pdf(structure)


def frozen_render(report: Report, *, actor: Actor | None = None) -> int:
    """Render every frozen PDF of `report` that is still empty. Returns how many were made."""
    actor = actor or Actor.worker("render-report")
    made = 0
    snapshot = ReportSnapshot.objects.filter(report=report, internal_sha256="").first()
    if snapshot is not None:
        started = time.monotonic()
        internal, public = _pdf(snapshot.internal), _pdf(snapshot.public)
        now = timezone.now()
        filled = ReportSnapshot.objects.filter(pk=snapshot.pk, internal_sha256="").update(
            internal_pdf=internal,
            public_pdf=public,
            internal_sha256=sha256(internal),
            public_sha256=sha256(public),
            rendered_at=now,
        )
        if filled:
            made += 2
            # Edition 1 is the public version as frozen: the same bytes.
            PublicEdition.objects.filter(report=report, number=1, sha256="").update(
                pdf=public, sha256=sha256(public)
            )
            audit_record(
                actor=actor,
                action="reporting.report.rendered",
                obj=snapshot,
                deal_slug=report.deal.slug,
                summary=f"{report}: internal PDF {sha256(internal)}, public PDF {sha256(public)}",
                after={
                    "internal_sha256": sha256(internal),
                    "public_sha256": sha256(public),
                    "seconds": round(time.monotonic() - started, 1),
                },
            )
    for edition in PublicEdition.objects.filter(report=report, sha256="").order_by("number"):
        pdf = _pdf(edition.structure)
        if PublicEdition.objects.filter(pk=edition.pk, sha256="").update(pdf=pdf, sha256=sha256(pdf)):
            made += 1
            audit_record(
                actor=actor,
                action="reporting.edition.rendered",
                obj=edition,
                deal_slug=report.deal.slug,
                summary=f"{edition}: PDF {sha256(pdf)}",
                after={"sha256": sha256(pdf)},
            )
    return made


def frozen_waiting() -> list[Report]:
    """The submitted reports with a frozen PDF still to render."""
    ids = set(ReportSnapshot.objects.filter(internal_sha256="").values_list("report_id", flat=True))
    ids |= set(PublicEdition.objects.filter(sha256="").values_list("report_id", flat=True))
    return list(Report.objects.filter(pk__in=ids).select_related("deal").order_by("deal__slug", "year"))


@task()
def render_frozen_report(report_id: int) -> int:
    """The job: render the frozen PDFs of one submitted report (see the module's docstring)."""
    report = Report.objects.select_related("deal").filter(pk=report_id).first()
    if report is None:
        return 0
    made = frozen_render(report)
    logger.info("rendered %s frozen PDF(s) of report %s", made, report_id)
    return made


class PdfWaiting(Exception):
    """The PDF is being made by the worker; `previous` is the last one made, if any."""

    def __init__(self, rendering: PdfRendering | None = None):
        super().__init__("the PDF is being rendered")
        self.rendering = rendering

    @property
    def previous(self) -> PdfRendering | None:
        return self.rendering if self.rendering is not None and self.rendering.made_at else None


def _reader_key(hidden: list) -> str:
    return ",".join(str(pk) for pk in sorted(c.pk for c in hidden))


def draft_pdf(report: Report, audience: str, language: str, hidden: list) -> bytes:
    """The PDF of a report that is not frozen, as rendered for the deal's current data version;
    PdfWaiting (with the previous file) while the worker renders it. Asking twice for the same
    version enqueues one job."""
    from regiodeal.common.dataversion import deal_data_version

    version = deal_data_version(report.deal)
    rendering, _new = PdfRendering.objects.get_or_create(
        report=report, audience=audience, language=language, reader=_reader_key(hidden)
    )
    if rendering.version == version and rendering.pdf is not None:
        return bytes(rendering.pdf)
    asked = PdfRendering.objects.filter(pk=rendering.pk).exclude(wanted=version)
    if asked.update(wanted=version, wanted_at=timezone.now()):
        rendering_id = rendering.pk
        transaction.on_commit(lambda: render_reader_pdf.enqueue(rendering_id))
        rendering.refresh_from_db()
    raise PdfWaiting(rendering)


def reader_render(rendering: PdfRendering) -> bool:
    """Render `rendering` from the data as it is now (the job, and the tests). False when it is
    current already."""
    from regiodeal.common.dataversion import deal_data_version
    from regiodeal.disclosure.models import Confidentiality

    from .redaction import for_third_party
    from .renderers import render_pdf
    from .selectors import report_document

    report = rendering.report
    version = deal_data_version(report.deal)
    if rendering.version == version and rendering.pdf is not None:
        return False
    started = time.monotonic()
    ids = [int(pk) for pk in rendering.reader.split(",") if pk]
    with override(rendering.language):
        structure = report_document(report, rendering.audience)
        if ids:
            hidden = list(Confidentiality.objects.filter(pk__in=ids))
            structure = for_third_party(structure, report.deal, hidden)
        pdf = render_pdf(structure)
    PdfRendering.objects.filter(pk=rendering.pk).update(
        pdf=pdf, version=version, made_at=timezone.now(), seconds=round(time.monotonic() - started, 1)
    )
    return True


def readers_waiting() -> list[PdfRendering]:
    """The renderings asked for a version they do not hold yet."""
    renderings = PdfRendering.objects.select_related("report__deal").exclude(wanted="")
    return [r for r in renderings if r.wanted != r.version]


@task()
def render_reader_pdf(rendering_id: int) -> bool:
    """The job: render a draft's (or a third party's) PDF for the data as it is now."""
    rendering = PdfRendering.objects.select_related("report__deal").filter(pk=rendering_id).first()
    return reader_render(rendering) if rendering is not None else False
