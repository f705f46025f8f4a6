"""Production serving: the app under gunicorn with DEBUG off, as the README deploys it, and
Django's deployment checks. Each runs in its own process with a production environment."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests import serving
from tests.serving import fetch


def production_env(tmp_path, **extra: str) -> dict:
    return serving.production_env(f"sqlite:///{tmp_path / 'serve.sqlite3'}", **extra)


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deployment_checks_pass_with_debug_off(tmp_path):
    result = check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_plain_http_is_a_choice_the_deployment_checks_name(tmp_path):
    result = check_deploy(production_env(tmp_path, HTTPS="0"))
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


@pytest.fixture
def server(tmp_path):
    """gunicorn behind an imagined TLS proxy, serving the sign-in page and static files (neither
    needs a database)."""
    with serving.gunicorn(production_env(tmp_path, BEHIND_TLS_PROXY="1")) as base:
        yield base


def test_plain_http_is_sent_to_https(server):
    answer = fetch(f"{server}/accounts/login/")
    assert answer.status == 301
    assert answer.headers["Location"] == f"{server.replace('http:', 'https:')}/accounts/login/"


def test_pages_carry_the_security_headers(server):
    answer = fetch(f"{server}/accounts/login/", **{"X-Forwarded-Proto": "https"})
    assert answer.status == 200
    headers = answer.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = dict(
        directive.strip().split(" ", 1) for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    csrf_cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    assert "Secure" in csrf_cookie and "SameSite=Lax" in csrf_cookie


def test_static_files_are_served_by_whitenoise(server):
    answer = fetch(f"{server}/static/claims/annotate.js", **{"X-Forwarded-Proto": "https"})
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/javascript")
    assert b"import" in answer.read()
