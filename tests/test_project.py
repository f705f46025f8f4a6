from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


def test_system_checks_are_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "System check identified no issues" in out.getvalue()


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_indexes_for_the_queries_the_app_runs():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "claims_claim")
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    assert ("document_id", "start", "end") in indexed  # claims of a document in order
    assert ("source_id", "status") in indexed  # claims of a source
