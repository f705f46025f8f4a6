import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_token_for_username_and_password_authenticates_scripts(team):
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": team.annotator.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    projects = client.get("/api/projects/").json()["results"]
    assert [p["slug"] for p in projects] == ["newsroom"]


def test_wrong_password_gets_no_token(db):
    user = UserFactory()
    response = APIClient().post("/api/auth/token/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.parametrize("path", ["/api/projects/", "/api/documents/", "/api/sources/", "/api/claims/"])
def test_anonymous_requests_are_refused(db, path):
    response = APIClient().get(path)
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_session_writes_need_the_csrf_token(team):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(team.manager)
    response = client.patch(f"/api/projects/{team.project.pk}/", {"name": "Renamed"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_schema_and_docs_are_served(db, api):
    schema = api(UserFactory()).get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/claims/{id}/review/" in schema.content
    docs = api(UserFactory()).get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
