import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
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


CHECK_SQLITE_INVARIANTS = """
from django.db import IntegrityError
from tests.factories import DocumentFactory, SourceFactory, ClaimFactory
document = DocumentFactory()
source = SourceFactory(project=document.project)
try:
    ClaimFactory(document=document, source=source, start=0, end=len(document.text) + 1, text="x")
except IntegrityError as error:
    print("refused:", error)
"""


READ_JOURNAL_MODE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""


def test_the_quickstart_database_sqlite_migrates_and_keeps_its_triggers(tmp_path):
    """SQLite rebuilds a table to alter it; the triggers must survive every migration."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'quick.sqlite3'}"}
    manage = [sys.executable, "manage.py"]
    run = {"cwd": settings.BASE_DIR, "env": env, "capture_output": True, "text": True, "check": False}
    migrated = subprocess.run([*manage, "migrate", "-v0"], **run)
    assert migrated.returncode == 0, migrated.stderr
    checked = subprocess.run([*manage, "shell", "-c", CHECK_SQLITE_INVARIANTS], **run)
    assert "refused: claim span or cue ends past the end of its document" in checked.stdout, checked.stderr
    journal = subprocess.run([*manage, "shell", "-c", READ_JOURNAL_MODE], **run)
    assert journal.stdout.splitlines()[-1] == "wal", journal.stderr  # readers go on during a long write
