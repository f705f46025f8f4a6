import pytest
from django.test import Client

from tests.pages.helpers import build_queue


@pytest.fixture
def queue(db):
    return build_queue()


@pytest.fixture
def client_for():
    """client_for(user) is a test client with that user's session; client_for() is anonymous."""

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
