"""The permission matrix: every endpoint of the app answered for six callers.

Endpoints are every operation of the OpenAPI schema, every page of claims/pages/urls.py, the
export download, and /api/auth/token/, /api/schema/ and /api/docs/. Callers are anonymous, a
non-member (signed in, a manager of another project), an annotator, a reviewer and a manager of
the project, and staff (is_staff and is_superuser, member of nothing).

The design (claims/access.py, the views, the README): a non-member sees nothing of a project,
404 for its objects and absent from lists; anonymous callers get 401 from the API and a
redirect to the sign-in page from pages; roles rank annotator < reviewer < manager; staff
superusers act as managers everywhere; authors change their own claims and managers anyone's;
nobody approves their own claim. The expectations below are that design, not what the code
happens to answer.

Adding an endpoint is adding a row to ROWS. The guards at the end fail, naming what is missing,
for any operation of the schema and any page or API route that has no row."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.api import urls as api_urls
from claims.models import (
    Assignment,
    Claim,
    ClaimRelay,
    ClaimStatus,
    Document,
    Membership,
    Mention,
    Origin,
    Project,
    Role,
    Source,
    SourceAlias,
)
from claims.pages import urls as page_urls
from tests.api.conftest import claim_body
from tests.factories import (
    ARTICLE,
    ClaimFactory,
    DocumentFactory,
    MembershipFactory,
    ProjectFactory,
    SourceFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"  # every UserFactory user's
CALLERS = ("anonymous", "non_member", "annotator", "reviewer", "manager", "staff")
REFUSED = 401  # anonymous on the API, with WWW-Authenticate: Token
LOGIN = "login"  # anonymous on a page: 302 to /accounts/login/?next=<the page>
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}
QUOTE = '"We will reopen it soon,"'  # the machine's suggestion, in ARTICLE's second paragraph


# The data: built afresh for each test --------------------------------------------------------


@dataclass
class World:
    """One project with a member of each role, a document, three sources, the annotator's
    pending claim and a machine suggestion; users outside it; and the caller of this test."""

    project: Project
    document: Document
    officials: Source  # the source of the claims
    global_times: Source  # in use by nothing but its alias
    spare: Source  # in use by nothing: to delete or merge away
    annotator: object
    second_annotator: object  # the member whose role is changed or removed
    reviewer: object
    manager: object
    non_member: object
    staff: object
    newcomer: object  # a user to add as a member
    claim: Claim  # the annotator's, pending
    suggestion: Claim  # the machine's, suggested
    caller: object  # None when anonymous

    @cached_property
    def own_claim(self) -> Claim:
        """A pending claim the caller made (the non-member, while still a member); the
        annotator's for the anonymous caller."""
        return ClaimFactory(
            document=self.document, source=self.officials, created_by=self.caller or self.annotator
        )

    @cached_property
    def export_job(self):
        """A finished export job of the project (the annotator's), with its file."""
        from claims import jobs  # imported here: only the rows of jobs need them
        from claims.models import Job

        job = Job.objects.create(
            project=self.project,
            kind="export_project",
            status="succeeded",
            parameters={"format": "json"},
            result={"media_type": "application/json"},
            created_by=self.annotator,
            finished_at=timezone.now(),
        )
        path = jobs.export_file(job)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
        return job


def build_world(caller: str) -> World:
    project = ProjectFactory(slug="matrix", name="Matrix newsroom")
    document = DocumentFactory(project=project, text=ARTICLE)
    officials = SourceFactory(project=project, name="Officials", kind="group")
    members = {role: MembershipFactory(project=project, role=role).user for role in Role}
    start = ARTICLE.index(QUOTE)
    world = World(
        project=project,
        document=document,
        officials=officials,
        global_times=SourceFactory(project=project, name="Global Times", kind="outlet"),
        spare=SourceFactory(project=project, name="GT", kind="outlet"),
        annotator=members[Role.ANNOTATOR],
        second_annotator=MembershipFactory(project=project, role=Role.ANNOTATOR).user,
        reviewer=members[Role.REVIEWER],
        manager=members[Role.MANAGER],
        non_member=MembershipFactory(role=Role.MANAGER).user,  # a manager, of another project
        staff=UserFactory(is_staff=True, is_superuser=True),
        newcomer=UserFactory(),
        claim=ClaimFactory(document=document, source=officials, created_by=members[Role.ANNOTATOR]),
        suggestion=ClaimFactory(
            document=document,
            start=start,
            end=start + len(QUOTE),
            source=officials,
            status=ClaimStatus.SUGGESTED,
            origin=Origin.MACHINE,
            created_by=None,
        ),
        caller=None,
    )
    world.caller = None if caller == "anonymous" else getattr(world, caller)
    Assignment.objects.create(document=document, user=world.second_annotator)
    return world


