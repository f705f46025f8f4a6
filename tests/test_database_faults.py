"""Faults of the real PostgreSQL server: it stops taking connections and drops the app's (as in
a restart), or drops one in the middle of an import. Requests answer 503 and the app recovers
by itself; an import stores whole files or nothing, and a re-run completes it."""

import json
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from psycopg2 import sql
from rest_framework.authtoken.models import Token

from claims.models import AuditEvent, Claim, Document, Role, Source
from tests import serving
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def admin_connection():
    """A connection of the test's own to the server's maintenance database."""
    settings = connection.settings_dict
    admin = psycopg2.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname="postgres"
    )
    admin.autocommit = True
    return admin


def drop_connections(admin, *, except_pid: int) -> None:
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            [connection.settings_dict["NAME"], except_pid],
        )


def allow_connections(admin, allowed: bool) -> None:
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                sql.Identifier(connection.settings_dict["NAME"]), sql.SQL("true" if allowed else "false")
            )
        )


@contextmanager
def database_away():
    """Like a restart as the app sees it: its connections are cut and new ones refused; the
    test's own connection stays, to check and to clean up."""
    admin = admin_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    try:
        allow_connections(admin, False)
        drop_connections(admin, except_pid=own_pid)
        yield
    finally:
        allow_connections(admin, True)
        admin.close()


@pytest.fixture
def served():
    document = DocumentFactory()
    member = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    source = SourceFactory(project=document.project, name="Officials", kind="group")
    token = Token.objects.create(user=member)
    browser = Client()
    browser.force_login(member)
    # the test's key, so that the server accepts the session the test signed
    env = serving.production_env(_database_url(), HTTPS="0", SECRET_KEY=django_settings.SECRET_KEY)
    with serving.gunicorn(env) as base:
        yield Served(
            base,
            {"Authorization": f"Token {token.key}"},
            {"Cookie": f"sessionid={browser.cookies['sessionid'].value}"},
            document,
            source,
        )


@dataclass
class Served:
    base: str
    token: dict
    session: dict
    document: Document
    source: Source


def _database_url() -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def new_claim(served: Served):
    body = {
        "document": served.document.pk,
        "start": 0,
        "end": 37,
        "text": served.document.text[:37],
        "kind": "indirect",
        "source": served.source.pk,
    }
    headers = {**served.token, "Content-Type": "application/json"}
    return serving.fetch(
        f"{served.base}/api/claims/", method="POST", body=json.dumps(body).encode(), **headers
    )


def test_requests_answer_503_while_the_database_is_away_and_recover_without_a_restart(served):
    projects, documents = (
        f"{served.base}/api/projects/",
        f"{served.base}/projects/{served.document.project_id}/",
    )
    assert serving.fetch(projects, **served.token).status == 200  # the server holds a connection
    with database_away():
        listed = serving.fetch(projects, **served.token)
        assert listed.status == 503
        assert listed.headers["Retry-After"] == "5"
        assert "database is unavailable" in json.load(listed)["detail"]
        assert new_claim(served).status == 503
        page = serving.fetch(documents, **served.session)
        assert page.status == 503
        assert "Unavailable for a moment" in page.read().decode()
        assert not Claim.objects.exists()
    assert serving.fetch(projects, **served.token).status == 200
    assert serving.fetch(documents, **served.session).status == 200
    assert new_claim(served).status == 201
    assert Claim.objects.count() == 1


def write_tag_pages(folder, files: int, per_file: int) -> None:
    """Tag pages (as seeds/002): each article opens with a bulleted headline, repeated."""
    for number in range(files):
        articles = [
            f"• Border story {number}-{index}\nBorder story {number}-{index}\n"
            f"Officials said crossing {number}-{index} was closed, reports Wire News."
            for index in range(per_file)
        ]
        (folder / f"file{number}.txt").write_text("\n\n".join(articles), encoding="utf-8")


@contextmanager
def connection_dropped_at_insert(nth: int):
    """Cut the app's own connection on the server side just before its nth document insert."""
    admin = admin_connection()
    inserts = 0

    def cut(execute, statement, params, many, context):
        nonlocal inserts
        if statement.startswith('INSERT INTO "claims_document"'):
            inserts += 1
            if inserts == nth:
                with admin.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
                    )
        return execute(statement, params, many, context)

    try:
        with connection.execute_wrapper(cut):
            yield
    finally:
        admin.close()


def test_an_import_cut_off_mid_file_stores_whole_files_and_a_re_run_completes(tmp_path):
    write_tag_pages(tmp_path, files=3, per_file=4)
    with connection_dropped_at_insert(6), pytest.raises(OperationalError):
        call_command("import_documents", str(tmp_path), "--project", "wire")
    connection.close()  # the server cut it; the next query opens a new one

    # the first file whole, nothing of the second, each document with its audit row
    assert Document.objects.count() == 4
    assert set(Document.objects.values_list("source_file", flat=True)) == {str(tmp_path / "file0.txt")}
    assert AuditEvent.objects.filter(action="document.imported").count() == 4

    call_command("import_documents", str(tmp_path), "--project", "wire")
    assert Document.objects.count() == 12
    assert AuditEvent.objects.filter(action="document.imported").count() == 12
    assert Document.objects.values("sha256").distinct().count() == 12
