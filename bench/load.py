"""Load benchmark of the claims API, served as deployed: many users at once, then one fast client.

    SECRET_KEY=bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/annotator_bench \\
        .venv/bin/python bench/load.py [--seconds 60] [--claims 4000] [--workers 2] \\
        [--worker-class sync|gthread] [--restart-postgres-at SECONDS] [--profile]

DATABASE_URL defaults to the one above; a database whose name lacks "bench", and the test
suite's ("annotator", "test_*"), are refused. It creates the database if missing, migrates it,
builds a project of its own (five synthetic articles, ~50 sources, 12 annotators and 8 reviewers)
and serves the app with gunicorn (DEBUG=0, HTTPS=0, 2 sync workers) on a free loopback port. Then:

phase 1  the 20 users for --seconds, each a thread with its own connection and no think time:
         annotators create claims and edit their own pending ones, reviewers list pending claims
         and approve or reject them; afterwards every acknowledged write is checked against the
         database ("lost writes"). --restart-postgres-at restarts PostgreSQL (the whole server)
         during the phase and reports what the clients saw.
phase 2  one client creates --claims claims, one request each, one after another.

--profile afterwards times POST /api/claims/ in this process (Django's test client): its queries
and the functions the time goes to. The client is the standard library only (http.client and
threads). See bench/README.md, "Load benchmark", for what the figures mean.
"""

