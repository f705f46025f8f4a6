"""Assigning documents to annotators, and blind mode: annotators see only their own claims on
a document until it is adjudicated."""

import pytest
from django.utils import timezone

from claims import jobs
from claims.models import Assignment, AuditEvent, Document, Job
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_manager_assigns_a_document_to_two_annotators(team, api):
    url = f"/api/documents/{team.document.pk}/assign/"
    names = [team.annotator.username, team.second_annotator.username]
    response = api(team.manager).post(url, {"annotators": names}, format="json")
    assert response.status_code == 200
    assert response.json()["annotators"] == sorted(names)
    listed = api(team.annotator).get("/api/documents/", {"project": team.project.pk}).json()["results"]
    assert listed[0]["annotators"] == sorted(names)
    event = AuditEvent.objects.get(action="document.assigned")
    assert (event.actor, event.after) == (team.manager, {"annotators": sorted(names)})
    # again: nothing new, no second audit row
    assert api(team.manager).post(url, {"annotators": names[:1]}, format="json").status_code == 200
    assert AuditEvent.objects.filter(action="document.assigned").count() == 1

    removed = api(team.manager).delete(f"{url}{team.second_annotator.username}/")
    assert removed.status_code == 204
    assert api(team.manager).delete(f"{url}{team.second_annotator.username}/").status_code == 404
    assert api(team.annotator).get(f"/api/documents/{team.document.pk}/").json()["annotators"] == [
        team.annotator.username
    ]


@pytest.mark.parametrize(
    ("names", "message"),
    [(["outsider"], "not members of the project: outsider"), (["nobody"], "no user nobody"), ([], "")],
)
def test_only_members_are_assigned(team, api, names, message):
    UserFactory(username="outsider")
    response = api(team.manager).post(
        f"/api/documents/{team.document.pk}/assign/", {"annotators": names}, format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()["annotators"])
    assert not Document.objects.get(pk=team.document.pk).assignments.exists()


def test_an_adjudicated_document_takes_no_new_annotators_but_gives_one_back(team, api):
    url = f"/api/documents/{team.document.pk}/assign/"
    manager = api(team.manager)
    assert manager.post(url, {"annotators": [team.annotator.username]}, format="json").status_code == 200
    assert api(team.reviewer).post(f"/api/documents/{team.document.pk}/adjudicate/").status_code == 200
    audit_rows = AuditEvent.objects.count()

    refused = manager.post(url, {"annotators": [team.second_annotator.username]}, format="json")
    assert refused.status_code == 409
    assert refused.json() == {
        "detail": f"document {team.document.pk} has been adjudicated: it is closed and takes no new annotators"
    }
    assert list(Assignment.objects.values_list("user", flat=True)) == [team.annotator.pk]
    assert AuditEvent.objects.count() == audit_rows

    # taking work back stays allowed: it only ends an annotator's part in the closed document
    assert manager.delete(f"{url}{team.annotator.username}/").status_code == 204
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.filter(action="document.unassigned").count() == 1


def test_annotators_do_not_assign(team, api):
    response = api(team.annotator).post(
        f"/api/documents/{team.document.pk}/assign/", {"annotators": [team.annotator.username]}, format="json"
    )
    assert response.status_code == 403


@pytest.fixture
def blind(team, api):
    assert (
        api(team.manager)
        .patch(f"/api/projects/{team.project.pk}/", {"blind": True}, format="json")
        .json()["blind"]
    )
    own = ClaimFactory(document=team.document, created_by=team.annotator, source=team.officials)
    other = ClaimFactory(document=team.document, created_by=team.second_annotator, source=team.officials)
    machine = ClaimFactory(
        document=team.document, created_by=None, origin="machine", status="suggested", source=team.officials
    )
    return own, other, machine


def test_in_a_blind_project_an_annotator_sees_only_their_own_claims_and_suggestions(team, api, blind):
    own, other, machine = blind

    def ids(user) -> set[int]:
        return {claim["id"] for claim in api(user).get("/api/claims/").json()["results"]}

    assert ids(team.annotator) == {own.pk, machine.pk}
    assert ids(team.second_annotator) == {other.pk, machine.pk}
    assert ids(team.reviewer) == ids(team.manager) == {own.pk, other.pk, machine.pk}
    assert api(team.annotator).get(f"/api/claims/{other.pk}/").status_code == 404
    assert api(team.annotator).get(f"/api/claims/{other.pk}/history/").status_code == 404
    assert AuditEvent.objects.get(action="project.updated").after["blind"] is True


def test_in_a_blind_project_document_counts_are_of_the_claims_the_user_sees(team, api, blind):
    def counts(user) -> tuple[int, int]:
        (listed,) = api(user).get("/api/documents/", {"project": team.project.pk}).json()["results"]
        shown = api(user).get(f"/api/documents/{team.document.pk}/").json()
        assert (shown["claim_count"], shown["pending_count"]) == (
            listed["claim_count"],
            listed["pending_count"],
        )
        return listed["claim_count"], listed["pending_count"]

    assert counts(team.annotator) == counts(team.second_annotator) == (2, 1)  # their own and the machine's
    assert counts(team.reviewer) == (3, 2)
    Document.objects.filter(pk=team.document.pk).update(
        adjudicated_at=timezone.now(), adjudicated_by=team.reviewer
    )
    assert counts(team.annotator) == (3, 2)


def test_once_adjudicated_the_document_shows_every_claim(team, api, blind):
    own, other, machine = blind
    Document.objects.filter(pk=team.document.pk).update(
        adjudicated_at=timezone.now(), adjudicated_by=team.reviewer
    )
    listed = {c["id"] for c in api(team.annotator).get("/api/claims/").json()["results"]}
    assert listed == {own.pk, other.pk, machine.pk}


