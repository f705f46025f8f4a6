"""The annotate page shows an opened claim's history, read from the audit trail."""

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import Role, Source
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "Border closed\n\nOfficials said the border was closed on Monday, RFA reported."


def test_an_opened_claim_lists_who_changed_what_and_when(page, db):
    document = DocumentFactory(text=ARTICLE, title="Border closed")
    project = document.project
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    officials = services.create_source(project, name="Officials", kind="group")
    rfa = services.create_source(project, name="RFA", kind="outlet")
    full = services.create_source(project, name="Radio Free Asia", kind="outlet")
    claim = claim_on(document, "the border was closed", source=officials, actor=annotator, via=[rfa])
    services.update_claim(claim.pk, version=1, actor=annotator, kind="mixed")
    services.merge_sources(rfa, full, actor=reviewer)
    services.review_claim(
        claim.pk, reviewer=reviewer, verdict="reject", version=3, comment="<b>said</b> by RFA"
    )

    sign_in(page, reviewer.username)
    page.goto(f"/documents/{document.pk}/")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    page.locator("#claim-list .claim-item").first.click()
    entries = page.locator("#claim-panel .history li")
    expect(entries).to_have_count(4)
    expect(entries.nth(0)).to_contain_text(f"{annotator.username} created, attributed to Officials")
    expect(entries.nth(1)).to_contain_text("edited: kind indirect (paraphrase) → mixed (partly quoted)")
    expect(entries.nth(2)).to_contain_text(f"{reviewer.username} source RFA merged into Radio Free Asia")
    expect(entries.nth(3)).to_contain_text("rejected: “<b>said</b> by RFA”")  # as text, not markup
    expect(page.locator("#claim-panel .history b")).to_have_count(0)
    expect(page.locator("#claim-panel .facts")).to_contain_text("Radio Free Asia")
    assert not Source.objects.filter(name="RFA").exists()
    screenshot(page, "annotate-claim-history")