import argparse
import cProfile
import hashlib
import http.client
import io
import json
import math
import os
import pstats
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from browser import (
    SourceRow,
    SpanPlan,
    create_sources,
    plan_article,
    print_rows,
)
from common import (
    REPO_ROOT,
    create_database_if_missing,
    database_settings,
    gunicorn_serving,
    migrate,
    require_postgresql,
    setup_django,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/annotator_bench"
HOST = "127.0.0.1"
PASSWORD = "bench-load-password"  # every simulated user's; the bench database is a scratch database
ANNOTATORS = 12
REVIEWERS = 8
DOCUMENTS = 5
DOCUMENT_CHARACTERS = 6000  # about a long news article
DEFAULT_WORKERS = 2  # one a core: on this 2-core machine 2 served the most (bench/README.md)
REQUEST_TIMEOUT_S = 30.0
PAUSE_AFTER_FAILURE_S = 0.05  # a client that got a 5xx or no answer waits this long before its next request
PAUSE_WHEN_NOTHING_TO_REVIEW_S = 0.1
EDIT_SHARE = 0.4  # of an annotator's requests, when it has pending claims of its own
REJECT_SHARE = 0.3  # of reviews
REVIEWS_PER_LIST = 3  # claims a reviewer decides from each page of pending claims it lists
PENDING_PAGE_SIZE = 20
RELAY_SHARE = 0.2  # of new claims, one relay outlet
WARM_UP_CLAIMS = 20  # created before phase 2's clock starts, when phase 1 did not run
IN_PROCESS_CLAIMS = 200  # --profile: POSTs timed in this process
KINDS = ["direct", "indirect", "mixed", "according_to", "author"]

TARGET_CLAIMS_PER_S = 300.0  # the issue: doccano 1.8.4 manages about 75/s, Label Studio 1.23 about 8/s
TARGET_P50_MS = 3.0  # the issue: "p50 around 3 ms" (doccano: 13 ms)

ROUTE_TOKEN = "POST /api/auth/token/"
ROUTE_CREATE = "POST /api/claims/"
ROUTE_EDIT = "PATCH /api/claims/{id}/"
ROUTE_REVIEW = "POST /api/claims/{id}/review/"
ROUTE_LIST = "GET /api/claims/?status=pending"
EXPECTED_STATUSES = {  # 409: a stale version, or a claim decided meanwhile; counted apart
    ROUTE_TOKEN: {200},
    ROUTE_CREATE: {201},
    ROUTE_EDIT: {200, 409},
    ROUTE_REVIEW: {200, 409},
    ROUTE_LIST: {200},
}
REVIEW_OUTCOME = {"approve": "approved", "reject": "rejected"}


# Figures ----------------------------------------------------------------------------------


def percentile(values: Iterable[float], share: float) -> float:
    """The value below which `share` (0 to 1) of the values lie, interpolated linearly between the
    two nearest ranks (numpy's default): of 1..100, the 50th percentile is 50.5."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    if not 0 <= share <= 1:
        raise ValueError(f"share {share} is not between 0 and 1")
    position = (len(ordered) - 1) * share
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def milliseconds(seconds: Sequence[float]) -> dict[str, float]:
    return {
        "p50": percentile(seconds, 0.50) * 1000,
        "p95": percentile(seconds, 0.95) * 1000,
        "p99": percentile(seconds, 0.99) * 1000,
        "max": max(seconds) * 1000,
    }


# The HTTP client --------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRecord:
    route: str  # method and route template: "PATCH /api/claims/{id}/"
    status: int | None  # None: no answer (refused, reset, timed out)
    started: float  # seconds since the phase began
    elapsed: float  # request written to answer read, seconds
    detail: str = ""  # the exception without an answer, the body's start for an error status


@dataclass
class Answer:
    status: int | None
    body: Any  # the decoded JSON, None when the answer is not JSON or there was none


class CountingConnection(http.client.HTTPConnection):
    """http.client's connection, counting the TCP connections it opens (it reopens by itself
    after a server that closes each connection, as gunicorn's sync workers do)."""

    def __init__(self, host: str, port: int):
        super().__init__(host, port, timeout=REQUEST_TIMEOUT_S)
        self.opened = 0

    def connect(self) -> None:
        super().connect()
        self.opened += 1


class ApiClient:
    """One user's connection to the API, its token, and a record of every request it made."""

    def __init__(self, port: int, origin: float):
        self.connection = CountingConnection(HOST, port)
        self.origin = origin  # perf_counter() at the phase's start
        self.token: str | None = None
        self.records: list[RequestRecord] = []

    def call(self, method: str, path: str, route: str, body: dict | None = None) -> Answer:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self._record(route, None, started, f"{type(error).__name__}: {error}")
            return Answer(None, None)
        detail = data[:200].decode(errors="replace") if response.status >= 400 else ""
        self._record(route, response.status, started, detail)
        return Answer(response.status, decoded(data))

    def _record(self, route: str, status: int | None, started: float, detail: str) -> None:
        elapsed = time.perf_counter() - started
        self.records.append(RequestRecord(route, status, started - self.origin, elapsed, detail))


def decoded(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return None


def sign_in(client: ApiClient, username: str) -> None:
    answer = client.call(
        "POST", "/api/auth/token/", ROUTE_TOKEN, {"username": username, "password": PASSWORD}
    )
    if answer.status != 200:
        sys.exit(f"signing in as {username} answered {answer.status}: {client.records[-1].detail}")
    client.token = answer.body["token"]


# The project ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentPlan:
    id: int
    text: str
    spans: list[SpanPlan]  # attributed sentences and parts of them: where claims go


@dataclass
class LoadBench:
    project_id: int
    documents: list[DocumentPlan]
    outlet_ids: list[int]  # relay chains pass through outlets
    annotators: list[str]
    reviewers: list[str]


def create_users(project, slug: str) -> tuple[list[str], list[str]]:
    """12 annotators and 8 reviewers of the project, one password hash for all (hashing is slow)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from claims.models import Membership, Role

    roles = [(f"{slug}-annotator-{n:02}", Role.ANNOTATOR) for n in range(1, ANNOTATORS + 1)]
    roles += [(f"{slug}-reviewer-{n:02}", Role.REVIEWER) for n in range(1, REVIEWERS + 1)]
    password = make_password(PASSWORD)
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=name, password=password) for name, _ in roles]
    )
    Membership.objects.bulk_create(
        [
            Membership(project=project, user=user, role=role)
            for user, (_, role) in zip(users, roles, strict=True)
        ]
    )
    names = {role: [name for name, r in roles if r == role] for role in (Role.ANNOTATOR, Role.REVIEWER)}
    return names[Role.ANNOTATOR], names[Role.REVIEWER]


def create_documents(rng: random.Random, project, sources: list[SourceRow]) -> list[DocumentPlan]:
    """Synthetic news articles (bench/browser.py's generator: attributed sentences, curly quotes,
    accents, 北京 and emoji), each with the spans of its attributed sentences."""
    from claims.models import Document

    articles = [plan_article(rng, DOCUMENT_CHARACTERS, 0, sources) for _ in range(DOCUMENTS)]
    documents = Document.objects.bulk_create(
        Document(
            project=project,
            title=f"Talks, loans and a port: part {number}",
            text=article.text,
            raw=article.text,
            outlet="Global Times",
            url=f"https://news.example.org/load/{number}",
            published_on=date(2025, 3, number),
            sha256=hashlib.sha256(article.text.encode()).hexdigest(),
        )
        for number, article in enumerate(articles, start=1)
    )
    return [
        DocumentPlan(document.pk, article.text, article.main_spans + article.extra_spans)
        for document, article in zip(documents, articles, strict=True)
    ]


def build_bench(seed: int) -> LoadBench:
    """A fresh project of its own (bench-load-<UTC timestamp>) in one transaction."""
    from django.db import transaction

    from claims.models import Project

    rng = random.Random(seed)
    stamp = datetime.now(UTC)
    slug = f"bench-load-{stamp:%Y%m%d-%H%M%S}"
    with transaction.atomic():
        project = Project.objects.create(slug=slug, name=f"Load bench {stamp:%Y-%m-%d %H:%M:%S}")
        sources = create_sources(project)
        documents = create_documents(rng, project, sources)
        annotators, reviewers = create_users(project, slug)
    outlets = [source.id for source in sources if source.kind == "outlet"]
    return LoadBench(project.pk, documents, outlets, annotators, reviewers)


def claim_body(rng: random.Random, bench: LoadBench, document: DocumentPlan, span: SpanPlan) -> dict:
    """A claim as the annotate page sends it: span, text, kind, source, cue, mention, sometimes a relay."""
    body = {
        "document": document.id,
        "start": span.start,
        "end": span.end,
        "text": document.text[span.start : span.end],
        "kind": span.kind,
        "source": span.source,
        "mentions": [{"start": span.mention[0], "end": span.mention[1]}],
    }
    if span.cue:
        body["cue"] = {"start": span.cue[0], "end": span.cue[1]}
    if rng.random() < RELAY_SHARE:
        body["via"] = [rng.choice([outlet for outlet in bench.outlet_ids if outlet != span.source])]
    return body


# The server -------------------------------------------------------------------------------


def server_environment() -> dict[str, str]:
    """As deployed, but on plain HTTP: this process's DATABASE_URL and SECRET_KEY."""
    return {**os.environ, "DEBUG": "0", "HTTPS": "0", "ALLOWED_HOSTS": HOST}


@contextmanager
def running_server(workers: int, worker_class: str, log_path: Path):
    """gunicorn on a free loopback port; yields the port, always stopped."""
    options = ["--workers", str(workers), "--worker-class", worker_class]
    with gunicorn_serving(server_environment(), log_path, *options) as base_url:
        yield int(base_url.rsplit(":", 1)[1])


# What the clients were told was stored ----------------------------------------------------


@dataclass(frozen=True)
class CreatedClaim:
    claim_id: int
    document: int
    start: int
    end: int
    text: str
    author: str


@dataclass(frozen=True)
class EditedClaim:
    claim_id: int
    version: int  # the version the answer reported
    kind: str
    cue: tuple[int, int] | None


@dataclass(frozen=True)
class ReviewedClaim:
    claim_id: int
    version: int
    reviewer: str
    verdict: str
    comment: str


@dataclass
class Acknowledged:
    """Writes the server acknowledged (201 or 200): each must be in the database afterwards."""

    created: list[CreatedClaim] = field(default_factory=list)
    edited: list[EditedClaim] = field(default_factory=list)
    reviewed: list[ReviewedClaim] = field(default_factory=list)

    def extend(self, other: "Acknowledged") -> None:
        self.created += other.created
        self.edited += other.edited
        self.reviewed += other.reviewed

    def count(self) -> int:
        return len(self.created) + len(self.edited) + len(self.reviewed)

    def claim_ids(self) -> set[int]:
        return {write.claim_id for write in [*self.created, *self.edited, *self.reviewed]}


def cue_of(claim: dict) -> tuple[int, int] | None:
    cue = claim["cue"]
    return (cue["start"], cue["end"]) if cue else None


def stored_state(claim_ids: set[int]) -> tuple[dict[int, dict], set[tuple], set[tuple]]:
    """The claims as stored, their reviews (claim, reviewer, verdict, comment) and their audit
    rows (action, claim, version after), three queries."""
    from claims.models import AuditEvent, Claim, ClaimReview

    fields = ["id", "document_id", "start", "end", "text", "kind", "cue_start", "cue_end", "version"]
    claims = Claim.objects.filter(pk__in=claim_ids).values(*fields, "status", "created_by__username")
    reviews = ClaimReview.objects.filter(claim_id__in=claim_ids)
    audit = AuditEvent.objects.filter(target_type="claim", target_id__in=claim_ids)
    return (
        {claim["id"]: claim for claim in claims},
        set(reviews.values_list("claim_id", "reviewer__username", "verdict", "comment")),
        set(audit.values_list("action", "target_id", "after__version")),
    )


def created_problem(write: CreatedClaim, stored: dict | None, audit: set[tuple]) -> str | None:
    if stored is None:
        return "missing"
    wanted = (write.document, write.start, write.end, write.text, write.author)
    found = (
        stored["document_id"],
        stored["start"],
        stored["end"],
        stored["text"],
        stored["created_by__username"],
    )
    if found != wanted:
        return f"stored as {found}, acknowledged as {wanted}"
    if ("claim.created", write.claim_id, 1) not in audit:
        return "no claim.created audit row"
    return None


def edited_problem(write: EditedClaim, stored: dict | None, audit: set[tuple]) -> str | None:
    if stored is None:
        return "missing"
    if stored["version"] < write.version:
        return f"at version {stored['version']}, below the acknowledged {write.version}"
    cue = (stored["cue_start"], stored["cue_end"]) if stored["cue_start"] is not None else None
    if stored["version"] == write.version and (stored["kind"], cue) != (write.kind, write.cue):
        return (
            f"version {write.version} holds {(stored['kind'], cue)}, acknowledged {(write.kind, write.cue)}"
        )
    if ("claim.edited", write.claim_id, write.version) not in audit:
        return f"no claim.edited audit row for version {write.version}"
    return None


def reviewed_problem(
    write: ReviewedClaim, stored: dict | None, reviews: set[tuple], audit: set[tuple]
) -> str | None:
    if stored is None:
        return "missing"
    if stored["version"] < write.version:
        return f"at version {stored['version']}, below the acknowledged {write.version}"
    if (write.claim_id, write.reviewer, write.verdict, write.comment) not in reviews:
        return f"no {write.verdict} review by {write.reviewer}"
    if stored["version"] == write.version and stored["status"] != REVIEW_OUTCOME[write.verdict]:
        return f"version {write.version} is {stored['status']}, acknowledged {REVIEW_OUTCOME[write.verdict]}"
    if ("claim.reviewed", write.claim_id, write.version) not in audit:
        return f"no claim.reviewed audit row for version {write.version}"
    return None


def lost_writes(acknowledged: Acknowledged) -> list[str]:
    """One line for each acknowledged write the database does not hold: a created claim must exist
    with its document, span, text and author; an edited or reviewed claim must be at the
    acknowledged version or a later one (at that version, in the acknowledged state), with its
    review row; and each write must have its audit row."""
    claims, reviews, audit = stored_state(acknowledged.claim_ids())
    problems = []
    for write in acknowledged.created:
        problems.append((write, created_problem(write, claims.get(write.claim_id), audit)))
    for write in acknowledged.edited:
        problems.append((write, edited_problem(write, claims.get(write.claim_id), audit)))
    for write in acknowledged.reviewed:
        problems.append((write, reviewed_problem(write, claims.get(write.claim_id), reviews, audit)))
    return [f"{type(write).__name__} {write.claim_id}: {problem}" for write, problem in problems if problem]


# Phase 1: annotators and reviewers at once ------------------------------------------------


@dataclass
class OwnClaim:
    """An annotator's pending claim as it last heard of it."""

    version: int
    kind: str
    cue: tuple[int, int] | None
    planned_cue: tuple[int, int] | None  # what an edit puts back after taking the cue away


@dataclass
class SimulatedUser:
    name: str
    client: ApiClient
    rng: random.Random
    acknowledged: Acknowledged = field(default_factory=Acknowledged)
    own_pending: dict[int, OwnClaim] = field(default_factory=dict)


def pause_if_failed(answer: Answer) -> None:
    if answer.status is None or answer.status >= 500:
        time.sleep(PAUSE_AFTER_FAILURE_S)


def create_claim(user: SimulatedUser, bench: LoadBench) -> None:
    document = user.rng.choice(bench.documents)
    span = user.rng.choice(document.spans)
    answer = user.client.call(
        "POST", "/api/claims/", ROUTE_CREATE, claim_body(user.rng, bench, document, span)
    )
    if answer.status != 201:
        return pause_if_failed(answer)
    claim = answer.body
    user.acknowledged.created.append(
        CreatedClaim(claim["id"], claim["document"], claim["start"], claim["end"], claim["text"], user.name)
    )
    user.own_pending[claim["id"]] = OwnClaim(claim["version"], claim["kind"], cue_of(claim), span.cue)


def edit_claim(user: SimulatedUser) -> None:
    """Another kind, and the cue taken away or put back; a 409 tells the claim's current state."""
    claim_id = user.rng.choice(list(user.own_pending))
    own = user.own_pending[claim_id]
    kind = user.rng.choice([kind for kind in KINDS if kind != own.kind])
    cue = None if own.cue else own.planned_cue
    body = {"version": own.version, "kind": kind, "cue": {"start": cue[0], "end": cue[1]} if cue else None}
    answer = user.client.call("PATCH", f"/api/claims/{claim_id}/", ROUTE_EDIT, body)
    if answer.status == 200:
        claim = answer.body
        user.acknowledged.edited.append(EditedClaim(claim_id, claim["version"], claim["kind"], cue_of(claim)))
        own.version, own.kind, own.cue = claim["version"], claim["kind"], cue_of(claim)
    elif answer.status == 409:
        current = (answer.body or {}).get("current")
        if current is None or current["status"] != "pending":
            del user.own_pending[claim_id]  # reviewed meanwhile: no longer the annotator's to edit
        else:
            own.version, own.kind, own.cue = current["version"], current["kind"], cue_of(current)
    else:
        pause_if_failed(answer)


def review_claim(user: SimulatedUser, claim: dict) -> None:
    verdict = "reject" if user.rng.random() < REJECT_SHARE else "approve"
    comment = "The cue does not attribute this to the source." if verdict == "reject" else ""
    body = {"verdict": verdict, "version": claim["version"], "comment": comment}
    answer = user.client.call("POST", f"/api/claims/{claim['id']}/review/", ROUTE_REVIEW, body)
    if answer.status == 200:
        reviewed = ReviewedClaim(claim["id"], answer.body["version"], user.name, verdict, comment)
        user.acknowledged.reviewed.append(reviewed)
    else:
        pause_if_failed(answer)


def review_some(user: SimulatedUser, bench: LoadBench) -> None:
    """List a document's pending claims, decide a few of them (others may get there first: 409)."""
    document = user.rng.choice(bench.documents)
    query = f"project={bench.project_id}&document={document.id}&status=pending&page_size={PENDING_PAGE_SIZE}"
    answer = user.client.call("GET", f"/api/claims/?{query}", ROUTE_LIST)
    if answer.status != 200:
        return pause_if_failed(answer)
    pending = answer.body["results"]
    if not pending:
        time.sleep(PAUSE_WHEN_NOTHING_TO_REVIEW_S)
    for claim in user.rng.sample(pending, min(REVIEWS_PER_LIST, len(pending))):
        review_claim(user, claim)


def annotate(user: SimulatedUser, bench: LoadBench, deadline: float) -> None:
    while time.perf_counter() < deadline:
        if user.own_pending and user.rng.random() < EDIT_SHARE:
            edit_claim(user)
        else:
            create_claim(user, bench)


def review(user: SimulatedUser, bench: LoadBench, deadline: float) -> None:
    while time.perf_counter() < deadline:
        review_some(user, bench)


@dataclass
class Restart:
    started: float  # seconds since the phase began
    finished: float
    output: str


def restart_postgresql(at: float, origin: float, result: list[Restart]) -> None:
    """At `at` seconds into the phase: pg_ctlcluster --skip-systemctl-redirect VERSION main restart."""
    versions = sorted(os.listdir("/etc/postgresql"))
    if len(versions) != 1:
        sys.exit(f"expected one PostgreSQL version in /etc/postgresql, found {versions}")
    time.sleep(max(0.0, origin + at - time.perf_counter()))
    started = time.perf_counter() - origin
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "restart"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    output = (
        f"{' '.join(command)}: exit {done.returncode} {done.stdout.strip()} {done.stderr.strip()}".strip()
    )
    result.append(Restart(started, time.perf_counter() - origin, output))


@dataclass
class PhaseOne:
    seconds: float
    client_cpu_seconds: float  # this process's CPU time: the 20 clients share the machine with the server
    records: list[RequestRecord]
    acknowledged: Acknowledged
    restart: Restart | None


def signed_in_users(port: int, bench: LoadBench, seed: int) -> list[SimulatedUser]:
    users = [
        SimulatedUser(name, ApiClient(port, time.perf_counter()), random.Random(f"{seed}-{name}"))
        for name in bench.annotators + bench.reviewers
    ]
    for user in users:
        sign_in(user.client, user.name)
        user.client.records.clear()  # sign-ins are set-up, not load
    return users


def run_phase_one(
    port: int, bench: LoadBench, seconds: float, restart_at: float | None, seed: int
) -> PhaseOne:
    """Every user signs in, then all run together for `seconds`; returns what they saw."""
    users = signed_in_users(port, bench, seed)
    origin, cpu_before = time.perf_counter(), time.process_time()
    threads = []
    for user in users:
        user.client.origin = origin
        work = annotate if user.name in bench.annotators else review
        threads.append(threading.Thread(target=work, args=(user, bench, origin + seconds), name=user.name))
    restarts: list[Restart] = []
    if restart_at is not None:
        threads.append(threading.Thread(target=restart_postgresql, args=(restart_at, origin, restarts)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, client_cpu = time.perf_counter() - origin, time.process_time() - cpu_before
    acknowledged = Acknowledged()
    for user in users:
        acknowledged.extend(user.acknowledged)
    records = sorted((r for user in users for r in user.client.records), key=lambda r: r.started)
    return PhaseOne(elapsed, client_cpu, records, acknowledged, restarts[0] if restarts else None)


# Phase 2: one client, one claim a request -------------------------------------------------


@dataclass
class PhaseTwo:
    seconds: float
    records: list[RequestRecord]
    acknowledged: Acknowledged
    connections: int  # TCP connections the client opened


def creations(rng: random.Random, bench: LoadBench, count: int) -> list[dict]:
    """`count` claim bodies, round the documents in turn."""
    bodies = []
    for number in range(count):
        document = bench.documents[number % len(bench.documents)]
        bodies.append(claim_body(rng, bench, document, rng.choice(document.spans)))
    return bodies


def run_phase_two(port: int, bench: LoadBench, count: int, warm_up: bool, seed: int) -> PhaseTwo:
    rng = random.Random(seed)
    client = ApiClient(port, time.perf_counter())
    author = bench.annotators[0]
    sign_in(client, author)
    bodies = creations(rng, bench, count + (WARM_UP_CLAIMS if warm_up else 0))
    for body in bodies[count:]:  # the workers' first requests import and compile what they use
        client.call("POST", "/api/claims/", ROUTE_CREATE, body)
    client.records.clear()
    client.connection.close()  # the phase opens its own connections, counted from here
    opened = client.connection.opened
    acknowledged = Acknowledged()
    started = time.perf_counter()
    client.origin = started
    for body in bodies[:count]:
        answer = client.call("POST", "/api/claims/", ROUTE_CREATE, body)
        if answer.status == 201:
            claim = answer.body
            acknowledged.created.append(
                CreatedClaim(
                    claim["id"], claim["document"], claim["start"], claim["end"], claim["text"], author
                )
            )
    seconds = time.perf_counter() - started
    return PhaseTwo(seconds, client.records, acknowledged, client.connection.opened - opened)


# Restart: what the clients saw ------------------------------------------------------------


def failed(record: RequestRecord) -> bool:
    return record.status is None or record.status >= 500


def status_label(record: RequestRecord) -> str:
    if record.status is not None:
        return str(record.status)
    return f"no answer ({record.detail.split(':')[0]})"


@dataclass
class Outage:
    failures: Counter  # status label -> requests
    failures_by_route: Counter
    first_failure: float | None  # seconds after the restart began (request start)
    last_failure: float | None  # seconds after the restart began (answer or error)
    recovered: float | None  # the first success started after the last failure, answered at


def outage(records: list[RequestRecord], restart: Restart) -> Outage:
    """Failures (5xx, no answer) from the restart on, and when requests succeeded again."""
    after = [r for r in records if r.started + r.elapsed >= restart.started]
    failures = [r for r in after if failed(r)]
    if not failures:
        return Outage(Counter(), Counter(), None, None, None)
    last = max(failures, key=lambda r: r.started)
    later_successes = [r for r in after if not failed(r) and r.started > last.started]
    recovered = min((r.started + r.elapsed for r in later_successes), default=None)
    return Outage(
        failures=Counter(status_label(r) for r in failures),
        failures_by_route=Counter(r.route for r in failures),
        first_failure=min(r.started for r in failures) - restart.started,
        last_failure=max(r.started + r.elapsed for r in failures) - restart.started,
        recovered=None if recovered is None else recovered - restart.started,
    )


# The report -------------------------------------------------------------------------------


def latency_cells(records: list[RequestRecord]) -> list[str]:
    answered = [r.elapsed for r in records if r.status is not None]
    if not answered:
        return ["-"] * 4
    figures = milliseconds(answered)
    return [f"{figures[name]:.1f}" for name in ("p50", "p95", "p99", "max")]


def outcome(record: RequestRecord) -> str:
    """ok (the route's success status), 409 (expected: stale or already decided), 5xx, or other."""
    if record.status == 409 and 409 in EXPECTED_STATUSES[record.route]:
        return "409"
    if record.status in EXPECTED_STATUSES[record.route]:
        return "ok"
    return "5xx" if record.status is not None and record.status >= 500 else "other"


def route_row(label: str, records: list[RequestRecord], seconds: float) -> tuple[str, ...]:
    outcomes = Counter(outcome(record) for record in records)
    counts = [str(outcomes[name]) for name in ("ok", "409", "5xx", "other")]
    return (label, str(len(records)), f"{len(records) / seconds:.1f}", *counts, *latency_cells(records))


def print_route_table(records: list[RequestRecord], seconds: float) -> None:
    header = ("endpoint", "requests", "per s", "ok", "409", "5xx", "other")
    header += ("p50 ms", "p95 ms", "p99 ms", "max ms")
    routes = sorted({r.route for r in records}, key=list(EXPECTED_STATUSES).index)
    rows = [header] + [
        route_row(route, [r for r in records if r.route == route], seconds) for route in routes
    ]
    rows.append(route_row("all", records, seconds))
    print_rows(rows)


def unexpected(records: list[RequestRecord]) -> list[RequestRecord]:
    """Answers other than the route's expected ones (5xx among them) and requests without one."""
    return [r for r in records if outcome(r) in ("5xx", "other")]


def print_unexpected(records: list[RequestRecord], shown: int = 5) -> None:
    odd = unexpected(records)
    if not odd:
        print("Unexpected statuses: none.")
        return
    counts = Counter((r.route, status_label(r)) for r in odd)
    print(
        "Unexpected statuses: " + ", ".join(f"{route} {label}: {n}" for (route, label), n in counts.items())
    )
    for record in odd[:shown]:
        print(f"  at {record.started:.2f} s {record.route} {status_label(record)}: {record.detail[:160]!r}")


def print_lost_writes(acknowledged: Acknowledged, shown: int = 10) -> int:
    from django.db import connection

    connection.close()  # a restart of PostgreSQL may have ended this process's connection
    lost = lost_writes(acknowledged)
    print(
        f"Acknowledged writes checked against the database: {len(acknowledged.created)} created, "
        f"{len(acknowledged.edited)} edited, {len(acknowledged.reviewed)} reviewed."
    )
    print(f"lost writes: {len(lost)}")
    for line in lost[:shown]:
        print(f"  {line}")
    return len(lost)


def verdict(met: bool, text: str) -> str:
    return f"  {text}: {'PASS' if met else 'FAIL'}"


def cpu_share(phase: PhaseOne) -> float:
    return phase.client_cpu_seconds / (phase.seconds * (os.cpu_count() or 1))


def report_phase_one(phase: PhaseOne) -> list[str]:
    records = phase.records
    print(
        f"\nPhase 1: {len(records):,} requests in {phase.seconds:.1f} s, {len(records) / phase.seconds:.1f} "
        f"requests/s ({ANNOTATORS} annotators and {REVIEWERS} reviewers, no think time; the clients used "
        f"{phase.client_cpu_seconds:.1f} CPU-seconds, {cpu_share(phase):.0%} of the machine):\n"
    )
    print_route_table(records, phase.seconds)
    print("\n(ok: the expected success status; 409: stale version or already decided, expected; other: any")
    print(" other status, or no answer. Latency: request written to answer read, answered requests.)\n")
    print_unexpected(records)
    lost = print_lost_writes(phase.acknowledged)
    lost_line = verdict(lost == 0, f"lost writes: {lost} (must be 0)")
    if phase.restart is None:
        server_errors = [r for r in records if outcome(r) == "5xx"]
        return [
            verdict(not server_errors, f"5xx answers: {len(server_errors)} (must be 0)"),
            verdict(not unexpected(records), f"unexpected statuses: {len(unexpected(records))} (must be 0)"),
            lost_line,
        ]
    return [*report_restart(records, phase.restart), lost_line]


def report_restart(records: list[RequestRecord], restart: Restart) -> list[str]:
    """What the clients saw of the restart, and the PASS/FAIL lines: 503 while the database is
    away, nothing else unexpected, and requests succeeding again with the same gunicorn."""
    window = outage(records, restart)
    print(f"\nPostgreSQL restart: {restart.output}")
    print(
        f"  begun at {restart.started:.1f} s into the phase; the command returned "
        f"{restart.finished - restart.started:.2f} s later. Times below are from its start."
    )
    if window.first_failure is None:
        print("  No request failed.")
    else:
        counts = ", ".join(f"{label}: {n}" for label, n in window.failures.most_common())
        routes = ", ".join(f"{route}: {n}" for route, n in window.failures_by_route.most_common())
        print(f"  Failed requests (5xx or no answer): {sum(window.failures.values())} ({counts})")
        print(f"    by endpoint: {routes}")
        print(
            f"  The first failed request was sent at {window.first_failure:+.2f} s, "
            f"the last failure answered at {window.last_failure:+.2f} s."
        )
        if window.recovered is None:
            print("  No request succeeded after the last failure.")
        else:
            print(
                f"  Requests succeeded again from {window.recovered:+.2f} s "
                "(the first success sent after the last failure), gunicorn untouched."
            )
    before = [r for r in unexpected(records) if r.started + r.elapsed < restart.started]
    not_503 = [r for r in unexpected(records) if r.status != 503]
    return [
        verdict(not not_503, f"failures other than 503: {len(not_503)} (must be 0)"),
        verdict(not before, f"unexpected statuses before the restart: {len(before)} (must be 0)"),
        verdict(
            window.first_failure is None or window.recovered is not None,
            "requests succeed again without restarting gunicorn",
        ),
    ]


def report_phase_two(phase: PhaseTwo) -> list[str]:
    records = phase.records
    answered = [r.elapsed for r in records if r.status is not None]
    figures = milliseconds(answered) if answered else dict.fromkeys(("p50", "p95", "p99", "max"), math.nan)
    created = len(phase.acknowledged.created)
    rate = created / phase.seconds
    print(
        f"\nPhase 2: {len(records):,} POST /api/claims/ one after another by one client "
        f"in {phase.seconds:.1f} s, "
        f"over {phase.connections:,} TCP connection(s):\n"
    )
    print_route_table(records, phase.seconds)
    print(
        f"\n{rate:.0f} claims/s; p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, "
        f"p99 {figures['p99']:.1f} ms, max {figures['max']:.1f} ms "
        "(doccano 1.8.4: about 75/s, p50 13 ms; Label Studio 1.23: about 8/s)."
    )
    print_unexpected(records)
    lost = print_lost_writes(phase.acknowledged)
    return [
        verdict(rate >= TARGET_CLAIMS_PER_S, f"at least {TARGET_CLAIMS_PER_S:g} claims/s ({rate:.0f})"),
        verdict(
            figures["p50"] <= TARGET_P50_MS,
            f"p50 about {TARGET_P50_MS:g} ms or less ({figures['p50']:.1f} ms)",
        ),
        verdict(created == len(records), f"every request created its claim ({created} of {len(records)})"),
        verdict(lost == 0, f"lost writes: {lost} (must be 0)"),
    ]


# --profile: POST /api/claims/ in this process ---------------------------------------------


class QueryLog:
    """The queries run while installed (connection.execute_wrapper): statement and seconds."""

    def __init__(self):
        self.queries: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, time.perf_counter() - started))

    def seconds(self) -> float:
        return sum(seconds for _, seconds in self.queries)


APP_FUNCTIONS = r"/claims/|rest_framework/(serializers|fields|relations|generics|mixins)"


def profile_creates(bench: LoadBench, seed: int) -> None:
    """POST /api/claims/ through Django's test client (DEBUG off, token authentication, committed):
    the queries of one request, where the time of IN_PROCESS_CLAIMS requests goes, and the
    functions that take it (cProfile)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from rest_framework.authtoken.models import Token

    author = get_user_model().objects.get(username=bench.annotators[0])
    token = Token.objects.get_or_create(user=author)[0].key  # the one phase 2 signed in with, if it ran
    bodies = creations(random.Random(seed), bench, 2 * IN_PROCESS_CLAIMS + 1)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")

        def post(body: dict) -> None:
            response = client.post("/api/claims/", body, content_type="application/json")
            assert response.status_code == 201, response.content

        post(bodies.pop())  # imports and first-use caches
        one_request, all_requests, timings = QueryLog(), QueryLog(), []
        with connection.execute_wrapper(one_request):
            post(bodies.pop())
        with connection.execute_wrapper(all_requests):
            for body in bodies[:IN_PROCESS_CLAIMS]:
                started = time.perf_counter()
                post(body)
                timings.append(time.perf_counter() - started)
        profiler = cProfile.Profile()
        profiler.enable()
        for body in bodies[IN_PROCESS_CLAIMS:]:
            post(body)
        profiler.disable()
    print_profile(one_request, all_requests, timings, profiler)


def print_profile(one_request: QueryLog, all_requests: QueryLog, timings: list[float], profiler) -> None:
    queries = len(all_requests.queries) / len(timings)
    print(
        f"\nPOST /api/claims/ in this process ({len(timings)} requests through Django's test client, "
        f"DEBUG off, token): median {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {percentile(timings, 0.95) * 1000:.1f} ms; {queries:.1f} queries a request, "
        f"{all_requests.seconds() / sum(timings):.0%} of the time in them."
    )
    print(f"\nThe {len(one_request.queries)} queries of one request (ms):")
    for sql, seconds in one_request.queries:
        print(f"  {seconds * 1000:5.2f}  {' '.join(sql.split())[:140]}")
    for order, restriction, title in (
        ("cumulative", APP_FUNCTIONS, "the app's and DRF's serializer functions, by cumulative time"),
        ("tottime", None, "every function, by own time"),
    ):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream).sort_stats(order)
        stats.print_stats(*([restriction] if restriction else []), 16)
        print(f"\ncProfile of {IN_PROCESS_CLAIMS} more requests: {title}:")
        lines = stream.getvalue().splitlines()
        table = lines[next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")) :]
        for line in filter(str.strip, table):
            print(f"  {line.replace(str(REPO_ROOT) + '/', '').replace(sys.prefix + '/', '')[:150]}")


# Main -------------------------------------------------------------------------------------


def require_bench_database() -> None:
    """PostgreSQL, a database named *bench*, and never the test suite's or a test run's."""
    require_postgresql("bench/load.py")
    name = database_settings()["NAME"]
    if name == "annotator" or name.startswith("test_"):
        sys.exit(f"refusing to use database {name!r}: it belongs to the test suite.")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of phase 1 (60; 0 skips it)")
    parser.add_argument("--claims", type=int, default=4000, help="claims phase 2 creates (4,000; 0 skips it)")
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help=f"gunicorn workers ({DEFAULT_WORKERS})"
    )
    parser.add_argument(
        "--worker-class",
        choices=["sync", "gthread"],
        default="sync",
        help="gunicorn's worker class: sync (the default; closes each connection) or gthread (keep-alive)",
    )
    parser.add_argument(
        "--restart-postgres-at",
        type=float,
        metavar="SECONDS",
        help="restart PostgreSQL (the whole server) this far into phase 1",
    )
    parser.add_argument(
        "--profile", action="store_true", help="afterwards, profile POST /api/claims/ in-process"
    )
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the data and the users' choices")
    args = parser.parse_args(argv)
    if args.seconds < 0 or args.claims < 0 or args.workers < 1:
        parser.error("--seconds and --claims at least 0, --workers at least 1")
    if args.restart_postgres_at is not None and not 0 <= args.restart_postgres_at < args.seconds:
        parser.error("--restart-postgres-at must fall within phase 1 (0 <= SECONDS < --seconds)")
    return args


def prepare_environment() -> None:
    """This process reads the same settings as the server it starts."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.update({"DEBUG": "0", "HTTPS": "0", "DJANGO_SETTINGS_MODULE": "annotator.settings"})


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    prepare_environment()
    setup_django()
    require_bench_database()
    create_database_if_missing()
    migrate()
    bench = build_bench(args.seed)
    spans = sum(len(document.spans) for document in bench.documents)
    print(
        f"Built project {bench.project_id} in database {database_settings()['NAME']!r}: {DOCUMENTS} "
        f"articles of ~{DOCUMENT_CHARACTERS:,} characters ({spans} attributed spans), "
        f"{ANNOTATORS} annotators, {REVIEWERS} reviewers."
    )
    if args.seconds or args.claims:
        print_targets(serve_and_measure(args, bench))
    if args.profile:
        profile_creates(bench, args.seed)


def serve_and_measure(args: argparse.Namespace, bench: LoadBench) -> list[str]:
    """Both phases against one gunicorn; returns the PASS/FAIL lines."""
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="claims-load-bench-") as log_dir:
        log_path = Path(log_dir) / "gunicorn.log"
        with running_server(args.workers, args.worker_class, log_path) as port:
            print(
                f"Serving at http://{HOST}:{port}: gunicorn, {args.workers} {args.worker_class} workers, "
                f"DEBUG=0, HTTPS=0 ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
                f"load average {os.getloadavg()[0]:.1f}).",
                flush=True,
            )
            if args.seconds:
                phase = run_phase_one(port, bench, args.seconds, args.restart_postgres_at, args.seed)
                verdicts += report_phase_one(phase)
            if args.claims:
                phase = run_phase_two(port, bench, args.claims, warm_up=not args.seconds, seed=args.seed)
                verdicts += report_phase_two(phase)
        print_server_errors(log_path.read_text())
    return verdicts


def print_server_errors(log: str) -> None:
    errors = [line for line in log.splitlines() if "Traceback" in line or "[ERROR]" in line]
    if errors:
        print(f"\ngunicorn logged {len(errors)} error line(s); the first: {errors[0]}")


def print_targets(verdicts: list[str]) -> None:
    print("\nTargets:")
    print("\n".join(verdicts))
    met = all(line.endswith("PASS") for line in verdicts)
    print("All targets met." if met else "Some targets are missed.")


if __name__ == "__main__":
    main(sys.argv[1:])
