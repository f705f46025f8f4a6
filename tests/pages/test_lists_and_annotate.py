import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import services
from claims.models import Document, Role
from tests.factories import ClaimFactory, DocumentFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    document = DocumentFactory(title="Border closed")
    user = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    client.force_login(user)
    return document, user


def page_data(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="page-data" type="application/json">') + len(
        '<script id="page-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize("path", ["/", "/projects/1/", "/documents/1/"])
def test_pages_ask_anonymous_visitors_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_sign_in_and_out_with_the_accounts_pages(client, member):
    _, user = member
    client.logout()
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and b'name="username"' in page.content
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_project_list_shows_the_users_projects_with_role_and_counts(client, member):
    document, _ = member
    ClaimFactory(document=document)
    DocumentFactory(title="Elsewhere article")  # another project's
    html = client.get("/").content.decode()
    assert document.project.name in html and "annotator" in html
    assert "Elsewhere" not in html


def test_document_list_counts_claims_pending_and_approved(client, member):
    document, _ = member
    source = SourceFactory(project=document.project)
    ClaimFactory(document=document, source=source)
    ClaimFactory(document=document, source=source, start=40, end=63, status="approved")
    response = client.get(f"/projects/{document.project_id}/")
    assert response.status_code == 200
    row = response.context["documents"][0]
    assert (row.claim_count, row.pending_count, row.approved_count) == (2, 1, 1)
    assert f'href="/documents/{document.pk}/"' in response.content.decode()


def test_in_a_blind_project_the_document_list_counts_only_what_the_annotator_sees(client, member):
    document, user = member
    document.project.blind = True
    document.project.save()
    source = SourceFactory(project=document.project)
    ClaimFactory(document=document, source=source, created_by=user)
    ClaimFactory(document=document, source=source, start=40, end=63)  # another annotator's
    row = client.get(f"/projects/{document.project_id}/").context["documents"][0]
    assert (row.claim_count, row.pending_count) == (1, 1)


def test_an_adjudicated_document_offers_no_assignment_but_keeps_taking_annotators_back(client, member):
    settled, annotator = member
    project = settled.project
    open_document = DocumentFactory(project=project, title="Still open", sha256="e" * 64)
    manager = MembershipFactory(project=project, role=Role.MANAGER).user
    services.assign_document(settled, [annotator], actor=manager)
    Document.objects.filter(pk=settled.pk).update(adjudicated_at=timezone.now(), adjudicated_by=manager)
    client.force_login(manager)
    html = client.get(f"/projects/{project.pk}/").content.decode()

    def annotators_cell(document) -> str:
        return html[html.index(f'<td class="annotators" data-document="{document.pk}">') :].split("</td>")[0]

    settled_cell, open_cell = annotators_cell(settled), annotators_cell(open_document)
    assert "data-assign" not in settled_cell and 'name="annotator"' not in settled_cell
    assert "it takes no new annotators" in settled_cell
    assert f'data-unassign="{annotator.username}"' in settled_cell
    assert "data-assign" in open_cell and "it takes no new annotators" not in open_cell


def test_other_projects_pages_answer_404(client, member):
    foreign = DocumentFactory()
    assert client.get(f"/projects/{foreign.project_id}/").status_code == 404
    assert client.get(f"/documents/{foreign.pk}/").status_code == 404


def test_annotate_page_renders_the_text_once_as_text_and_embeds_the_claims(client, member):
    document, user = member
    source = SourceFactory(project=document.project, name="Officials")
    relay = SourceFactory(project=document.project, name="Global Times")
    claim = services.create_claim(
        document,
        start=0,
        end=37,
        text=document.text[:37],
        kind="indirect",
        source=source,
        cue=(10, 14),
        mentions=[services.MentionSpan(0, 9)],
        via=[relay],
        actor=user,
    )
    response = client.get(f"/documents/{document.pk}/")
    data = page_data(response)
    assert data["claims"] == [
        {
            "id": claim.pk,
            "start": 0,
            "end": 37,
            "kind": "indirect",
            "status": "pending",
            "origin": "human",
            "source": source.pk,
            "cue": [10, 14],
            "mentions": [[0, 9, source.pk]],
            "via": [relay.pk],
            "by": user.username,
            "version": 1,
        }
    ]
    assert data["sources"] == {
        str(source.pk): {"name": "Officials", "kind": "outlet"},
        str(relay.pk): {"name": "Global Times", "kind": "outlet"},
    }
    assert data["user"] == {
        "username": user.username,
        "role": "annotator",
        "canReview": False,
        "isManager": False,
    }
    html = response.content.decode()
    assert html.count('id="text"') == 1
    assert response.headers["Content-Type"].startswith("text/html")


def test_annotate_page_escapes_markup_in_text_title_and_data(client, db):
    text = "Alert <script>alert(1)</script> and </script><img src=x onerror=alert(2)> said."
    document = DocumentFactory(text=text, title="<b>bold</b>")
    user = MembershipFactory(project=document.project).user
    source = SourceFactory(project=document.project, name="</script><script>alert(3)</script>")
    ClaimFactory(document=document, source=source, start=0, end=5, created_by=user)
    client.force_login(user)
    html = client.get(f"/documents/{document.pk}/").content.decode()
    assert "<script>alert(" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        page_data(client.get(f"/documents/{document.pk}/"))["sources"][str(source.pk)]["name"] == source.name
    )


def test_annotate_page_makes_the_same_number_of_queries_however_many_claims(client, member):
    document, user = member
    source, relay = SourceFactory(project=document.project), SourceFactory(project=document.project)

    def add_claims(count):
        for _ in range(count):
            claim = ClaimFactory(document=document, source=source, cue_start=10, cue_end=14, created_by=user)
            claim.mentions.create(source=source, start=0, end=9)
            claim.relays.create(source=relay, position=0)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/documents/{document.pk}/").status_code == 200
        return len(captured)

    add_claims(2)
    few = queries()
    add_claims(30)
    assert queries() == few


def test_in_a_blind_project_the_annotate_page_hides_a_suggestion_a_colleague_rejected(client, member):
    document, user = member
    document.project.blind = True
    document.project.save()
    colleague = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    reviewer = MembershipFactory(project=document.project, role=Role.REVIEWER).user
    source = SourceFactory(project=document.project)

    def suggestion(start: int, end: int):
        return ClaimFactory(
            document=document,
            source=source,
            start=start,
            end=end,
            created_by=None,
            origin="machine",
            status="suggested",
        )

    rejected, still_open = suggestion(0, 37), suggestion(40, 63)
    services.review_claim(rejected.pk, reviewer=colleague, verdict="reject", version=rejected.version)

    def drawn(viewer) -> dict[int, str]:
        client.force_login(viewer)
        return {
            claim["id"]: claim["status"]
            for claim in page_data(client.get(f"/documents/{document.pk}/"))["claims"]
        }

    assert drawn(user) == {still_open.pk: "suggested"}
    assert drawn(colleague) == {rejected.pk: "rejected", still_open.pk: "suggested"}
    assert drawn(reviewer) == {rejected.pk: "rejected", still_open.pk: "suggested"}
