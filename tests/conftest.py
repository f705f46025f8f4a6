import pytest

from tests.factories import ClaimFactory, DocumentFactory, SourceFactory


@pytest.fixture
def document(db):
    return DocumentFactory()


@pytest.fixture
def source(document):
    return SourceFactory(project=document.project)


@pytest.fixture
def claim(document, source):
    return ClaimFactory(document=document, source=source)


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} {connection.settings_dict['HOST'] or ''}".rstrip()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
