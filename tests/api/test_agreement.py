"""GET /api/projects/{id}/agreement/: the project's agreement, per document and per pair."""

import pytest

from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def test_reviewers_read_the_agreement_of_two_annotators(team, api):
    for user in (team.annotator, team.second_annotator):
        ClaimFactory(document=team.document, created_by=user, source=team.officials, cue_start=10, cue_end=14)
    other = DocumentFactory(project=team.project, text="The minister said talks resume.", sha256="d" * 64)
    ClaimFactory(document=other, created_by=team.annotator, start=18, end=30, text="talks resume")
    body = api(team.reviewer).get(f"/api/projects/{team.project.pk}/agreement/").json()
    overall = body["overall"]
    assert overall["annotators"] == sorted([team.annotator.username, team.second_annotator.username])
    assert overall["documents"] == 2
    # the first document: the same claim and cue; the second has one annotator, so no pair to count
    assert overall["f1"]["claim"] == {"exact": 1.0, "overlap": 1.0}
    assert overall["f1"]["cue"] == {"exact": 1.0, "overlap": 1.0}
    assert overall["f1"]["source"] == {"exact": None, "overlap": None}
    assert overall["source_agreement"] == 1.0
    assert overall["alpha"]["all"] == 1.0  # the second document's tokens have one annotator: no unit
    assert [d["document"] for d in body["documents"]] == [team.document.pk, other.pk]
    assert body["documents"][1]["f1"]["claim"]["exact"] is None  # no pair on it
    assert [p["pair"] for p in body["pairs"]] == [overall["annotators"]]

    one = api(team.manager).get(f"/api/projects/{team.project.pk}/agreement/", {"document": other.pk}).json()
    assert one["overall"]["documents"] == 1 and one["pairs"] == []


def test_a_document_of_another_project_is_refused(team, api):
    foreign = DocumentFactory()
    response = api(team.reviewer).get(f"/api/projects/{team.project.pk}/agreement/", {"document": foreign.pk})
    assert response.status_code == 400
    assert "no document" in response.json()["document"][0]


def test_annotators_do_not_read_the_agreement(team, api):
    assert api(team.annotator).get(f"/api/projects/{team.project.pk}/agreement/").status_code == 403
