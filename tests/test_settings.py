"""Settings come from the environment; each case runs in a fresh interpreter."""

import os
import subprocess
import sys

from django.conf import settings

PRINT_SETTINGS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'annotator.settings'; "
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"
)


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment when DEBUG is off" in result.stderr


def test_debug_quickstart_defaults_to_sqlite_and_localhost():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    debug, rest = result.stdout.split(" ", 1)
    assert debug == "True"
    assert "['localhost', '127.0.0.1', '[::1]']" in rest
    assert "django.db.backends.sqlite3" in rest and rest.strip().endswith("db.sqlite3")


def test_production_settings_read_from_the_environment():
    result = load_settings(
        SECRET_KEY="s3cret",
        ALLOWED_HOSTS="claims.example.org, api.example.org",
        DATABASE_URL="postgres://u@db:5432/claims",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['claims.example.org',",
        "'api.example.org']",
        "django.db.backends.postgresql",
        "claims",
    ]
