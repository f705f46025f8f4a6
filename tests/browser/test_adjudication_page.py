"""Adjudication in Chromium: a reviewer takes one reading, merges two, drops one, and finishes;
the annotators of the blind project then see the approved set."""

import pytest
from playwright.sync_api import expect

from claims.models import AuditEvent, Claim, Document, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "Border closed\n\nOfficials said the border was closed on Monday. "
    '"We will reopen it soon," a spokesman told the Global Times. Traders said prices rose.'
)


def test_a_reviewer_adjudicates_two_annotators_readings(page, db):
    document = DocumentFactory(text=TEXT, title="Border closed")
    project = document.project
    project.blind = True
    project.save()
    alice, bob = (MembershipFactory(project=project, role=Role.ANNOTATOR).user for _ in range(2))
    judge = MembershipFactory(project=project, role=Role.REVIEWER).user
    officials = SourceFactory(project=project, name="Officials")
    spokesman = SourceFactory(project=project, name="A spokesman")
    traders = SourceFactory(project=project, name="Traders")

    def claim(user, words, source):
        return claim_on(document, words, source=source, actor=user)

    taken = claim(alice, "the border was closed", officials)
    claim(bob, "the border was closed on Monday", officials)
    alices_reading = claim(alice, "We will reopen it", officials)
    bobs_reading = claim(bob, "reopen it soon", spokesman)
    dropped = claim(bob, "prices rose", traders)

    sign_in(page, judge.username, f"/documents/{document.pk}/adjudicate/")
    rows = page.locator("tr.cluster")
    expect(rows).to_have_count(3)
    expect(page.locator("thead th")).to_have_text(["Words", alice.username, bob.username])
    screenshot(page, "adjudication-before")

    page.locator(f'.adj-claim[data-id="{taken.pk}"] button[data-action=take]').click()
    expect(rows.nth(0).locator(".adj-claim.status-approved")).to_have_count(1)
    expect(rows.nth(0).locator(".adj-claim.status-rejected")).to_have_count(1)

    second = rows.nth(1)
    boxes = second.locator("input[name=merge]")
    boxes.nth(1).check()  # bob's reading first, though it is in the right-hand column: it leads
    boxes.nth(0).check()
    second.locator("select[name=source]").select_option(label="A spokesman")
    second.get_by_role("button", name="Merge ticked").click()
    # the merged claim stands in a column of its own; the readings merged stay as marked
    expect(page.locator("thead th")).to_have_text(
        ["Words", alice.username, bob.username, "merged in adjudication"]
    )
    expect(rows.nth(1).locator(".adj-claim.status-approved blockquote")).to_have_text(
        "We will reopen it soon"
    )
    expect(rows.nth(1).locator(".adj-claim.status-rejected blockquote")).to_have_text(
        ["We will reopen it", "reopen it soon"]
    )

    rows.nth(2).get_by_role("button", name="Drop").click()
    expect(rows.nth(2).locator(".adj-claim.status-rejected")).to_have_count(1)
    page.get_by_role("button", name="Finish adjudication").click()
    expect(page.locator(".finish .done")).to_contain_text(f"Adjudicated by {judge.username}")
    screenshot(page, "adjudication-after")

    approved = Claim.objects.filter(status="approved").order_by("start")
    assert [(c.text, c.source.name) for c in approved] == [
        ("the border was closed", "Officials"),
        ("We will reopen it soon", "A spokesman"),
    ]
    merged = approved.get(origin="merged")
    assert (merged.created_by, merged.kind) == (judge, bobs_reading.kind)
    assert Claim.objects.get(pk=bobs_reading.pk).status == "rejected"
    assert Claim.objects.get(pk=alices_reading.pk).status == "rejected"
    assert Claim.objects.get(pk=dropped.pk).status == "rejected"
    assert Document.objects.get(pk=document.pk).adjudicated_by == judge
    assert AuditEvent.objects.filter(action="document.adjudicated", actor=judge).exists()

    # blind mode ends on the adjudicated document: bob now sees alice's claims and the merged one
    page.context.clear_cookies()
    sign_in(page, bob.username, f"/documents/{document.pk}/")
    expect(page.locator("#claim-list .claim-item")).to_have_count(6)
