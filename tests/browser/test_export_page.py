"""The export page in Chromium: choose a format and filters, follow the link or download."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.pages.helpers import build_queue, review

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue():
    built = build_queue()
    review(built.claims["trip"], built.reviewer, "approve")
    review(built.claims["preaching"], built.reviewer, "reject", "Not attributed")
    return built


def annotation_ids(collection: dict) -> set[str]:
    """The claim ids of the collection's annotations (each id is /api/claims/{id}/)."""
    return {item["id"].rstrip("/").rsplit("/", 1)[-1] for item in collection["first"]["items"]}


def test_w3c_export_of_the_approved_claims(page, queue):
    approved = {str(queue.claims[name].pk) for name in ("trip", "detained")}
    export_page = f"/projects/{queue.project.pk}/export/"
    sign_in(page, "annie", export_page)
    expect(page.locator(".format-choice")).to_have_count(5)
    expect(page.locator('input[name=format][value="json"]')).to_be_checked()
    screenshot(page, "export-page")

    page.check('input[name=format][value="w3c"]')
    page.check('input[name=status][value="approved"]')
    page.get_by_role("button", name="Show link").click()
    link = page.locator("#export-url")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == f"/api/projects/{queue.project.pk}/export/?format=w3c&status=approved"
    expect(page.locator('input[name=format][value="w3c"]')).to_be_checked()
    expect(page.locator('input[name=status][value="approved"]')).to_be_checked()
    screenshot(page, "export-page-link")

    response = page.request.get(href)  # the page's session cookie goes with it
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    collection = response.json()
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 2
    assert annotation_ids(collection) == approved
    statuses = {
        body["value"]
        for item in collection["first"]["items"]
        for body in item["body"]
        if body.get("purpose") == "moderating"
    }
    assert statuses == {"approved"}

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    download = download_info.value
    assert download.suggested_filename == "border-desk-claims.jsonld"
    downloaded = json.loads(Path(download.path()).read_text())
    assert downloaded["type"] == "AnnotationCollection" and annotation_ids(downloaded) == approved


def test_the_export_link_needs_the_session(page, queue):
    response = page.request.get(f"/api/projects/{queue.project.pk}/export/?format=w3c&status=approved")
    assert response.status in (401, 403)
