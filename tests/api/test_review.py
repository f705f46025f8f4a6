import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from claims.api.views import ClaimViewSet
from claims.models import AuditEvent, Claim, ClaimReview
from tests.api.conftest import claim_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_id(team, api):
    return api(team.annotator).post("/api/claims/", claim_body(team), format="json").json()["id"]


def review(api, user, claim_id, **body):
    return api(user).post(f"/api/claims/{claim_id}/review/", body, format="json")


def test_reviewer_approves_and_the_review_is_recorded(team, api, claim_id):
    response = review(
        api, team.reviewer, claim_id, verdict="approve", comment="Checked against GT", version=1
    )
    assert response.status_code == 200
    claim = response.json()
    assert (claim["status"], claim["version"]) == ("approved", 2)
    (recorded,) = claim["reviews"]
    assert (recorded["by"], recorded["verdict"], recorded["comment"]) == (
        team.reviewer.username,
        "approve",
        "Checked against GT",
    )
    event = AuditEvent.objects.get(action="claim.reviewed")
    assert (event.actor, event.before["status"], event.after["status"]) == (
        team.reviewer,
        "pending",
        "approved",
    )


def test_reject_then_reopen_then_approve(team, api, claim_id):
    assert (
        review(api, team.reviewer, claim_id, verdict="reject", comment="Wrong source", version=1).json()[
            "status"
        ]
        == "rejected"
    )
    assert review(api, team.manager, claim_id, verdict="reopen", version=2).json()["status"] == "pending"
    final = review(api, team.manager, claim_id, verdict="approve", version=3).json()
    assert final["status"] == "approved"
    assert [r["verdict"] for r in final["reviews"]] == ["reject", "reopen", "approve"]


def test_annotators_cannot_review(team, api, claim_id):
    response = review(api, team.second_annotator, claim_id, verdict="approve", version=1)
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim_id).status == "pending"


def test_nobody_approves_a_claim_they_made(team, api):
    claim_id = api(team.reviewer).post("/api/claims/", claim_body(team), format="json").json()["id"]
    response = review(api, team.reviewer, claim_id, verdict="approve", version=1)
    assert response.status_code == 403 and "nobody approves a claim they made" in response.json()["detail"]
    assert not ClaimReview.objects.exists()
    assert review(api, team.manager, claim_id, verdict="approve", version=1).status_code == 200


def test_a_stale_review_gets_409_with_the_current_state(team, api, claim_id):
    assert review(api, team.reviewer, claim_id, verdict="approve", version=1).status_code == 200
    stale = review(api, team.manager, claim_id, verdict="reject", version=1)
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "approved" and stale.json()["current"]["version"] == 2
    assert ClaimReview.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"verdict": "maybe", "version": 1}, "verdict", "not a valid choice"),
        ({"verdict": "approve"}, "version", "required"),
        ({"verdict": "approve", "version": "1"}, "version", "must be a JSON integer"),
        ({"verdict": "approve", "version": 1, "status": "approved"}, "status", "only through review"),
    ],
)
def test_bad_review_is_refused_naming_the_field(team, api, claim_id, body, field, message):
    response = review(api, team.reviewer, claim_id, **body)
    assert response.status_code == 400 and message in str(response.json()[field])
    assert not ClaimReview.objects.exists()


def test_a_verdict_that_does_not_fit_the_status_is_a_conflict(team, api, claim_id):
    reopen = review(api, team.reviewer, claim_id, verdict="reopen", version=1)
    assert (
        reopen.status_code == 409
        and "pending claim cannot be given the verdict 'reopen'" in reopen.json()["detail"]
    )
    review(api, team.reviewer, claim_id, verdict="approve", version=1)
    again = review(api, team.manager, claim_id, verdict="approve", version=2)
    assert again.status_code == 409
    assert ClaimReview.objects.count() == 1


@pytest.fixture
def suggestion(team):
    from claims import services

    return services.create_claim(
        team.document,
        start=0,
        end=37,
        text="Officials said the border was closed.",
        kind="indirect",
        source=team.officials,
        cue=(10, 14),
        actor=None,
        origin="machine",
    )


