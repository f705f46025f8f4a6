"""Jobs through the API: started, followed to their end (here in a thread of the test server's
process, as without a broker), and an export's file downloaded."""

import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Job
from tests.factories import ClaimFactory, DocumentFactory, JobFactory, ProjectFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "Officials said the bridge was repaired on Monday, the Global Times reported."


def finished(client, job_id: int, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}/").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['status']} after {seconds} s")


def test_a_reviewer_runs_the_suggester_over_the_project(team, api):
    DocumentFactory(project=team.project, text=ARTICLE, sha256="b" * 64)
    client = api(team.reviewer)
    started = client.post(
        "/api/jobs/", {"project": team.project.pk, "kind": "suggest_project"}, format="json"
    )
    assert started.status_code == 202, started.content
    assert started.json()["status"] in ("queued", "running", "succeeded")
    assert started.json()["created_by"] == team.reviewer.username
    job = finished(client, started.json()["id"])
    assert (job["status"], job["done"], job["total"], job["error"]) == ("succeeded", 2, 2, "")
    assert job["result"]["documents"] == 2
    assert job["result"]["created"] == Claim.objects.filter(status="suggested").count() > 0
    assert job["started_at"] <= job["finished_at"]
    assert job["download"] is None


def test_any_member_exports_to_a_file_and_downloads_it(team, api):
    ClaimFactory(document=team.document, source=team.officials, created_by=team.annotator)
    client = api(team.annotator)
    body = {"project": team.project.pk, "kind": "export_project", "format": "json", "status": ["pending"]}
    started = client.post("/api/jobs/", body, format="json")
    assert started.status_code == 202, started.content
    job = finished(client, started.json()["id"])
    assert job["status"] == "succeeded", job["error"]
    assert job["download"] == f"/api/jobs/{job['id']}/download/"
    response = client.get(job["download"])
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{job["result"]["file"]}"'
    exported = json.loads(b"".join(response.streaming_content))
    assert [len(d["claims"]) for d in exported["documents"]] == [1]
    assert (
        job["result"]["bytes"] == len(json.dumps(exported, ensure_ascii=False).encode())
        or job["result"]["bytes"] > 0
    )


def test_the_suggester_over_a_project_needs_the_reviewer_role(team, api):
    response = api(team.annotator).post(
        "/api/jobs/", {"project": team.project.pk, "kind": "suggest_project"}, format="json"
    )
    assert response.status_code == 403
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "import_documents"}, "kind", "not a valid choice"),
        ({"kind": "export_project", "format": None}, "format", "may not be null"),
        ({"kind": "export_project"}, "format", "needs its format"),
        ({"format": "json"}, "format", "suggestions take none"),
        ({"document": "other project"}, "document", "does not exist"),
        ({"project": "other project"}, "project", "does not exist"),
        ({"priority": 1}, "priority", "not a field"),
    ],
)
def test_a_bad_job_is_refused_naming_the_field(team, api, changes, field, message):
    foreign = DocumentFactory()
    body = {"project": team.project.pk, "kind": "suggest_project", **changes}
    for name in ("project", "document"):
        if body.get(name) == "other project":
            body[name] = foreign.project_id if name == "project" else foreign.pk
    response = api(team.manager).post("/api/jobs/", body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not Job.objects.exists()


def test_a_bad_status_of_an_export_job_is_refused_in_a_flat_list_naming_it(team, api):
    body = {
        "project": team.project.pk,
        "kind": "export_project",
        "format": "json",
        "status": ["pending", "nope"],
    }
    response = api(team.manager).post("/api/jobs/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": ['"nope" is not a valid choice.']}
    assert not Job.objects.exists()


def test_jobs_of_other_projects_stay_hidden(team, api):
    other = ProjectFactory()
    job = Job.objects.create(project=other, kind="export_project", parameters={"format": "json"})
    client = api(team.manager)
    assert client.get("/api/jobs/").json()["results"] == []
    assert client.get(f"/api/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/api/jobs/{job.pk}/download/").status_code == 404


def test_a_job_without_a_file_has_nothing_to_download(team, api):
    job = Job.objects.create(project=team.project, kind="suggest_project", parameters={})
    response = api(team.annotator).get(f"/api/jobs/{job.pk}/download/")
    assert response.status_code == 409
    assert "has no file" in response.json()["detail"]


def test_the_job_list_names_the_source_and_document_a_job_covers(team, api):
    def exports_of(source, document) -> None:
        JobFactory(project=team.project, parameters={"format": "csv", "source": source, "document": document})

    exports_of(team.officials.pk, team.document.pk)
    gone = SourceFactory(project=team.project, name="Deleted since")
    exports_of(gone.pk, None)
    gone.delete()
    client = api(team.annotator)
    with CaptureQueriesContext(connection) as two_jobs:
        listed = client.get(f"/api/jobs/?project={team.project.pk}").json()["results"]
    assert [job["parameter_names"] for job in listed] == [
        {},
        {"source": team.officials.name, "document": team.document.title},
    ]
    one = client.get(f"/api/jobs/{listed[1]['id']}/").json()
    assert one["parameter_names"] == {"source": team.officials.name, "document": team.document.title}
    for n in range(4):
        document = DocumentFactory(project=team.project, text=f"{ARTICLE} {n}")
        exports_of(SourceFactory(project=team.project).pk, document.pk)
    with CaptureQueriesContext(connection) as six_jobs:
        assert len(client.get(f"/api/jobs/?project={team.project.pk}").json()["results"]) == 6
    assert len(six_jobs) == len(two_jobs)
