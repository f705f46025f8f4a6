"""Jobs on the Celery path: a real worker process on the local Redis runs what the API and a
management command queue, on the test database."""

import os
import subprocess
import sys
import threading
import time

import pytest
import redis
from django.db import connection
from rest_framework.test import APIClient

from annotator.celery import app as celery_app
from claims.models import Claim, Document, Job, Role
from tests.factories import DocumentFactory, MembershipFactory
from tests.management.helpers import run
from tests.management.test_import_documents import SEEDS

pytestmark = pytest.mark.django_db(transaction=True)

BROKER = "redis://127.0.0.1:6379/15"  # a database of its own on the local Redis


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def worker(settings):
    """A Celery worker in a process of its own, and this process sending to the same broker."""
    redis.Redis.from_url(BROKER).flushdb()
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": BROKER}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "annotator", "worker", "--pool", "solo", "--loglevel", "INFO"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    for line in process.stderr:  # the worker says when it is ready
        if "ready." in line:
            break
        assert time.monotonic() < deadline, "the Celery worker did not start within a minute"
    else:
        raise AssertionError(f"the Celery worker stopped: exit {process.wait()}")
    settings.CELERY_BROKER_URL = BROKER
    previous_broker, celery_app.conf.broker_url = celery_app.conf.broker_url, BROKER
    yield process
    celery_app.conf.broker_url = previous_broker
    process.terminate()
    process.wait(timeout=30)
    redis.Redis.from_url(BROKER).flushdb()


def wait_for(job_id: int, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if job.status in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job.status} after {seconds} s")


def test_a_job_started_through_the_api_runs_on_the_worker(worker):
    document = DocumentFactory(text="Officials said the bridge was repaired on Monday.")
    reviewer = MembershipFactory(project=document.project, role=Role.REVIEWER).user
    client = APIClient()
    client.force_authenticate(reviewer)
    threads = threading.active_count()
    started = client.post(
        "/api/jobs/", {"project": document.project_id, "kind": "suggest_project"}, format="json"
    )
    assert started.status_code == 202
    assert threading.active_count() == threads  # queued for the worker: no thread runs it here
    job = wait_for(started.json()["id"])
    assert (job.status, job.done, job.total, job.error) == ("succeeded", 1, 1, "")
    assert job.result["created"] == Claim.objects.filter(document=document, status="suggested").count() > 0


def test_the_import_command_queues_its_job_and_follows_it(worker):
    out, err = run("import_documents", str(SEEDS), project="seeds", progress=True)
    job = Job.objects.get(kind="import_documents")
    assert f"Job {job.pk} queued for a Celery worker." in err
    assert "import documents: 100%" in err and "5/5" in err  # five files
    assert "(14 new, 0 already present, 0 files skipped)" in out
    assert (job.status, job.done, job.total) == ("succeeded", 5, 5)
    assert Document.objects.filter(project__slug="seeds").count() == 14
