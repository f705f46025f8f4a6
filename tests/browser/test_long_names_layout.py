"""A title or source name of hundreds of characters without a space (an upload's first line can
be one) wraps inside the page rather than widening it."""

import pytest
from playwright.sync_api import expect

from claims.models import Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "x" * 400


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_long_titles_and_names_wrap_inside_the_page(page, page_errors, db):
    document = DocumentFactory(title=LONG, text="Officials said the border was closed on Monday.")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    source = SourceFactory(project=document.project, name=f"Officials {LONG[:250]}", kind="group")
    claim_on(document, "the border was closed", source=source, actor=annotator)
    viewport = page.viewport_size["width"]
    sign_in(page, annotator.username, f"/projects/{document.project_id}/")
    expect(page.locator("table.list")).to_contain_text(LONG[:100])
    assert page_width(page) <= viewport
    screenshot(page, "long-title-document-list")
    for path in (f"/documents/{document.pk}/", f"/projects/{document.project_id}/review/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page_width(page) <= viewport, path
    assert page_errors == []