class _Refs(dict):
    """What a path template names: {claim} is world.claim's id, {second_annotator} a username."""

    def __init__(self, world: World):
        super().__init__()
        self.world = world

    def __missing__(self, name: str):
        value = getattr(self.world, name)
        return value.get_username() if isinstance(value, get_user_model()) else value.pk


def database_state() -> dict:
    """Everything a request could change, small enough to compare whole."""
    return {
        "projects": list(Project.objects.order_by("pk").values_list("pk", "slug", "name", "description")),
        "memberships": list(Membership.objects.order_by("pk").values_list("project", "user", "role")),
        "documents": list(Document.objects.order_by("pk").values_list("pk", "project", "title")),
        "sources": list(
            Source.objects.order_by("pk").values_list(
                "pk", "name", "kind", "affiliation", "description", "needs_review"
            )
        ),
        "aliases": list(SourceAlias.objects.order_by("pk").values_list("pk", "source", "name")),
        "claims": list(
            Claim.objects.order_by("pk").values_list(
                "pk", "version", "status", "kind", "source", "created_by", "start", "end"
            )
        ),
        "mentions": list(Mention.objects.order_by("pk").values_list("claim", "source", "start", "end")),
        "relays": list(ClaimRelay.objects.order_by("pk").values_list("claim", "source", "position")),
        "tokens": Token.objects.count(),
        # and how many rows each model of the app has, those added since this was written too
        **{model.__name__: model.objects.count() for model in apps.get_app_config("claims").get_models()},
    }


