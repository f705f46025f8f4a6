"""Assignment and blind mode in Chromium: a manager gives a document to two annotators and makes
the project blind; each annotator then finds it under "Assigned to me" and sees only their own
claims on it, and none of the suggestions a colleague decided."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims import services
from claims.models import Assignment, AuditEvent, Claim, Document, Project, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Border closed\n\nOfficials said the border was closed on Monday, the Global Times reported."


def test_a_manager_assigns_and_blinds_and_annotators_see_their_own(page, db):
    document = DocumentFactory(text=TEXT, title="Border closed")
    DocumentFactory(project=document.project, title="Another story", sha256="e" * 64)
    project = document.project
    manager = MembershipFactory(project=project, role=Role.MANAGER).user
    alice, bob = (MembershipFactory(project=project, role=Role.ANNOTATOR).user for _ in range(2))
    officials = SourceFactory(project=project, name="Officials")

    sign_in(page, manager.username, f"/projects/{project.pk}/")
    cell = page.locator(f'td.annotators[data-document="{document.pk}"]')
    for annotator in (alice, bob):
        cell.locator("select[name=annotator]").select_option(annotator.username)
        cell.get_by_role("button", name="Assign").click()
        expect(cell.locator(".annotator", has_text=annotator.username)).to_have_count(1)
    with page.expect_navigation():  # the page is read again once the project is blind
        page.get_by_label("Blind annotation").check()
    expect(page.get_by_label("Blind annotation")).to_be_checked()
    screenshot(page, "assignment-and-blind")
    assert set(Assignment.objects.values_list("user__username", flat=True)) == {alice.username, bob.username}
    assert Project.objects.get(pk=project.pk).blind
    assert AuditEvent.objects.filter(action="document.assigned", actor=manager).count() == 2

    for user, words in [(alice, "the border was closed"), (bob, "the border was closed on Monday")]:
        claim_on(document, words, source=officials, actor=user)

    page.context.clear_cookies()
    sign_in(page, bob.username, f"/projects/{project.pk}/")
    page.get_by_role("link", name="Assigned to me").click()
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    expect(page.locator(".list-options")).to_contain_text("you see your own claims")
    page.get_by_role("link", name="Border closed").click()
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)
    expect(page.locator("#claim-list")).to_contain_text("the border was closed on Monday")
    screenshot(page, "blind-annotator")


def test_an_adjudicated_document_offers_no_assign_control_but_its_annotator_can_be_taken_back(page, db):
    settled = DocumentFactory(text=TEXT, title="Border closed")
    project = settled.project
    still_open = DocumentFactory(project=project, title="Another story", sha256="e" * 64)
    manager = MembershipFactory(project=project, role=Role.MANAGER).user
    alice = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    services.assign_document(settled, [alice], actor=manager)
    Document.objects.filter(pk=settled.pk).update(adjudicated_at=timezone.now(), adjudicated_by=manager)

    sign_in(page, manager.username, f"/projects/{project.pk}/")
    settled_cell = page.locator(f'td.annotators[data-document="{settled.pk}"]')
    open_cell = page.locator(f'td.annotators[data-document="{still_open.pk}"]')
    expect(settled_cell.get_by_role("button", name="Assign")).to_have_count(0)
    expect(settled_cell).to_contain_text("it takes no new annotators")
    expect(open_cell.get_by_role("button", name="Assign")).to_be_visible()
    screenshot(page, "document-list-adjudicated")
    settled_cell.get_by_role("button", name=f"Take the document back from {alice.username}").click()
    expect(settled_cell).to_contain_text("nobody")
    assert not Assignment.objects.exists()


def test_a_suggestion_one_annotator_rejects_disappears_for_the_other(page, db):
    document = DocumentFactory(text=TEXT, title="Border closed", project__blind=True)
    alice, bob = (MembershipFactory(project=document.project, role=Role.ANNOTATOR).user for _ in range(2))
    officials = SourceFactory(project=document.project, name="Officials")
    gt = SourceFactory(project=document.project, name="Global Times")
    dismissed = claim_on(
        document,
        "Officials said the border was closed on Monday",
        source=officials,
        actor=None,
        origin="machine",
    )
    claim_on(document, "the Global Times reported", source=gt, actor=None, origin="machine")

    sign_in(page, alice.username, f"/documents/{document.pk}/")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    page.keyboard.press("j")  # the first suggestion
    page.keyboard.press("x")
    expect(page.locator("#claim-panel .facts")).to_contain_text("rejected")  # alice still sees her verdict
    assert Claim.objects.get(pk=dismissed.pk).status == "rejected"

    page.context.clear_cookies()
    sign_in(page, bob.username, f"/documents/{document.pk}/")
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)
    expect(page.locator("#claim-list")).to_contain_text("the Global Times reported")
