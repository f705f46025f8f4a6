"""The app served as deployed, by gunicorn in a process of its own, for tests that need a real
server: its settings come from the environment given, like a production start."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-key-3f9c1e7b2d5a8c4e6f0b9d2a7c5e1f3b8d6a4c2e",
    "ALLOWED_HOSTS": "127.0.0.1",
}
# What the test run sets for itself; a production process starts without them.
TEST_ONLY = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "HTTPS",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(database_url: str, **extra: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return {**clean, **PRODUCTION, "DATABASE_URL": database_url, **extra}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict, workers: int = 1):
    """Yields the server's base URL once it accepts connections."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "annotator.wsgi", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start within 30 s"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, *, method: str = "GET", body: bytes | None = None, **headers: str):
    """The server's answer, whatever its status; redirects are answers, not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as answer:
        return answer
