"""The annotate page's "Suggest claims" button and its key, in Debian's Chromium."""

import pytest
from playwright.sync_api import expect

from claims.api import views
from claims.models import Claim, Job, Role
from claims.suggest import suggest
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory

# The mode the suggester runs in here: "tagger" where the optional extras are installed.
MODE = suggest("").mode

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = (
    "Border closed\n\n"
    "Officials said the border was closed on Monday.\n\n"
    '"We will reopen it soon," a spokesman told the Global Times.'
)
# a function, not an expression: Playwright polls an expression with eval, which the CSP refuses
SUGGESTED = "(count) => CSS.highlights.get('claim-suggested').size === count"


def test_g_suggests_claims_that_are_drawn_and_accepted_with_a(page, db):
    document = DocumentFactory(text=ARTICLE, title="Border closed")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    SourceFactory(project=document.project, name="Officials", kind="group")
    SourceFactory(project=document.project, name="Global Times", kind="outlet")
    sign_in(page, annotator.username)
    page.goto(f"/documents/{document.pk}/")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    assert page.evaluate(SUGGESTED, 0) is True

    page.keyboard.press("?")  # the key is listed with the others
    expect(page.locator("#help-keys")).to_contain_text("Suggest claims")
    page.keyboard.press("Escape")

    page.keyboard.press("g")
    expect(page.get_by_role("status").filter(has_text=f"suggested ({MODE})")).to_have_text(
        f"2 claims suggested ({MODE}); 0 replaced, 0 skipped."
    )
    expect(page.locator("#claim-list .claim-item.origin-machine")).to_have_count(2)
    page.wait_for_function(SUGGESTED, arg=2)
    screenshot(page, "annotate-suggestions")
    assert set(Claim.objects.values_list("status", "origin")) == {("suggested", "machine")}

    page.keyboard.press("j")  # the first suggestion: Officials'
    expect(page.locator("#claim-panel")).to_contain_text("machine suggestion")
    expect(page.locator("#claim-panel .facts")).to_contain_text("Officials")
    page.keyboard.press("a")
    expect(page.locator("#claim-panel .facts")).to_contain_text("pending")
    page.wait_for_function(SUGGESTED, arg=1)
    accepted = Claim.objects.get(status="pending")
    assert (accepted.text, accepted.created_by, accepted.source.name) == (
        "the border was closed on Monday",
        annotator,
        "Officials",
    )

    # the button does the same: the accepted claim stays, the other suggestion is replaced
    page.get_by_role("button", name="Suggest claims (g)").click()
    expect(page.get_by_role("status").filter(has_text=f"suggested ({MODE})")).to_have_text(
        f"1 claim suggested ({MODE}); 1 replaced, 1 skipped."
    )
    expect(page.locator("#claim-list .claim-item")).to_have_count(2)
    page.wait_for_function(SUGGESTED, arg=1)
    assert Claim.objects.filter(status="pending").get() == accepted


def test_a_long_article_is_suggested_by_a_job_the_page_waits_for(page, db, monkeypatch):
    document = DocumentFactory(text=ARTICLE, title="Border closed")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    monkeypatch.setattr(views, "SUGGEST_WHILE_WAITING", len(ARTICLE) - 1)
    sign_in(page, annotator.username)
    page.goto(f"/documents/{document.pk}/")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)

    page.keyboard.press("g")
    expect(page.get_by_role("status").filter(has_text="made by job")).to_contain_text("reloads when it ends")
    expect(page.get_by_role("status").filter(has_text=f"suggested ({MODE}) by job")).to_contain_text(
        "2 suggested"
    )
    expect(page.locator("#claim-list .claim-item.origin-machine")).to_have_count(2)
    assert Job.objects.get().status == "succeeded"
