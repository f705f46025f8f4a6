"""Adding articles from the project page in Chromium: a manager uploads news pages, sees them
listed and opens one; a file that cannot be read is named and nothing is stored; an annotator
has no upload form."""

import pytest
from playwright.sync_api import expect

from claims.models import Document, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

PORT = "Port talks resume\n\nOfficials said on Monday that “talks in 北京 would resume” 🚢.\n"
DAM = (
    "<html><head><title>Dam row</title></head><body><article><h1>Dam row deepens</h1>"
    "<p>The ministry said the <b>dam</b> on the Mekong was safe, according to a statement "
    "released on Tuesday by officials in Vientiane.</p></article></body></html>"
)


def text_file(name: str, content: str | bytes, mime: str = "text/plain") -> dict:
    data = content.encode() if isinstance(content, str) else content
    return {"name": name, "mimeType": mime, "buffer": data}


def test_a_manager_uploads_articles_and_opens_one(page, page_errors):
    project = ProjectFactory(name="Mekong desk")
    manager = MembershipFactory(project=project, role=Role.MANAGER).user
    sign_in(page, manager.username, f"/projects/{project.pk}/")
    expect(page.locator("table.list tbody")).to_contain_text("No documents yet: add articles below")

    chooser = page.get_by_label("News pages")
    chooser.set_input_files([text_file("port.txt", PORT), text_file("dam.html", DAM, "text/html")])
    page.get_by_role("button", name="Import").click()

    expect(page.locator("#upload-outcome")).to_have_text(
        "Imported 2 articles: “Port talks resume”, “Dam row deepens”."
    )
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Port talks resume")
    screenshot(page, "project-upload")

    chooser.set_input_files([text_file("port-again.txt", PORT)])
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#upload-outcome")).to_have_text(
        "Nothing new: the project holds this article already."
    )
    expect(rows).to_have_count(2)

    page.get_by_role("link", name="Dam row deepens").click()
    expect(page.locator("#text")).to_contain_text("The ministry said the dam on the Mekong was safe")
    assert list(Document.objects.order_by("pk").values_list("source_file", flat=True)) == [
        "port.txt",
        "dam.html",
    ]
    assert page_errors == []


def test_a_file_that_cannot_be_read_is_named_and_nothing_is_stored(page, page_errors):
    project = ProjectFactory()
    manager = MembershipFactory(project=project, role=Role.MANAGER).user
    sign_in(page, manager.username, f"/projects/{project.pk}/")

    page.get_by_label("News pages").set_input_files(
        [text_file("port.txt", PORT), text_file("scan.pdf", b"%PDF-1.7", "application/pdf")]
    )
    page.get_by_role("button", name="Import").click()

    outcome = page.locator("#upload-outcome")
    expect(outcome.locator("p")).to_have_text(
        [
            "Nothing was imported. These files cannot be read:",
            "scan.pdf: unsupported file type .pdf; expected .txt, .html, .htm",
        ]
    )
    expect(outcome).to_have_class("upload-outcome error")
    expect(page.get_by_role("button", name="Import")).to_be_enabled()
    screenshot(page, "project-upload-refused")
    assert not Document.objects.exists()
    assert page_errors == []


def test_an_annotator_has_no_upload_form(page):
    project = ProjectFactory()
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    sign_in(page, annotator.username, f"/projects/{project.pk}/")

    expect(page.locator("table.list tbody")).to_contain_text(
        "No documents yet: a manager of the project adds them."
    )
    expect(page.get_by_role("heading", name="Add articles")).to_have_count(0)
