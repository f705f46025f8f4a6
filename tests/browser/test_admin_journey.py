import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import UserFactory
from tests.management.helpers import run

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def sign_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_staff_member_finds_a_source_by_alias_and_reads_a_seed_article(page):
    run("quickstart")
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    sign_in(page, "editor")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto("/admin/claims/source/")
    page.fill("#searchbar", "rfa")
    page.press("#searchbar", "Enter")
    rows = page.locator("#result_list tbody tr")
    rfa = rows.filter(has=page.get_by_role("link", name="Radio Free Asia", exact=True))
    expect(rfa).to_contain_text("RFA's Mandarin Service")
    expect(page.locator("#result_list tbody tr", has_text="Voice of America")).to_have_count(0)
    screenshot(page, "admin-sources-search")

    page.goto("/admin/claims/document/")
    expect(page.locator("#result_list tbody tr")).to_have_count(14)
    page.get_by_role(
        "link", name="Beijing Cracks Down on Chinese Leaving to Join Jihadist Groups Abroad"
    ).click()
    expect(page.locator(".field-outlet")).to_contain_text("China Topix")
    expect(page.locator(".field-text")).to_contain_text("reports Global Times")
    screenshot(page, "admin-document")


def test_article_text_with_markup_renders_as_text(page, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(
        'Hostile <img src=x onerror="window.pwned=1"> headline\n\n<script>window.pwned=2</script> body.'
    )
    run("import_documents", str(path), project="hostile")
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    sign_in(page, "editor")
    page.goto("/admin/claims/document/")
    page.get_by_role("link", name="Hostile").click()
    expect(page.locator(".field-text")).to_contain_text("<script>window.pwned=2</script> body.")
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src=x]").count() == 0
