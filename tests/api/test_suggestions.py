"""POST /api/documents/{id}/suggest/, GET /api/projects/{id}/suggestions/ and the registry's
needs_review mark, over the team's article:

    Officials said the border was closed.

    "We will reopen it soon," a spokesman told the Global Times.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import jobs, services
from claims.api import views
from claims.models import AuditEvent, Claim, Job, Source
from claims.suggest import suggest
from tests.factories import ARTICLE, ClaimFactory

# The mode the suggester runs in here: "tagger" where the optional extras are installed.
MODE = suggest("").mode

pytestmark = pytest.mark.django_db


def suggest(client, document):
    return client.post(f"/api/documents/{document.pk}/suggest/")


@pytest.mark.parametrize("role", ["annotator", "reviewer", "manager"])
def test_any_member_runs_the_suggester_on_a_document(team, api, role):
    ClaimFactory(document=team.document, source=team.officials, created_by=team.reviewer)  # a person's
    response = suggest(api(getattr(team, role)), team.document)
    assert response.status_code == 200
    # the person's claim holds the whole first sentence, not the suggestion's span
    assert response.json() == {
        "mode": MODE,
        "created": 2,
        "replaced": 0,
        "skipped": 0,
        "new_sources": 1,
        "dropped_sources": 0,
        "claim_count": 3,
    }
    machine = Claim.objects.filter(origin="machine").select_related("source").order_by("start")
    assert [(c.text, c.source.name, c.status) for c in machine] == [
        ("the border was closed", "Officials", "suggested"),
        ("We will reopen it soon,", "A spokesman", "suggested"),  # the guide leaves the marks out
    ]
    assert [relay.source for relay in machine[1].relays.all()] == [team.global_times]
    assert AuditEvent.objects.get(action="document.suggested").actor == getattr(team, role)


def test_a_long_document_is_suggested_by_a_job_that_the_caller_follows(team, api, monkeypatch):
    monkeypatch.setattr(views, "SUGGEST_WHILE_WAITING", len(team.document.text) - 1)
    response = suggest(api(team.annotator), team.document)
    assert response.status_code == 202
    job = response.json()
    assert (job["kind"], job["status"], job["parameters"]) == (
        "suggest_project",
        "queued",
        {"document": team.document.pk},
    )
    assert not Claim.objects.exists()  # nothing was suggested while the request waited
    jobs.run_job(job["id"])  # what the worker thread does once the request's transaction commits
    followed = api(team.annotator).get(f"/api/jobs/{job['id']}/").json()
    assert (followed["status"], followed["result"]["created"]) == ("succeeded", 2)
    assert Claim.objects.filter(origin="machine", document=team.document).count() == 2


def test_a_settled_document_takes_no_suggestion_job_long_or_asked_for(team, api, monkeypatch):
    monkeypatch.setattr(views, "SUGGEST_WHILE_WAITING", 10)
    assert api(team.reviewer).post(f"/api/documents/{team.document.pk}/adjudicate/").status_code == 200
    long_document = suggest(api(team.annotator), team.document)
    body = {"project": team.project.pk, "kind": "suggest_project", "document": team.document.pk}
    asked_for = api(team.reviewer).post("/api/jobs/", body, format="json")
    assert [long_document.status_code, asked_for.status_code] == [409, 409]
    assert "has been adjudicated" in asked_for.json()["detail"]
    assert not Job.objects.exists()


def test_in_a_blind_project_the_claim_count_holds_only_the_claims_the_caller_sees(team, api):
    team.project.blind = True
    team.project.save()
    ClaimFactory(document=team.document, source=team.officials, created_by=team.reviewer)
    response = suggest(api(team.annotator), team.document)
    assert response.json()["claim_count"] == 2  # the two suggestions, not the reviewer's claim


def test_a_suggestion_on_a_persons_span_is_skipped(team, api):
    start = ARTICLE.index("the border was closed")
    services.create_claim(
        team.document,
        start=start,
        end=start + len("the border was closed"),
        text="the border was closed",
        kind="indirect",
        source=team.officials,
        actor=team.annotator,
    )
    body = suggest(api(team.annotator), team.document).json()
    assert (body["created"], body["skipped"], body["claim_count"]) == (1, 1, 2)


def test_outsiders_and_anonymous_visitors_cannot_run_it(team, api):
    assert suggest(api(team.outsider), team.document).status_code == 404
    assert suggest(api(), team.document).status_code in (401, 403)
    assert suggest(api(team.annotator), type(team.document)(pk=999999)).status_code == 404
    assert not Claim.objects.exists()
    assert not AuditEvent.objects.filter(action="document.suggested").exists()


def test_new_sources_are_listed_as_needing_review_and_a_reviewers_patch_clears_it(team, api):
    suggest(api(team.annotator), team.document)
    spokesman = Source.objects.get(name="A spokesman")
    listed = api(team.annotator).get("/api/sources/", {"project": team.project.pk}).json()["results"]
    assert {s["name"]: s["needs_review"] for s in listed} == {
        "A spokesman": True,
        "Global Times": False,
        "Officials": False,
    }
    # the mark is read-only: nobody sets it through the API
    refused = api(team.reviewer).patch(
        f"/api/sources/{spokesman.pk}/", {"needs_review": False}, format="json"
    )
    assert refused.status_code == 400 and "needs_review" in refused.json()
    assert api(team.annotator).patch(f"/api/sources/{spokesman.pk}/", {}, format="json").status_code == 403

    response = api(team.reviewer).patch(
        f"/api/sources/{spokesman.pk}/", {"kind": "anonymous"}, format="json"
    )  # the kind stays as it was: reviewing it is still an edit
    assert response.status_code == 200 and response.json()["needs_review"] is False
    spokesman.refresh_from_db()
    assert not spokesman.needs_review
    event = AuditEvent.objects.get(action="source.updated", target_id=spokesman.pk)
    assert (event.actor, event.before["needs_review"], event.after["needs_review"]) == (
        team.reviewer,
        True,
        False,
    )


def outcomes(client, project):
    return client.get(f"/api/projects/{project.pk}/suggestions/")


def test_the_share_of_suggestions_accepted(team, api):
    assert outcomes(api(team.annotator), team.project).json() == {
        "suggested": 0,
        "accepted": 0,
        "pending": 0,
        "approved": 0,
        "rejected": 0,
        "total": 0,
        "share_accepted": None,
    }
    suggest(api(team.annotator), team.document)
    closed, reopen = Claim.objects.filter(origin="machine").order_by("start")
    services.accept_suggestion(closed.pk, actor=team.annotator, version=closed.version)
    services.review_claim(reopen.pk, reviewer=team.annotator, verdict="reject", version=reopen.version)
    waiting = "We will reopen it soon"  # one more suggestion, inside the quote, still undecided
    start = ARTICLE.index(waiting)
    services.create_claim(
        team.document,
        start=start,
        end=start + len(waiting),
        text=waiting,
        kind="direct",
        source=team.global_times,
        actor=None,
        origin="machine",
    )
    ClaimFactory(document=team.document, source=team.officials)  # a person's claim: not counted

    with CaptureQueriesContext(connection) as queries:
        response = outcomes(api(team.annotator), team.project)
    assert response.status_code == 200
    assert response.json() == {
        "suggested": 1,
        "accepted": 1,
        "pending": 1,
        "approved": 0,
        "rejected": 1,
        "total": 3,
        "share_accepted": 0.5,
    }
    counted = [q["sql"] for q in queries.captured_queries if 'FROM "claims_claim"' in q["sql"]]
    assert len(counted) == 1

    # approved by a reviewer, an accepted suggestion stays accepted
    closed.refresh_from_db()
    services.review_claim(closed.pk, reviewer=team.reviewer, verdict="approve", version=closed.version)
    body = outcomes(api(team.reviewer), team.project).json()
    assert (body["suggested"], body["accepted"], body["pending"], body["approved"]) == (1, 1, 0, 1)
    assert (body["rejected"], body["share_accepted"]) == (1, 0.5)


def test_in_a_blind_project_an_annotator_counts_only_the_suggestions_they_took(team, api):
    team.project.blind = True
    team.project.save()
    suggest(api(team.reviewer), team.document)
    taken = Claim.objects.filter(origin="machine").order_by("start").first()
    services.accept_suggestion(taken.pk, actor=team.annotator, version=taken.version)
    waiting = Claim.objects.filter(origin="machine", status="suggested").count()

    def accepted_and_waiting(user) -> tuple[int, int]:
        body = outcomes(api(user), team.project).json()
        return body["accepted"], body["suggested"]

    assert accepted_and_waiting(team.annotator) == (1, waiting)
    assert accepted_and_waiting(team.second_annotator) == (0, waiting)
    assert accepted_and_waiting(team.reviewer) == (1, waiting)


def test_in_a_blind_project_an_annotator_counts_only_the_suggestions_they_rejected(team, api):
    team.project.blind = True
    team.project.save()
    suggest(api(team.reviewer), team.document)
    rejected = Claim.objects.filter(origin="machine").order_by("start").first()
    services.review_claim(rejected.pk, reviewer=team.annotator, verdict="reject", version=rejected.version)
    waiting = Claim.objects.filter(origin="machine", status="suggested").count()

    def rejected_and_waiting(user) -> tuple[int, int]:
        body = outcomes(api(user), team.project).json()
        return body["rejected"], body["suggested"]

    assert rejected_and_waiting(team.annotator) == (1, waiting)
    assert rejected_and_waiting(team.second_annotator) == (0, waiting)
    assert rejected_and_waiting(team.reviewer) == (1, waiting)


def test_outsiders_do_not_see_a_projects_share(team, api):
    assert outcomes(api(team.outsider), team.project).status_code == 404
