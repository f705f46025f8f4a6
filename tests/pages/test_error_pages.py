"""Refusals and missing pages answer in the site's own page, saying why, with a way back."""

import pytest

from claims.models import Role
from tests.factories import DocumentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator(client):
    document = DocumentFactory()
    user = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    client.force_login(user)
    return document, user


def test_a_page_for_reviewers_tells_an_annotator_why_it_is_refused(client, annotator):
    document, user = annotator
    response = client.get(f"/projects/{document.project_id}/agreement/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "The agreement is for reviewers and managers." in html
    assert user.username in html and 'href="/"' in html  # signed in, in the site's frame


def test_a_document_of_another_project_is_not_found_in_the_site_frame(client, annotator):
    response = client.get(f"/documents/{DocumentFactory().pk}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Not found" in html and "a project you are not a member of" in html
    assert "No Document matches" not in html  # nothing of the query behind it
