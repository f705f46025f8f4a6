"""What the benchmarks need: Django set up on a scratch PostgreSQL database, the app served by
gunicorn as deployed, the pieces of the synthetic articles they build (vocabulary, sentence
case, a text builder counting code points), and the guard that keeps PolNeAR's test split
unread."""

import os
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
INSERT_BATCH = 5000  # rows per INSERT statement
SERVER_START_TIMEOUT_S = 60.0


def setup_django() -> None:
    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()


def require_postgresql(script: str) -> None:
    engine = database_settings()["ENGINE"]
    if not engine.endswith("postgresql"):
        sys.exit(f"{script} measures PostgreSQL only; DATABASE_URL gives {engine}.")
    name = database_settings()["NAME"]
    # The builds write many thousands of rows and the export one may TRUNCATE: never let a
    # mistyped URL do that to real data.
    if "bench" not in name:
        sys.exit(f"refusing to use database {name!r}: its name must contain 'bench' (annotator_bench).")


def database_settings() -> dict:
    from django.conf import settings

    return settings.DATABASES["default"]


def psycopg2_connect(dbname: str):
    import psycopg2

    db = database_settings()
    return psycopg2.connect(
        dbname=dbname,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )


def create_database_if_missing() -> None:
    from psycopg2 import sql

    name = database_settings()["NAME"]
    server = psycopg2_connect("postgres")
    server.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Created database {name}.")
    finally:
        server.close()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


POLNEAR_RESERVED_SPLIT = "test"  # PolNeAR's test split is kept for the final report: never read here


def refuse_reserved_split(folder: Path) -> None:
    """Exit, naming the folder, when it lies in PolNeAR's reserved split."""
    if POLNEAR_RESERVED_SPLIT in folder.resolve().parts:
        sys.exit(
            f"refusing to read {folder}: "
            f"PolNeAR's {POLNEAR_RESERVED_SPLIT} split is kept for the final report."
        )


def nfc(words: list[str]) -> list[str]:
    # Document text is stored NFC; composing the vocabulary once keeps every text NFC.
    return [unicodedata.normalize("NFC", word) for word in words]


def sentence_case(words: str) -> str:
    # A mention is the text as written: "The annual report" names "the annual report".
    return words[0].upper() + words[1:]


class TextBuilder:
    """Accumulates a document's text and the code-point offsets of the pieces that matter."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0  # in code points, as Python and the database count

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


CITIES = nfc(["Beijing", "Hà Nội", "Manila", "Zürich", "São Paulo", "Kraków", "Genève", "Đà Nẵng", "Tokyo"])


CUES = nfc(
    [
        "said", "told reporters", "told the Global Times", "said in a statement", "claimed", "insisted",
        "wrote on Weibo", "argued", "warned",
    ]
)  # fmt: skip


VERBS = nfc(
    [
        "will double", "has cut", "threatens", "is quietly funding", "delayed", "expanded",
        "does not affect", "undermines", "supports", "will review", "cannot guarantee", "has ignored",
    ]
)  # fmt: skip


@contextmanager
def gunicorn_serving(environment: dict, log_path: Path, *options: str):
    """gunicorn serving the app on a free loopback port with the environment given, its output
    in log_path; yields the base URL once the sign-in page answers; always stopped."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "annotator.wsgi:application", "--bind", f"127.0.0.1:{port}", *options]
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base_url}/accounts/login/", server, log_path)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    sys.exit(f"the server did not answer {url} within {SERVER_START_TIMEOUT_S:g} s:\n{log_path.read_text()}")
