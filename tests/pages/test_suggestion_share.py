"""The project's document list says what became of the machine's suggestions."""

import pytest

from claims import services
from claims.models import Claim, Role
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Officials said the border was closed on Monday. Liu Huaming said the crossing would stay shut. "
    "Police said the queue of trucks was five miles long. Analysts said the closure would cost millions."
)


def test_the_document_list_shows_suggestions_accepted_rejected_and_waiting(client):
    document = DocumentFactory(text=TEXT)
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    SourceFactory(project=document.project, name="Officials", kind="group")
    client.force_login(annotator)
    assert "Suggestions:" not in client.get(f"/projects/{document.project_id}/").content.decode()

    services.suggest_for_document(document)
    first, second, third, _ = Claim.objects.filter(document=document).order_by("start")
    for claim in (first, second):
        services.accept_suggestion(claim.pk, actor=annotator, version=claim.version)
    services.review_claim(third.pk, reviewer=annotator, verdict="reject", version=third.version)

    html = client.get(f"/projects/{document.project_id}/").content.decode()
    assert "Suggestions: 2 accepted, 1 rejected, 67% accepted, 1 waiting" in html
