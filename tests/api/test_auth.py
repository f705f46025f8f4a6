import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
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


def test_a_token_costs_one_query_of_the_user_table(team):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=team.annotator).key}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/").status_code == 200
    [authentication] = queries.captured_queries
    assert 'FROM "auth_user"' in authentication["sql"] and "authtoken_token" in authentication["sql"]


@pytest.mark.parametrize(
    ("token", "message"),
    [("unknown", "Invalid token."), ("inactive", "User inactive or deleted."), ("deleted", "Invalid token.")],
)
def test_a_bad_token_is_refused_saying_why(team, token, message):
    key = Token.objects.create(user=team.annotator).key
    if token == "unknown":
        key = "0" * 40
    elif token == "inactive":
        team.annotator.is_active = False
        team.annotator.save()
    else:
        Token.objects.filter(key=key).delete()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/projects/")
    assert response.status_code == 401 and response.json()["detail"] == message
    assert response["WWW-Authenticate"] == "Token"


def test_wrong_password_gets_no_token(db):
    user = UserFactory()
    response = APIClient().post("/api/auth/token/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_user_name_longer_than_any_is_refused_by_name_before_sign_in_is_tried(db):
    response = APIClient().post("/api/auth/token/", {"username": "x" * 300, "password": "anything"})
    assert response.status_code == 400
    assert response.json() == {"username": ["Ensure this field has no more than 150 characters."]}


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


def test_schema_comes_as_json_when_the_query_asks(db, api):
    answer = api(UserFactory()).get("/api/schema/?format=json")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert "/api/claims/{id}/review/" in json.loads(answer.content)["paths"]
    yaml = api(UserFactory()).get("/api/schema/?format=yaml")
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.content.startswith(b"openapi: ")
