"""The Content-Security-Policy in Chromium: every page of the app works under it (the `page`
fixture fails a test on any blocked script or style), and a script smuggled into a page does
not run."""

import pytest
from playwright.sync_api import expect

from claims.models import Role
from tests.browser.conftest import sign_in
from tests.factories import DocumentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def manager_and_document(db):
    document = DocumentFactory(text="Officials said the border was closed.", title="Border")
    manager = MembershipFactory(project=document.project, role=Role.MANAGER).user
    manager.is_staff = manager.is_superuser = True
    manager.save()
    return manager, document


def test_every_page_runs_under_the_policy(page, manager_and_document):
    manager, document = manager_and_document
    project = document.project.pk
    sign_in(page, manager.username)
    for path, ready in [
        ("/", "main"),
        (f"/projects/{project}/", "main"),
        (f"/documents/{document.pk}/", "body[data-ready=true]"),
        (f"/projects/{project}/review/", "main"),
        (f"/projects/{project}/export/", "main"),
        ("/api/docs/", ".swagger-ui .info"),
        ("/admin/", "#content"),
        ("/admin/claims/source/", "#content"),
    ]:
        answer = page.goto(path)
        assert answer.status == 200, path
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        expect(page.locator(ready).first).to_be_visible()


def test_an_inline_script_in_a_page_does_not_run(browser, live_server, db):
    """In a tab of its own: the `page` fixture would count the refusal as a failure."""
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    reports: list[str] = []
    tab.on("console", lambda message: reports.append(message.text))
    sign_in(tab, UserFactory().username)
    ran = tab.evaluate(
        """() => {
            window.injected = false;
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            return window.injected;
        }"""
    )
    tab.wait_for_timeout(200)  # the console report arrives after the refusal
    context.close()
    assert ran is False
    assert any("Content Security Policy" in report for report in reports), reports
