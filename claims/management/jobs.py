"""A command's job: run here with a progress bar on stderr when no broker is set, or queued on
Celery and followed (its row polled) until a worker ends it. The bar shows on a terminal, or
anywhere with --progress."""

import time

from django.core.management.base import CommandError
from tqdm import tqdm

from claims import jobs
from claims.models import Job, JobStatus, Project

_POLL_SECONDS = 0.5


def add_progress_argument(parser) -> None:
    parser.add_argument(
        "--progress", action="store_true", help="show the progress bar even when stderr is not a terminal"
    )


class _Unterminated:
    """A command's stderr that writes what tqdm gives it as it is: no newline after each redraw."""

    def __init__(self, output):
        self.output = output

    def write(self, text: str) -> None:
        self.output.write(text, ending="")

    def flush(self) -> None:
        self.output.flush()


def progress_bar(command, options: dict, description: str, total: int = 0) -> tqdm:
    return tqdm(
        total=total,
        file=_Unterminated(command.stderr),
        disable=not (options.get("progress") or command.stderr.isatty()),
        desc=description,
        dynamic_ncols=True,
    )


def run_job_for_command(command, project: Project, kind: str, parameters: dict, options: dict) -> Job:
    """The job run to its end, here or by a worker; a job that failed on a worker is a
    CommandError with its error (one that fails here raises its own)."""
    job = jobs.start_job(project, kind, parameters, in_process=True)
    if jobs.queued_elsewhere():
        command.stderr.write(f"Job {job.pk} queued for a Celery worker.")
    bar = progress_bar(command, options, kind.replace("_", " "))

    def show(done: int, total: int) -> None:
        bar.total, bar.n = total, done
        bar.refresh()

    def note(message: str) -> None:
        if options.get("verbosity", 1) >= 2:
            bar.write(message, file=_Unterminated(command.stdout), end="\n")

    try:
        if jobs.queued_elsewhere():
            job = _follow(job.pk, show)
        else:
            job = jobs.run_job(job.pk, on_change=show, on_note=note)
    finally:
        bar.close()
    if job.status == JobStatus.FAILED:
        raise CommandError(f"job {job.pk} failed: {job.error}")
    return job


def _follow(job_id: int, show) -> Job:
    while True:
        job = Job.objects.get(pk=job_id)
        show(job.done, job.total)
        if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            return job
        time.sleep(_POLL_SECONDS)
