"""GET /api/claims/{id}/history/: a claim's audit trail, oldest first, each change in words."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from tests.api.conftest import claim_body
from tests.factories import ClaimFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db
FIRST_SENTENCE = "Officials said the border was closed."


def history(api, user, claim_id):
    response = api(user).get(f"/api/claims/{claim_id}/history/")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_life_of_a_claim_reads_in_order(team, api):
    created = api(team.annotator).post("/api/claims/", claim_body(team), format="json").json()
    claim_id = created["id"]
    edit = {"version": 1, "source": team.global_times.pk, "via": [], "kind": "direct"}
    assert api(team.annotator).patch(f"/api/claims/{claim_id}/", edit, format="json").status_code == 200
    review = {"verdict": "reject", "version": 2, "comment": "the quote is the spokesman's"}
    assert (
        api(team.reviewer).post(f"/api/claims/{claim_id}/review/", review, format="json").status_code == 200
    )
    reopen = {"verdict": "reopen", "version": 3}
    assert api(team.manager).post(f"/api/claims/{claim_id}/review/", reopen, format="json").status_code == 200

    entries = history(api, team.reviewer, claim_id)
    assert [(e["by"], e["action"], e["summary"]) for e in entries] == [
        (team.annotator.username, "claim.created", "created, attributed to Officials"),
        (
            team.annotator.username,
            "claim.edited",
            "edited: source Officials → Global Times, kind indirect (paraphrase) → direct quote, "
            "mentions, relay chain",
        ),
        (team.reviewer.username, "claim.reviewed", "rejected: “the quote is the spokesman's”"),
        (team.manager.username, "claim.reviewed", "reopened"),
    ]
    assert entries[1]["before"]["version"] == 1 and entries[1]["after"]["version"] == 2
    assert all(e["at"].endswith("Z") for e in entries)


def test_a_merge_of_its_source_shows_in_the_history(team, api):
    short = SourceFactory(project=team.project, name="GT")
    claim = claim_on(team.document, FIRST_SENTENCE, source=short, actor=team.annotator)
    services.merge_sources(short, team.global_times, actor=team.reviewer)
    entries = history(api, team.annotator, claim.pk)
    assert [e["summary"] for e in entries] == [
        "created, attributed to GT",
        "source GT merged into Global Times",
    ]
    assert entries[1]["by"] == team.reviewer.username


def test_suggestions_are_the_machines(team, api):
    created = claim_on(team.document, FIRST_SENTENCE, source=team.officials, actor=None, origin="machine")
    services.accept_suggestion(created.pk, actor=team.annotator, version=1)
    entries = history(api, team.annotator, created.pk)
    assert [(e["by"], e["summary"]) for e in entries] == [
        (None, "suggested, attributed to Officials"),  # the page reads "the machine suggested"
        (team.annotator.username, "accepted the suggestion as their claim"),
    ]


def test_another_projects_claim_has_no_history_to_show(team, api):
    foreign = ClaimFactory()
    assert api(team.manager).get(f"/api/claims/{foreign.pk}/history/").status_code == 404
    assert api().get(f"/api/claims/{foreign.pk}/history/").status_code in (401, 403)
    assert api(team.manager).get("/api/claims/not-a-number/history/").status_code == 404


def test_the_query_count_does_not_grow_with_the_history(team, api):
    claim_id = api(team.annotator).post("/api/claims/", claim_body(team), format="json").json()["id"]
    with CaptureQueriesContext(connection) as short:
        history(api, team.reviewer, claim_id)
    for version in range(1, 6):
        source = team.global_times if version % 2 else team.officials
        body = {"version": version, "source": source.pk, "via": []}
        assert api(team.annotator).patch(f"/api/claims/{claim_id}/", body, format="json").status_code == 200
    with CaptureQueriesContext(connection) as long:
        assert len(history(api, team.reviewer, claim_id)) == 6
    assert len(long.captured_queries) == len(short.captured_queries)