# The matrix ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One request and the answer each caller gets, in the order of CALLERS: an HTTP status,
    REFUSED (401) or LOGIN (redirect to the sign-in page)."""

    method: str
    path: str  # a template over World's attributes, e.g. /api/claims/{claim}/review/
    expect: tuple
    label: str = ""  # tells apart rows of one request with different bodies
    body: Callable[[World], dict] | None = None  # valid for the callers who may
    listed: Callable[[World], int | str] | None = None  # the project's object in a list: its
    # id in an API list, its text on a page; members and staff see it, non-members do not
    redirect: Callable[[World], str] | None = None  # where a 302 to a signed-in caller leads
    format: str = "json"  # of the body: json, or multipart for files

    def __post_init__(self):
        assert len(self.expect) == len(CALLERS), f"{self.name}: one answer per caller"

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}" + (f" ({self.label})" if self.label else "")

    @property
    def operation(self) -> tuple[str, str]:
        return self.method, route_shape(self.path)


def route_shape(path: str) -> str:
    """/api/claims/{own_claim}/?x=1 and /api/claims/{id}/ are both /api/claims/{}/."""
    return re.sub(r"\{[^}]*\}|<[^>]*>", "{}", path.split("?")[0])


def version(claim_name: str, **body) -> Callable[[World], dict]:
    return lambda w: {**body, "version": getattr(w, claim_name).version}


def merge_body(w: World) -> dict:
    """The annotator's claim kept, another annotator's reading of the same words merged in."""
    other = ClaimFactory(document=w.document, source=w.global_times, created_by=w.second_annotator)
    return {"version": w.claim.version, "others": [{"id": other.pk, "version": other.version}]}


A = REFUSED
ALL_SIGNED_IN = (A, 200, 200, 200, 200, 200)
MEMBERS = (A, 404, 200, 200, 200, 200)
PAGE = (LOGIN, 404, 200, 200, 200, 200)
# A list filtered by an object of the project (?project=, ?document=, ?source=): the non-member
# gets what an id that exists nowhere gets, 400 "Select a valid choice", as a request body naming
# it does (POST /api/sources/, /api/claims/): answering otherwise tells that the object exists.
FILTERED = (A, 400, 200, 200, 200, 200)

# Each row's answers are in the order of CALLERS:
# anonymous, non-member, annotator, reviewer, manager, staff.
ROWS = [
    # Signing in, and the API's own documentation: public (no project data in them; the suite's
    # schemathesis test reads /api/schema/ without signing in).
    Row(
        "POST",
        "/api/auth/token/",
        (200, 200, 200, 200, 200, 200),
        body=lambda w: {"username": (w.caller or w.annotator).get_username(), "password": PASSWORD},
    ),
    Row("GET", "/api/schema/", (200, 200, 200, 200, 200, 200)),
    Row("GET", "/api/docs/", (200, 200, 200, 200, 200, 200)),
    # Projects: staff create, managers rename and manage members; members read.
    Row("GET", "/api/projects/", ALL_SIGNED_IN, listed=lambda w: w.project.pk),
    Row(
        "POST",
        "/api/projects/",
        (A, 403, 403, 403, 403, 201),
        body=lambda w: {"slug": "matrix-created", "name": "Created"},
    ),
    Row("GET", "/api/projects/{project}/", MEMBERS),
    Row(
        "PATCH", "/api/projects/{project}/", (A, 404, 403, 403, 200, 200), body=lambda w: {"name": "Renamed"}
    ),
    Row("GET", "/api/projects/{project}/export/?format=json", MEMBERS),
    Row("GET", "/api/projects/{project}/members/", MEMBERS),  # any member sees who else is
    Row(
        "POST",
        "/api/projects/{project}/members/",
        (A, 404, 403, 403, 201, 201),
        body=lambda w: {"username": w.newcomer.get_username(), "role": "annotator"},
    ),
    Row(
        "PATCH",
        "/api/projects/{project}/members/{second_annotator}/",
        (A, 404, 403, 403, 200, 200),
        body=lambda w: {"role": "reviewer"},
    ),
    Row("DELETE", "/api/projects/{project}/members/{second_annotator}/", (A, 404, 403, 403, 204, 204)),
    Row(
        "POST",
        "/api/projects/{project}/documents/",
        (A, 404, 403, 403, 201, 201),
        format="multipart",
        body=lambda w: {"files": [SimpleUploadedFile("port.txt", b"Port talks\n\nOfficials said so.\n")]},
    ),
    Row("GET", "/api/projects/{project}/suggestions/", MEMBERS),
    Row("GET", "/api/projects/{project}/agreement/", (A, 404, 403, 200, 200, 200)),
    Row("GET", "/api/projects/{project}/analytics/", MEMBERS),
    Row("GET", "/api/projects/{project}/analytics/csv/sources/", MEMBERS),
    Row("GET", "/api/projects/{project}/analytics/csv/outlets/", MEMBERS),
    Row("GET", "/api/projects/{project}/analytics/csv/kinds/", MEMBERS),
    Row("GET", "/api/projects/{project}/analytics/csv/months/", MEMBERS),
    Row("GET", "/api/projects/{project}/analytics/csv/relays/", MEMBERS),
    # Documents
    Row("GET", "/api/documents/", ALL_SIGNED_IN, listed=lambda w: w.document.pk),
    Row("GET", "/api/documents/?project={project}", FILTERED, listed=lambda w: w.document.pk),
    Row("GET", "/api/documents/{document}/", MEMBERS),
    Row("GET", "/api/documents/{document}/text/", MEMBERS),
    Row("POST", "/api/documents/{document}/suggest/", MEMBERS),
    Row(
        "POST",
        "/api/documents/{document}/assign/",
        (A, 404, 403, 403, 200, 200),
        body=lambda w: {"annotators": [w.annotator.get_username()]},
    ),
    Row("DELETE", "/api/documents/{document}/assign/{second_annotator}/", (A, 404, 403, 403, 204, 204)),
    # Sources: members read and create, reviewers edit and merge, managers delete.
    Row("GET", "/api/sources/", ALL_SIGNED_IN, listed=lambda w: w.officials.pk),
    Row("GET", "/api/sources/?project={project}", FILTERED, listed=lambda w: w.officials.pk),
    Row(
        "POST",
        "/api/sources/",
        (A, 400, 201, 201, 201, 201),  # the non-member names a project it may not see: as unknown
        body=lambda w: {"project": w.project.pk, "name": "Xinhua", "kind": "outlet"},
    ),
    Row("GET", "/api/sources/{global_times}/", MEMBERS),
    Row(
        "PATCH",
        "/api/sources/{global_times}/",
        (A, 404, 403, 200, 200, 200),
        body=lambda w: {"aliases": ["The Global Times"]},
    ),
    Row(
        "PATCH",
        "/api/sources/{global_times}/",
        (A, 404, 403, 200, 200, 200),
        label="rename",
        body=lambda w: {"name": "The Global Times"},
    ),
    Row("DELETE", "/api/sources/{spare}/", (A, 404, 403, 403, 204, 204)),
    Row(
        "POST",
        "/api/sources/{spare}/merge/",
        (A, 404, 403, 200, 200, 200),
        body=lambda w: {"into": w.global_times.pk},
    ),
    # Claims: members read and create; authors and managers change; reviewers decide, not on
    # their own; anyone may take on or dismiss a machine suggestion.
    Row("GET", "/api/claims/", ALL_SIGNED_IN, listed=lambda w: w.claim.pk),
    Row("GET", "/api/claims/?document={document}", FILTERED, listed=lambda w: w.claim.pk),
    Row("GET", "/api/claims/?source={officials}", FILTERED, listed=lambda w: w.claim.pk),
    Row("GET", "/api/claims/?project={project}", FILTERED, listed=lambda w: w.claim.pk),
    Row("POST", "/api/claims/", (A, 400, 201, 201, 201, 201), body=claim_body),  # as for sources
    Row("GET", "/api/claims/{claim}/", MEMBERS),
    Row("PATCH", "/api/claims/{claim}/", (A, 404, 200, 403, 200, 200), body=version("claim", kind="direct")),
    Row("PATCH", "/api/claims/{own_claim}/", MEMBERS, body=version("own_claim", kind="direct")),
    Row("DELETE", "/api/claims/{claim}/?version=1", (A, 404, 204, 403, 204, 204)),
    Row("DELETE", "/api/claims/{own_claim}/?version=1", (A, 404, 204, 204, 204, 204)),
    Row(
        "POST",
        "/api/claims/{claim}/review/",
        (A, 404, 403, 200, 200, 200),
        body=version("claim", verdict="approve"),
    ),
    Row(
        "POST",
        "/api/claims/{own_claim}/review/",
        (A, 404, 403, 403, 403, 403),
        body=version("own_claim", verdict="approve"),
    ),
    Row(
        "POST",
        "/api/claims/{suggestion}/review/",
        MEMBERS,
        body=version("suggestion", verdict="reject", comment="not a claim"),
    ),
    Row("POST", "/api/claims/{suggestion}/accept/", MEMBERS, body=version("suggestion")),
    # Adjudication: reviewers and managers take and merge claims, and declare a document done
    # (here refused, 409: a claim is still pending).
    Row("POST", "/api/claims/{claim}/take/", (A, 404, 403, 200, 200, 200), body=version("claim")),
    Row("POST", "/api/claims/{claim}/merge/", (A, 404, 403, 201, 201, 201), body=lambda w: merge_body(w)),
    Row("POST", "/api/documents/{document}/adjudicate/", (A, 404, 403, 409, 409, 409)),
    Row("GET", "/api/claims/{claim}/history/", MEMBERS),
    # Jobs: any member exports to a file; suggestions over the whole project need a reviewer.
    Row("GET", "/api/jobs/", ALL_SIGNED_IN, listed=lambda w: w.export_job.pk),
    Row("GET", "/api/jobs/?project={project}", FILTERED, listed=lambda w: w.export_job.pk),
    Row(
        "POST",
        "/api/jobs/",
        (A, 400, 403, 202, 202, 202),  # 400: as for sources
        label="suggest_project",
        body=lambda w: {"project": w.project.pk, "kind": "suggest_project"},
    ),
    Row(
        "POST",
        "/api/jobs/",
        (A, 400, 202, 202, 202, 202),
        label="export_project",
        body=lambda w: {"project": w.project.pk, "kind": "export_project", "format": "json"},
    ),
    Row("GET", "/api/jobs/{export_job}/", MEMBERS),
    Row("GET", "/api/jobs/{export_job}/download/", MEMBERS),
    # Pages: they read; writes go through the API.
    Row("GET", "/", (LOGIN, 200, 200, 200, 200, 200), listed=lambda w: w.project.name),
    Row("GET", "/projects/{project}/", PAGE),
    Row("GET", "/projects/{project}/review/", PAGE),
    Row("GET", "/projects/{project}/sources/", PAGE, listed=lambda w: w.global_times.name),
    Row("GET", "/projects/{project}/export/", PAGE),
    Row("GET", "/projects/{project}/agreement/", (LOGIN, 404, 403, 200, 200, 200)),
    Row("GET", "/projects/{project}/analytics/", PAGE),
    Row("GET", "/projects/{project}/members/", PAGE, listed=lambda w: w.second_annotator.get_username()),
    Row(
        "GET",
        "/projects/{project}/export/?format=json&go=download",
        (LOGIN, 404, 302, 302, 302, 302),
        redirect=lambda w: f"/api/projects/{w.project.pk}/export/?format=json",
    ),
    Row("GET", "/documents/{document}/", PAGE),
    Row("GET", "/documents/{document}/adjudicate/", (LOGIN, 404, 403, 200, 200, 200)),
]


@pytest.mark.parametrize(
    ("row", "caller"),
    [pytest.param(row, caller, id=f"{row.name} [{caller}]") for row in ROWS for caller in CALLERS],
)
def test_permission(db, settings, tmp_path, row: Row, caller: str):
    settings.JOB_FILES_DIR = tmp_path
    world = build_world(caller)
    client = APIClient()
    if world.caller is not None:
        client.force_login(world.caller)
    url = row.path.format_map(_Refs(world))
    body = row.body(world) if row.body else None
    shown = row.listed(world) if row.listed else None
    before = database_state()

    send = getattr(client, row.method.lower())
    response = send(url) if row.method == "GET" else send(url, body, format=row.format)
    content = b"".join(response.streaming_content) if response.streaming else response.content

    expected = row.expect[CALLERS.index(caller)]
    answered = f"{caller}: {row.method} {url} answered {response.status_code}: {content[:300]!r}"
    if expected == LOGIN:
        assert response.status_code == 302, answered
        assert response["Location"].startswith("/accounts/login/?next="), answered
    elif expected == REFUSED:
        assert response.status_code == REFUSED and response["WWW-Authenticate"] == "Token", answered
    else:
        assert response.status_code == expected, f"expected {expected}; {answered}"

    allowed_write = row.method != "GET" and isinstance(expected, int) and 200 <= expected < 300
    if allowed_write:
        assert database_state() != before, f"{answered}, but stored nothing"
    else:
        assert database_state() == before, f"{answered}, and changed the database"

    if row.listed and response.status_code == 200:
        if isinstance(shown, int):
            listed = shown in [item["id"] for item in response.json()["results"]]
        else:
            listed = shown in content.decode()
        assert listed == (caller != "non_member"), f"{caller}: {shown!r} listed is {listed} in {url}"
    if row.redirect and response.status_code == 302 and expected != LOGIN:
        assert response["Location"] == row.redirect(world), answered


# Guards: every endpoint has its row ----------------------------------------------------------


def schema_operations() -> set[tuple[str, str]]:
    """Each (method, path) of the OpenAPI schema /api/schema/ serves, paths as route_shape."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), route_shape(path))
        for path, operations in schema["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }


def test_every_operation_of_the_schema_has_a_row():
    missing = sorted(schema_operations() - {row.operation for row in ROWS})
    assert not missing, "no row in ROWS for: " + ", ".join(f"{method} {path}" for method, path in missing)


def test_every_api_row_is_an_operation_of_the_schema():
    outside_schema = {"/api/schema/", "/api/docs/"}
    api_rows = {row.operation for row in ROWS if row.path.startswith("/api/")}
    stale = sorted(op for op in api_rows - schema_operations() if op[1] not in outside_schema)
    assert not stale, "rows for operations the schema lacks: " + ", ".join(" ".join(op) for op in stale)


def test_every_page_and_api_route_has_a_row():
    routes = [f"/{pattern.pattern}" for pattern in page_urls.urlpatterns]
    routes += [
        f"/api/{pattern.pattern}" for pattern in api_urls.urlpatterns if isinstance(pattern, URLPattern)
    ]
    covered = {route_shape(row.path) for row in ROWS}
    missing = sorted(route_shape(route) for route in routes if route_shape(route) not in covered)
    assert not missing, "no row in ROWS for: " + ", ".join(missing)
