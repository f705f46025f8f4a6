import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Document
from tests.factories import ClaimFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def test_document_list_leaves_text_out_and_counts_claims(team, api):
    ClaimFactory(document=team.document, source=team.officials)
    ClaimFactory(document=team.document, source=team.officials, status="approved")
    response = api(team.annotator).get("/api/documents/", {"project": team.project.pk})
    assert response.status_code == 200
    (document,) = response.json()["results"]
    assert "text" not in document and "raw" not in document
    assert (document["claim_count"], document["pending_count"], document["approved_count"]) == (2, 1, 1)


def test_document_detail_has_the_text(team, api):
    response = api(team.annotator).get(f"/api/documents/{team.document.pk}/")
    assert response.status_code == 200
    assert response.json()["text"] == team.document.text


def test_documents_of_other_projects_stay_hidden(team, api):
    DocumentFactory()  # another project's
    assert api(team.annotator).get("/api/documents/").json()["count"] == 1
    assert api(team.outsider).get(f"/api/documents/{team.document.pk}/").status_code == 404


def test_document_filter_refuses_a_bad_project_id(team, api):
    response = api(team.annotator).get("/api/documents/", {"project": "newsroom"})
    assert response.status_code == 400 and "project" in response.json()


def test_document_list_queries_do_not_grow_with_page_size(team, api):
    for _ in range(30):
        document = DocumentFactory(project=team.project, text=f"{team.document.text} {_}")
        ClaimFactory(document=document, source=team.officials)
    client = api(team.annotator)
    counts = []
    for size in (2, 30):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get("/api/documents/", {"page_size": size}).json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(("action", "field"), [("adjudicate", "x"), ("suggest", "mode")])
def test_actions_without_a_body_refuse_fields_by_name(team, api, action, field):
    response = api(team.reviewer).post(
        f"/api/documents/{team.document.pk}/{action}/", {field: 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {field: ["is not a field this endpoint takes"]}
    assert not Claim.objects.exists() and Document.objects.get(pk=team.document.pk).adjudicated_at is None
