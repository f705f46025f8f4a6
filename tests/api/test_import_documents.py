"""POST /api/projects/{id}/documents/: a manager uploads article files; each is read before
any is stored, and one that cannot be read refuses them all, naming it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import AuditEvent, Document

PORT_TXT = "Port talks resume\n\nOfficials said on Monday that “talks in 北京 would resume” 🚢.\n"
DAM_HTML = (
    "<html><head><title>Dam row</title></head><body><article><h1>Dam row deepens</h1>"
    "<p>The ministry said the dam on the Mekong was safe, according to a statement released on "
    "Tuesday by officials in Vientiane.</p></article></body></html>"
)


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post_files(client, project, *files, **fields):
    url = f"/api/projects/{project.pk}/documents/"
    return client.post(url, {"files": list(files), **fields}, format="multipart")


def test_a_manager_uploads_text_and_html_pages_and_they_become_documents(api, team):
    response = post_files(
        api(team.manager), team.project, upload("port.txt", PORT_TXT), upload("dam.html", DAM_HTML)
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert [document["title"] for document in body["imported"]] == ["Port talks resume", "Dam row deepens"]
    assert body["already_present"] == 0
    assert body["imported"][0]["claim_count"] == 0
    port = Document.objects.get(pk=body["imported"][0]["id"])
    assert port.project == team.project
    assert port.source_file == "port.txt"
    assert port.text == PORT_TXT.strip()  # curly quotes, 北京 and the emoji as sent
    imported = AuditEvent.objects.filter(action="document.imported", actor=team.manager)
    assert sorted(imported.values_list("target_id", flat=True)) == sorted(d["id"] for d in body["imported"])


def test_an_article_the_project_holds_is_counted_not_stored_again(api, team):
    client = api(team.manager)
    assert post_files(client, team.project, upload("port.txt", PORT_TXT)).status_code == 201

    again = post_files(client, team.project, upload("port-copy.txt", PORT_TXT))

    assert again.status_code == 200
    assert again.json() == {"imported": [], "already_present": 1}
    assert Document.objects.filter(project=team.project, title="Port talks resume").count() == 1


def test_one_unreadable_file_refuses_them_all_naming_each_and_why(api, team):
    before = Document.objects.count()
    response = post_files(
        api(team.manager),
        team.project,
        upload("port.txt", PORT_TXT),
        upload("report.pdf", b"%PDF-1.7"),
        upload("empty.txt", b""),
        upload("latin1.txt", "Caf\xe9 owners said so.".encode("latin-1")),
    )

    assert response.status_code == 400
    assert response.json() == {
        "files": [
            "report.pdf: unsupported file type .pdf; expected .txt, .html, .htm",
            "empty.txt: empty file",
            "latin1.txt: not UTF-8 (byte 0xe9 at offset 3)",
        ]
    }
    assert Document.objects.count() == before  # port.txt, readable, was not stored either


def test_a_request_without_files_or_with_other_fields_is_refused_by_field(api, team):
    client = api(team.manager)
    none = client.post(f"/api/projects/{team.project.pk}/documents/", {}, format="multipart")
    assert none.status_code == 400
    assert list(none.json()) == ["files"]

    extra = post_files(client, team.project, upload("port.txt", PORT_TXT), outlet="Reuters")
    assert extra.status_code == 400
    assert extra.json() == {"outlet": ["is not a field this endpoint takes"]}

    as_json = client.post(f"/api/projects/{team.project.pk}/documents/", {"files": []}, format="json")
    assert as_json.status_code == 415


def test_an_upload_over_the_limit_is_refused_before_it_is_read(api, team, settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 2048
    response = post_files(api(team.manager), team.project, upload("long.txt", "Officials said so. " * 200))

    assert response.status_code == 413
    assert "the limit is 2048" in response.json()["detail"]
    assert not Document.objects.filter(source_file="long.txt").exists()


@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_only_managers_import(api, team, role):
    response = post_files(api(getattr(team, role)), team.project, upload("port.txt", PORT_TXT))

    assert response.status_code == 403
    assert not Document.objects.filter(source_file="port.txt").exists()


def test_more_files_than_the_limit_are_refused(api, team, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [
        upload(f"article-{number}.txt", f"Story {number}\n\nOfficials said so.\n") for number in range(3)
    ]
    response = post_files(api(team.manager), team.project, *files)

    assert response.status_code == 400
    assert response.json() == {"files": ["at most 2 files in one request"]}
    assert not Document.objects.filter(source_file__startswith="article-").exists()


@pytest.mark.parametrize(
    ("first_line", "field", "limit"),
    [("Long " * 1400, "title", 500), ("A" * 5000, "outlet", 200)],
    ids=["a long headline", "a long capitalised first line, read as the outlet"],
)
def test_a_first_line_too_long_for_its_field_is_shortened_not_refused(api, team, first_line, field, limit):
    # a masthead is followed by the headline
    page = f"{first_line}\n\nBridge to reopen\n\nOfficials said the bridge would reopen on Monday after repairs.\n"
    response = post_files(api(team.manager), team.project, upload("long.txt", page))
    assert response.status_code == 201, response.content
    value = getattr(Document.objects.get(pk=response.json()["imported"][0]["id"]), field)
    assert len(value) <= limit and value.endswith("…")
    assert first_line.casefold().startswith(value[:-1].casefold())  # an outlet is title-cased
