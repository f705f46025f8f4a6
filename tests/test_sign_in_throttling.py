"""Failed sign-ins are counted per user name and address (django-axes); past the limit both the
sign-in page and the API's token endpoint refuse, even the right password, for 15 minutes."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_to_the_limit(client, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, username, "guess").status_code == 200  # the form again, with its error
    assert sign_in(client, username, "guess").status_code == 429


def test_the_sign_in_page_locks_after_the_failure_limit(client):
    user = UserFactory()
    fail_to_the_limit(client, user.username)
    refused = sign_in(client, user.username, PASSWORD)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    assert "Too many failed sign-ins" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_one_name_at_one_address(client):
    user, colleague = UserFactory(), UserFactory()
    fail_to_the_limit(client, user.username)
    assert sign_in(client, colleague.username, PASSWORD).status_code == 302
    assert sign_in(client, user.username, PASSWORD, address="198.51.100.4").status_code == 302


def test_a_user_name_longer_than_the_failure_record_holds_is_refused_and_still_counted(client):
    name = "x" * 300
    fail_to_the_limit(client, name)  # each failure recorded under the name's first 255 characters
    assert sign_in(client, name, "guess").status_code == 429


def test_a_success_before_the_limit_clears_the_count(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, user.username, "guess")
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, user.username, "guess").status_code == 200


def test_the_token_endpoint_is_throttled_too():
    user = UserFactory()
    client = APIClient()
    attempts = [
        client.post("/api/auth/token/", {"username": user.username, "password": "guess"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert attempts == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    refused = client.post("/api/auth/token/", {"username": user.username, "password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.json()["detail"]