def test_accepting_a_suggestion_makes_it_the_accepters_pending_claim(team, api, suggestion):
    response = api(team.annotator).post(f"/api/claims/{suggestion.pk}/accept/", {"version": 1}, format="json")
    assert response.status_code == 200
    claim = response.json()
    assert (claim["status"], claim["origin"], claim["created_by"], claim["version"]) == (
        "pending",
        "machine",
        team.annotator.username,
        2,
    )
    assert AuditEvent.objects.get(action="claim.accepted").actor == team.annotator
    again = api(team.annotator).post(f"/api/claims/{suggestion.pk}/accept/", {"version": 2}, format="json")
    assert again.status_code == 409 and "not a suggestion" in again.json()["detail"]


def test_rejecting_a_suggestion_records_the_rejection_and_annotators_may(team, api, suggestion):
    response = review(api, team.annotator, suggestion.pk, verdict="reject", comment="not a claim", version=1)
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert ClaimReview.objects.get(claim=suggestion).verdict == "reject"
    assert review(api, team.reviewer, suggestion.pk, verdict="approve", version=2).status_code == 409


def test_annotators_may_not_approve_even_suggestions(team, api, suggestion):
    assert review(api, team.annotator, suggestion.pk, verdict="approve", version=1).status_code == 403


def test_rejecting_a_suggestion_a_colleague_has_just_accepted_is_a_conflict(team, api, suggestion):
    accepted = api(team.manager).post(f"/api/claims/{suggestion.pk}/accept/", {"version": 1}, format="json")
    assert accepted.status_code == 200
    response = review(api, team.annotator, suggestion.pk, verdict="reject", version=1)
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "pending"
    assert not ClaimReview.objects.filter(claim=suggestion).exists()
    # at the version as it stands, the refusal is the role's
    as_it_stands = review(api, team.annotator, suggestion.pk, verdict="reject", version=2)
    assert as_it_stands.status_code == 403
    ahead = review(api, team.annotator, suggestion.pk, verdict="approve", version=3)
    assert ahead.status_code == 403


def test_a_claim_removed_while_being_reviewed_answers_404_not_500(team, api, claim_id):
    # The view has found the claim; before the service locks it, a re-run of the suggester
    # (or its author) deletes it. The service's lookup then finds nothing.
    view = ClaimViewSet.as_view({"post": "review"})
    request = APIRequestFactory().post(
        f"/api/claims/{claim_id}/review/", {"verdict": "approve", "version": 1}, format="json"
    )
    original_lookup = ClaimViewSet._named_claim

    def look_up_then_lose_it(self):
        claim = original_lookup(self)
        Claim.objects.filter(pk=claim.pk).delete()
        return claim

    ClaimViewSet._named_claim = look_up_then_lose_it
    try:
        force_authenticate(request, user=team.reviewer)
        response = view(request, pk=claim_id)
    finally:
        ClaimViewSet._named_claim = original_lookup
    assert response.status_code == 404
    assert "no longer exists" in response.data["detail"]


def test_nobody_approves_a_claim_they_edited(team, api, claim_id):
    edit = {"version": 1, "source": team.global_times.pk, "via": []}
    assert api(team.manager).patch(f"/api/claims/{claim_id}/", edit, format="json").status_code == 200
    response = review(api, team.manager, claim_id, verdict="approve", version=2)
    assert response.status_code == 403
    assert (
        response.json()["detail"] == "nobody approves a claim they edited: another reviewer must approve it"
    )
    assert not ClaimReview.objects.exists()
    # they may still reject it, and a reviewer who did not edit it approves it
    assert review(api, team.reviewer, claim_id, verdict="approve", version=2).status_code == 200


def test_a_manager_revising_a_rejected_claim_may_not_then_approve_it(team, api, claim_id):
    assert review(api, team.reviewer, claim_id, verdict="reject", version=1).status_code == 200
    revised = api(team.manager).patch(
        f"/api/claims/{claim_id}/", {"version": 2, "kind": "direct"}, format="json"
    )
    assert revised.json()["status"] == "pending"
    assert review(api, team.manager, claim_id, verdict="approve", version=3).status_code == 403
    assert Claim.objects.get(pk=claim_id).status == "pending"
