"""An annotator revises a claim a reviewer rejected: the rejection's comment is in its history,
"Revise" opens the form, which asks for a change, and the saved revision is pending again, for the
reviewers to decide."""

import pytest
from playwright.sync_api import expect

from claims import adjudication, services
from claims.models import Claim, ClaimReview, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "Border closed\n\nOfficials said the border was closed on Monday, RFA reported."


@pytest.fixture
def rejected(db):
    document = DocumentFactory(text=ARTICLE, title="Border closed")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    reviewer = MembershipFactory(project=document.project, role=Role.REVIEWER).user
    officials = SourceFactory(project=document.project, name="Officials", kind="group")
    claim = claim_on(document, "the border was closed on Monday", source=officials, actor=annotator)
    comment = "a paraphrase, not a quote"
    services.review_claim(claim.pk, reviewer=reviewer, verdict="reject", version=1, comment=comment)
    return claim


def open_rejected(page, claim) -> None:
    sign_in(page, claim.created_by.username)
    page.goto(f"/documents/{claim.document_id}/")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    page.locator("#claim-list .claim-item").first.click()
    expect(page.locator("#claim-panel .history")).to_contain_text("rejected: “a paraphrase, not a quote”")


def test_the_author_revises_a_rejected_claim_and_it_is_pending_again(page, page_errors, rejected):
    open_rejected(page, rejected)
    panel = page.locator("#claim-panel")
    expect(panel.get_by_role("button", name="Delete (d)")).to_have_count(0)
    panel.get_by_role("button", name="Revise (e)").click()
    expect(panel.locator(".claim-form h2")).to_have_text("Revise rejected claim")
    reviewer = ClaimReview.objects.get(claim=rejected).reviewer.username
    expect(panel.locator(".claim-form")).to_contain_text(
        f"Rejected: “a paraphrase, not a quote” ({reviewer}). Saving your changes sends it back to the "
        "reviewers as pending."
    )
    page.keyboard.press("Control+Enter")  # unchanged: said on the page, and nothing is sent
    expect(page.locator("#form-error")).to_have_text(
        "Nothing is changed yet. Change what the rejection points at; to contest it as it stands, "
        "ask a reviewer to reopen the claim."
    )
    assert Claim.objects.get(pk=rejected.pk).version == 2
    page.get_by_label("Attribution").select_option("direct")
    screenshot(page, "annotate-revise-rejected")
    page.keyboard.press("Control+Enter")

    expect(panel.locator(".facts")).to_contain_text("pending")
    expect(panel.locator(".history li").last).to_contain_text(
        "revised after its rejection, for review again: kind"
    )
    expect(page.locator("#claim-list")).to_contain_text("pending")
    rejected.refresh_from_db()
    assert (rejected.status, rejected.kind, rejected.version) == ("pending", "direct", 3)
    assert page_errors == []


def test_an_adjudicated_document_offers_no_revision_and_takes_no_new_claim(page, page_errors, rejected):
    judge = MembershipFactory(project=rejected.document.project, role=Role.REVIEWER).user
    adjudication.finish_adjudication(rejected.document_id, adjudicator=judge)
    open_rejected(page, rejected)
    page.keyboard.press("e")
    expect(page.locator("#claim-panel .claim-form")).to_have_count(0)
    expect(page.locator("#claim-panel").get_by_role("button", name="Revise (e)")).to_have_count(0)
    # nor a new claim, nor suggestions: its claims are settled
    expect(page.locator(".adjudicated-note")).to_contain_text("its claims are settled")
    expect(page.locator("#suggest-claims")).to_have_count(0)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    expect(page.locator(".toast.error")).to_contain_text("it takes no new ones")
    expect(page.locator("#claim-panel .claim-form")).to_have_count(0)
    screenshot(page, "annotate-adjudicated")
    assert Claim.objects.get(pk=rejected.pk).status == "rejected"
    assert page_errors == []


def test_a_revision_may_change_the_claims_words_by_keyboard(page, page_errors, rejected):
    open_rejected(page, rejected)
    page.keyboard.press("e")
    text = page.locator("#text")
    text.focus()
    page.keyboard.press("ArrowLeft")  # beside the claim: the word before it, "said"
    page.keyboard.press("ArrowRight")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("w")
    form = page.locator("#claim-panel .claim-form")
    expect(form.locator("blockquote")).to_have_text("the border was closed")
    expect(form.locator(".chosen")).to_contain_text("Officials")  # the rest of the draft stays
    screenshot(page, "annotate-revise-words")
    page.keyboard.press("Control+Enter")

    expect(page.locator("#claim-panel .history li").last).to_contain_text(
        "revised after its rejection, for review again: span"
    )
    rejected.refresh_from_db()
    assert (rejected.text, rejected.status, rejected.source.name) == (
        "the border was closed",
        "pending",
        "Officials",
    )
    assert page_errors == []
