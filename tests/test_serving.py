"""Production serving: the app under gunicorn with DEBUG off, as the README deploys it, and
Django's deployment checks. Each runs in its own process with a production environment."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-key-3f9c1e7b2d5a8c4e6f0b9d2a7c5e1f3b8d6a4c2e",
    "ALLOWED_HOSTS": "127.0.0.1",
}
# What the test runner sets for itself; a production process starts without them.
TEST_ONLY = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "HTTPS",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(tmp_path, **extra: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return {**clean, **PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}", **extra}


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn behind an imagined TLS proxy, serving the sign-in page and static files (neither
    needs a database)."""
    port = free_port()
    env = production_env(tmp_path, BEHIND_TLS_PROXY="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "annotator.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers: str):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as answer:
        return answer


def test_plain_http_is_sent_to_https(gunicorn):
    answer = fetch(f"{gunicorn}/accounts/login/")
    assert answer.status == 301
    assert answer.headers["Location"] == f"{gunicorn.replace('http:', 'https:')}/accounts/login/"


def test_pages_carry_the_security_headers(gunicorn):
    answer = fetch(f"{gunicorn}/accounts/login/", **{"X-Forwarded-Proto": "https"})
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


def test_static_files_are_served_by_whitenoise(gunicorn):
    answer = fetch(f"{gunicorn}/static/claims/annotate.js", **{"X-Forwarded-Proto": "https"})
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/javascript")
    assert b"import" in answer.read()