def test_in_a_blind_project_annotators_do_not_export(team, api, blind):
    url = f"/api/projects/{team.project.pk}/export/?format=jsonl"
    refused = api(team.annotator).get(url)
    assert refused.status_code == 403 and "blind" in refused.json()["detail"]
    assert api(team.reviewer).get(url).status_code == 200
    job = api(team.annotator).post(
        "/api/jobs/", {"project": team.project.pk, "kind": "export_project", "format": "json"}, format="json"
    )
    assert job.status_code == 403


def test_in_a_blind_project_an_annotator_cannot_download_anothers_export(
    team, api, blind, settings, tmp_path
):
    settings.JOB_FILES_DIR = tmp_path
    job = jobs.start_job(
        team.project, "export_project", {"format": "jsonl"}, actor=team.manager, in_process=True
    )
    jobs.run_job(job.pk)
    assert Job.objects.get(pk=job.pk).status == "succeeded"

    listed = api(team.annotator).get(f"/api/jobs/{job.pk}/").json()
    assert listed["download"] is None
    refused = api(team.annotator).get(f"/api/jobs/{job.pk}/download/")
    assert refused.status_code == 403 and "blind" in refused.json()["detail"]

    assert (
        api(team.reviewer).get(f"/api/jobs/{job.pk}/").json()["download"] == f"/api/jobs/{job.pk}/download/"
    )
    downloaded = api(team.reviewer).get(f"/api/jobs/{job.pk}/download/")
    assert downloaded.status_code == 200
    assert len(b"".join(downloaded.streaming_content).splitlines()) == 3  # every claim


def test_the_annotate_page_draws_only_what_the_annotator_may_see(team, client, blind):
    own, _, machine = blind
    client.force_login(team.annotator)
    page = client.get(f"/documents/{team.document.pk}/")
    drawn = {claim["id"] for claim in page.context["page_data"]["claims"]}
    assert drawn == {own.pk, machine.pk}


def test_the_project_page_offers_exports_to_annotators_only_when_not_blind(team, client, blind):
    client.force_login(team.annotator)
    page = client.get(f"/projects/{team.project.pk}/").content.decode()
    assert "Export to a file" not in page

    client.force_login(team.reviewer)
    assert "Export to a file" in client.get(f"/projects/{team.project.pk}/").content.decode()


def reject(client, claim):
    return client.post(
        f"/api/claims/{claim.pk}/review/", {"verdict": "reject", "version": claim.version}, format="json"
    )


def test_in_a_blind_project_a_suggestion_another_annotator_rejected_is_hidden(team, api, blind):
    own, other, rejected = blind
    still_open = ClaimFactory(
        document=team.document, created_by=None, origin="machine", status="suggested", source=team.officials
    )
    answer = reject(api(team.annotator), rejected)
    assert answer.status_code == 200 and answer.json()["status"] == "rejected"  # the rejecter sees it

    def ids(user) -> set[int]:
        return {claim["id"] for claim in api(user).get("/api/claims/").json()["results"]}

    assert ids(team.annotator) == {own.pk, rejected.pk, still_open.pk}
    assert ids(team.second_annotator) == {other.pk, still_open.pk}  # the colleague's verdict stays hidden
    assert ids(team.reviewer) == ids(team.manager) == {own.pk, other.pk, rejected.pk, still_open.pk}
    assert api(team.second_annotator).get(f"/api/claims/{rejected.pk}/").status_code == 404
    assert api(team.reviewer).get(f"/api/claims/{rejected.pk}/").json()["status"] == "rejected"
    (listed,) = (
        api(team.second_annotator).get("/api/documents/", {"project": team.project.pk}).json()["results"]
    )
    assert listed["claim_count"] == 2


def test_in_a_blind_project_a_suggestion_another_annotator_accepted_is_hidden(team, api, blind):
    own, other, machine = blind
    answer = api(team.annotator).post(
        f"/api/claims/{machine.pk}/accept/", {"version": machine.version}, format="json"
    )
    assert answer.status_code == 200
    assert {c["id"] for c in api(team.second_annotator).get("/api/claims/").json()["results"]} == {other.pk}
    assert {c["id"] for c in api(team.annotator).get("/api/claims/").json()["results"]} == {
        own.pk,
        machine.pk,
    }


def test_a_reopened_suggestion_stays_hidden_from_annotators_who_did_not_decide_it(team, api, blind):
    """A reviewer's reopening leaves the rejected suggestion unowned and pending: still a verdict
    on it that the other annotators must not see."""
    *_, machine = blind
    assert reject(api(team.annotator), machine).status_code == 200
    machine.refresh_from_db()
    reopen = {"verdict": "reopen", "version": machine.version}
    assert (
        api(team.reviewer).post(f"/api/claims/{machine.pk}/review/", reopen, format="json").status_code == 200
    )
    assert api(team.second_annotator).get(f"/api/claims/{machine.pk}/").status_code == 404
    assert api(team.annotator).get(f"/api/claims/{machine.pk}/").json()["status"] == "pending"


def test_in_a_plain_project_every_member_sees_a_rejected_suggestion(team, api):
    machine = ClaimFactory(
        document=team.document, created_by=None, origin="machine", status="suggested", source=team.officials
    )
    assert reject(api(team.annotator), machine).status_code == 200
    assert api(team.second_annotator).get(f"/api/claims/{machine.pk}/").json()["status"] == "rejected"
