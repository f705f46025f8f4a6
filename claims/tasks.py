"""Celery tasks: a job queued by claims.jobs.start_job, run by a worker
(``celery -A annotator worker``)."""

from celery import shared_task

from claims import jobs


@shared_task(ignore_result=True)
def run_job_task(job_id: int) -> None:
    jobs.run_job(job_id)
