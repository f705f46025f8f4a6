"""schemathesis generates requests from the OpenAPI schema the app serves at /api/schema/
and sends them to the WSGI app, signed in as a project manager with a real token: no answer
may be a server error, and every documented answer must match the schema."""

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from annotator.wsgi import application
from tests.factories import ClaimFactory


def served_schema() -> dict:
    """The document /api/schema/ serves, built the same way without a request."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(served_schema())


@pytest.fixture
def token(team, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis names localhost
    ClaimFactory(document=team.document, source=team.officials, created_by=team.annotator)
    return Token.objects.create(user=team.manager).key


@pytest.fixture
def requests_keep_the_test_transaction():
    """As Django's test client does: a request must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_fuzzed_schema_is_the_served_one(client, token):
    served = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert served.status_code == 200
    assert json.loads(served.content)["paths"].keys() == served_schema()["paths"].keys()


def test_a_patch_body_documents_the_fields_it_requires():
    components = served_schema()["components"]["schemas"]
    claim_patch = served_schema()["paths"]["/api/claims/{id}/"]["patch"]["requestBody"]
    assert claim_patch["content"]["application/json"]["schema"]["$ref"].endswith("/ClaimUpdateRequest")
    assert components["ClaimUpdateRequest"]["required"] == ["version"]
    assert components["MemberRoleRequest"]["required"] == ["role"]


def test_error_answers_are_documented_with_their_bodies():
    paths = served_schema()["paths"]

    def bodies(path: str, method: str) -> dict[str, str]:
        answers = paths[path][method]["responses"]
        return {
            code: answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            for code, answer in answers.items()
            if code >= "400"
        }

    assert bodies("/api/claims/{id}/", "patch") == {
        "400": "FieldErrors",
        "401": "Error",
        "403": "Error",
        "404": "Error",
        "409": "Conflict",
    }
    assert bodies("/api/claims/{id}/history/", "get") == {"401": "Error", "403": "Error", "404": "Error"}
    # signing in takes no credentials: refused input or a lockout
    assert bodies("/api/auth/token/", "post") == {"400": "FieldErrors", "429": "Error"}
    assert "security" not in paths["/api/auth/token/"]["post"]


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_every_generated_request_without_server_errors_and_as_documented(
    case, token, requests_keep_the_test_transaction
):
    case.call_and_validate(
        app=application,
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
