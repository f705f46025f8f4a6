"""Long work over a project as jobs: importing files, suggesting claims for every document,
exporting to a file. Each kind is one function registered in RUNNERS; it does its work
through claims.services (whose transactions keep every document whole) and reports progress.

``start_job`` records the job and hands it on: to a Celery worker when CELERY_BROKER_URL is
set, else to a thread of this process, so the quickstart needs no broker. A management command
runs the job itself (``run_job`` in its own process) unless a broker is set. Progress is
written to the job's row, at most a few times a second: the pages poll it, and a command's
progress bar follows it.
"""

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from claims import services
from claims.exports import FORMATS, ExportQuery, export, write_file
from claims.ingest import UnreadableFile, iter_input_files, read_articles
from claims.models import Job, JobKind, JobStatus, Project

logger = logging.getLogger(__name__)
_WRITE_EVERY_SECONDS = 0.25


@dataclass
class Progress:
    """done out of total, written to the job's row when a quarter second has passed or the
    work is done. A command running the job hears every step (on_change, its progress bar)
    and every note about an item (on_note)."""

    job_id: int
    on_change: Callable[[int, int], None] | None = None
    on_note: Callable[[str], None] | None = None
    done: int = 0
    total: int = 0
    _written_at: float = 0.0

    def start(self, total: int) -> None:
        self.total = total
        self._write()

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        if self.done == self.total or time.monotonic() - self._written_at >= _WRITE_EVERY_SECONDS:
            self._write()

    def note(self, message: str) -> None:
        """A line about one item, for the log and a command that runs the job."""
        logger.info("job %s: %s", self.job_id, message)
        if self.on_note is not None:
            self.on_note(message)

    def _write(self) -> None:
        Job.objects.filter(pk=self.job_id).update(done=self.done, total=self.total)
        self._written_at = time.monotonic()
        if self.on_change is not None:
            self.on_change(self.done, self.total)


Runner = Callable[[Job, Progress], dict]
RUNNERS: dict[str, Runner] = {}


def runs(kind: str):
    def register(runner: Runner) -> Runner:
        RUNNERS[kind] = runner
        return runner

    return register


def start_job(project: Project, kind: str, parameters: dict, *, actor=None, in_process: bool = False) -> Job:
    """Record a queued job and hand it to a worker (or a thread) once the record is committed.
    in_process: the caller runs it with run_job unless a broker is set (a management command)."""
    if kind not in RUNNERS:
        raise ValueError(f"unknown job kind {kind!r}; expected one of {', '.join(RUNNERS)}")
    job = Job.objects.create(project=project, kind=kind, parameters=parameters, created_by=actor)
    if settings.CELERY_BROKER_URL:
        from claims.tasks import run_job_task

        transaction.on_commit(lambda: run_job_task.delay(job.pk))
    elif not in_process:
        thread = threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True)
        transaction.on_commit(thread.start)
    return job


def queued_elsewhere() -> bool:
    """Whether start_job hands jobs to a Celery worker rather than to the caller."""
    return bool(settings.CELERY_BROKER_URL)


def _run_in_thread(job_id: int) -> None:
    with contextlib.suppress(Exception):  # run_job logged it and stored it on the job
        run_job(job_id)
    connection.close()  # the thread's own


def run_job(
    job_id: int,
    on_change: Callable[[int, int], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Job:
    """Run a queued job to its end and return it; a job another worker took is left alone.
    A failure is stored on the job and raised again."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.select_related("project", "created_by").get(pk=job_id)
    if not claimed:
        return job
    progress = Progress(job.pk, on_change, on_note)
    try:
        result = RUNNERS[job.kind](job, progress)
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=f"{type(error).__name__}: {error}", done=progress.done)
        raise
    _finish(job, JobStatus.SUCCEEDED, result=result, done=progress.total)
    return job


def _finish(job: Job, status: str, *, done: int, result: dict | None = None, error: str = "") -> None:
    job.status, job.result, job.error, job.finished_at = status, result, error, timezone.now()
    job.done = done
    job.save(update_fields=["status", "result", "error", "finished_at", "done"])


@runs(JobKind.IMPORT_DOCUMENTS)
def import_documents(job: Job, progress: Progress) -> dict:
    """parameters: {"paths": [file or folder, ...]} on the server. Each file is stored whole or
    not at all; a file already imported is found present, so a re-run completes a cut one."""
    files = list(iter_input_files([Path(path) for path in job.parameters["paths"]]))
    progress.start(len(files))
    imported = present = 0
    skipped = []
    for path in files:
        try:
            articles = read_articles(path)
        except UnreadableFile as error:
            skipped.append(f"{path}: {error}")
        else:
            result = services.import_articles(
                job.project, articles, source_file=str(path), actor=job.created_by
            )
            imported += len(result.imported)
            present += result.already_present
        progress.advance()
    return {"files": len(files), "imported": imported, "already_present": present, "skipped": skipped}


@runs(JobKind.SUGGEST_PROJECT)
def suggest_project(job: Job, progress: Progress) -> dict:
    """parameters: {"document": id} for one document, {} for all of the project's not yet
    adjudicated (an adjudicated document takes no new claims)."""
    documents = job.project.documents.filter(adjudicated_at__isnull=True).defer("raw").order_by("id")
    if job.parameters.get("document") is not None:
        documents = documents.filter(pk=job.parameters["document"])
    progress.start(documents.count())
    sums, modes = services.SuggestionReport(mode=""), set()
    for document in documents.iterator(chunk_size=100):
        report = services.suggest_for_document(document, actor=job.created_by)
        sums.add(report)
        modes.add(report.mode)
        progress.note(
            f"Document {document.pk} {document.title[:60]!r}: {report.created} suggested, "
            f"{report.replaced} replaced, {report.skipped} skipped, "
            f"{report.new_sources} new sources, {report.dropped_sources} dropped."
        )
        progress.advance()
    return {**sums.as_dict(), "mode": " and ".join(sorted(modes)) or "none", "documents": progress.total}


@runs(JobKind.EXPORT_PROJECT)
def export_project(job: Job, progress: Progress) -> dict:
    """parameters: {"format", "status": [...], "source", "document", "base_url"}; the file is
    written beside its final name and put in place when whole."""
    parameters = job.parameters
    export_format = FORMATS[parameters["format"]]
    query = ExportQuery(
        project=job.project,
        statuses=tuple(parameters.get("status", ())),
        source_id=parameters.get("source"),
        document_id=parameters.get("document"),
        base_url=parameters.get("base_url", ExportQuery.base_url),
        on_batch=progress.advance,
    )
    progress.start(query.document_total())
    path = export_file(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, export(query, export_format.name))
    return {"file": path.name, "bytes": path.stat().st_size, "media_type": export_format.media_type}


def export_file(job: Job) -> Path:
    extension = FORMATS[job.parameters["format"]].extension
    return Path(settings.JOB_FILES_DIR) / f"{job.project.slug}-job{job.pk}.{extension}"
