"""Two tabs on one claim: the tab that saves or deletes an older version gets 409 with the claim
as it stands, takes it (highlight, list entry, panel) and lets the user go on without a reload:
the draft stays, with the other tab's changes merged in, and saves on top of the new version."""

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import Claim, Role
from tests.browser.conftest import collect_errors, screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "Border closed\n\nOfficials said the border was closed on Monday, RFA reported."
WORDS = "the border was closed on Monday"


@pytest.fixture
def claim(db):
    document = DocumentFactory(text=ARTICLE, title="Border closed")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    officials = SourceFactory(project=document.project, name="Officials", kind="group")
    return claim_on(document, WORDS, source=officials, actor=annotator)


def claim_open_in_two_tabs(page, claim) -> tuple:
    """The claim's author signed in, the claim open in page and in a second tab of the same
    browser, whose script errors are collected as the page_errors fixture collects page's."""
    sign_in(page, claim.created_by.username)
    other = page.context.new_page()
    errors = collect_errors(other)
    open_claim(page, claim)
    open_claim(other, claim)
    return other, errors


def open_claim(page, claim) -> None:
    page.goto(f"/documents/{claim.document_id}/")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    page.locator("#claim-list .claim-item").first.click()
    expect(page.locator("#claim-panel .facts")).to_contain_text("Officials")


def edit(page) -> None:
    page.keyboard.press("e")
    expect(page.locator(".claim-form h2")).to_have_text("Edit claim")


def select_words(page, words: str) -> None:
    """The article is ASCII: its code point offsets are the DOM's."""
    start = ARTICLE.index(words)
    page.evaluate(
        """([start, end]) => {
            const node = document.getElementById("text").firstChild;
            window.getSelection().setBaseAndExtent(node, start, node, end);
        }""",
        [start, start + len(words)],
    )


def save_kind_in_first_tab(page, kind: str) -> None:
    page.get_by_label("Attribution").select_option(kind)
    page.keyboard.press("Control+Enter")
    expect(page.locator(".toast")).to_have_text("Saved.")


def test_a_stale_edit_takes_the_other_tabs_change_and_saves_the_draft_on_top(page, page_errors, claim):
    tab_b, tab_b_errors = claim_open_in_two_tabs(page, claim)
    edit(page)
    edit(tab_b)
    select_words(tab_b, "said")
    tab_b.keyboard.press("c")  # tab B's change: a cue
    expect(tab_b.locator(".claim-form .cue-text")).to_have_text("“said”")

    save_kind_in_first_tab(page, "mixed")  # tab A's change: the kind, now version 2
    tab_b.keyboard.press("Control+Enter")

    form = tab_b.locator(".claim-form")
    note = form.locator(".notice")
    expect(note).to_contain_text(f"Claim {claim.pk} was changed while you were editing it")
    expect(note).to_contain_text("It is now at version 2")
    expect(note).to_contain_text("Their change to the attribution is now in your draft.")
    expect(note).to_contain_text("Save (Ctrl+Enter) applies your draft to version 2")
    expect(note).to_have_attribute("role", "alert")
    expect(form.locator("#claim-kind")).to_have_value("mixed")  # theirs, taken into the draft
    expect(form.locator(".cue-text")).to_have_text("“said”")  # the user's, kept
    expect(form.locator("#form-error")).to_have_text("")
    expect(tab_b.locator("#claim-list .claim-item")).to_contain_text("mixed (partly quoted)")
    claim.refresh_from_db()
    assert (claim.version, claim.kind, claim.cue_start) == (2, "mixed", None)
    screenshot(tab_b, "annotate-stale-edit")

    tab_b.keyboard.press("Control+Enter")
    expect(tab_b.locator(".toast")).to_have_text("Saved.")
    facts = tab_b.locator("#claim-panel .facts")
    expect(facts).to_contain_text("mixed (partly quoted)")
    expect(facts).to_contain_text("“said”")
    expect(tab_b.locator("#claim-panel .history li")).to_have_count(3)
    claim.refresh_from_db()
    assert (claim.version, claim.kind, ARTICLE[claim.cue_start : claim.cue_end]) == (3, "mixed", "said")
    assert page_errors == [] and tab_b_errors == []


def test_when_both_tabs_change_the_same_field_the_draft_keeps_the_users_value_and_says_so(
    page, page_errors, claim
):
    tab_b, tab_b_errors = claim_open_in_two_tabs(page, claim)
    edit(page)
    edit(tab_b)
    tab_b.get_by_label("Attribution").select_option("according_to")
    save_kind_in_first_tab(page, "mixed")
    tab_b.keyboard.press("Control+Enter")

    note = tab_b.locator(".claim-form .notice")
    expect(note).to_contain_text(
        "You both changed the attribution: your draft keeps yours; theirs is mixed (partly quoted)."
    )
    expect(tab_b.locator("#claim-kind")).to_have_value("according_to")
    expect(tab_b.locator("#claim-list .claim-item")).to_contain_text("mixed (partly quoted)")
    tab_b.keyboard.press("Control+Enter")
    expect(tab_b.locator("#claim-panel .facts")).to_contain_text("according to")
    claim.refresh_from_db()
    assert (claim.version, claim.kind) == (3, "according_to")
    assert page_errors == [] and tab_b_errors == []


def test_a_stale_delete_deletes_nothing_shows_the_claim_as_it_stands_and_asks_again(page, page_errors, claim):
    tab_b, tab_b_errors = claim_open_in_two_tabs(page, claim)  # tab B reads version 1
    edit(page)
    save_kind_in_first_tab(page, "mixed")

    tab_b.keyboard.press("d")
    tab_b.get_by_role("button", name="Yes, delete it").click()
    panel = tab_b.locator("#claim-panel")
    note = panel.locator(".notice")
    expect(note).to_contain_text(f"Claim {claim.pk} was changed since you opened it")
    expect(note).to_contain_text("nothing was deleted")
    expect(note).to_contain_text("It is now at version 2 (the attribution changed)")
    expect(panel.locator(".facts")).to_contain_text("mixed (partly quoted)")
    expect(note.get_by_role("button", name="Keep it")).to_be_focused()
    expect(tab_b.locator("#claim-list .claim-item")).to_contain_text("mixed (partly quoted)")
    claim.refresh_from_db()
    assert claim.version == 2
    screenshot(tab_b, "annotate-stale-delete")

    note.get_by_role("button", name="Yes, delete it").click()
    expect(tab_b.locator(".toast")).to_have_text("Deleted.")
    expect(tab_b.locator("#claim-list .claim-item")).to_have_count(0)
    assert not Claim.objects.exists()

    # tab A still shows the claim: deleting it there finds it gone and lets it go
    page.keyboard.press("d")
    page.get_by_role("button", name="Yes, delete it").click()
    gone = page.locator(".toast", has_text=f"Claim {claim.pk} had already been deleted")
    expect(gone).to_contain_text("it is gone from this page too")
    expect(page.locator("#claim-list .claim-item")).to_have_count(0)
    expect(page.locator("#claim-panel")).to_be_hidden()
    assert page_errors == [] and tab_b_errors == []


def test_an_edit_of_a_claim_deleted_meanwhile_can_be_saved_as_a_new_claim(page, page_errors, claim):
    sign_in(page, claim.created_by.username)
    open_claim(page, claim)
    edit(page)
    page.get_by_label("Attribution").select_option("direct")
    services.delete_claim(claim.pk, actor=claim.created_by, version=1)
    page.keyboard.press("Control+Enter")

    form = page.locator(".claim-form")
    expect(form.locator(".notice")).to_contain_text(f"Claim {claim.pk} was deleted while you were editing it")
    expect(form.locator(".notice")).to_contain_text("Save (Ctrl+Enter) adds it as a new claim")
    expect(form.locator("h2")).to_have_text("New claim")
    expect(page.locator("#claim-list .claim-item")).to_have_count(0)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)
    (created,) = Claim.objects.all()
    assert (created.pk != claim.pk, created.text, created.kind, created.version) == (True, WORDS, "direct", 1)
    assert page_errors == []


def test_an_edit_of_a_claim_decided_meanwhile_is_not_saved_and_the_page_shows_the_decision(
    page, page_errors, claim
):
    reviewer = MembershipFactory(project=claim.document.project, role=Role.REVIEWER).user
    sign_in(page, claim.created_by.username)
    open_claim(page, claim)
    edit(page)
    page.get_by_label("Attribution").select_option("direct")
    services.review_claim(claim.pk, reviewer=reviewer, verdict="approve", version=1)
    page.keyboard.press("Control+Enter")

    panel = page.locator("#claim-panel")
    expect(panel.locator(".notice")).to_contain_text(
        f"Claim {claim.pk} was approved while you were editing it: your edit was not saved."
    )
    expect(panel.locator(".claim-form")).to_have_count(0)
    expect(panel.locator(".facts")).to_contain_text("approved")
    expect(panel.get_by_role("button", name="Edit (e)")).to_have_count(0)
    expect(page.locator("#claim-list .claim-item .status")).to_have_text("approved")
    claim.refresh_from_db()
    assert (claim.status, claim.kind, claim.version) == ("approved", "indirect", 2)
    assert page_errors == []


def test_accepting_a_suggestion_a_colleague_accepted_meanwhile_shows_it_as_theirs(page, page_errors, db):
    document = DocumentFactory(text=ARTICLE, title="Border closed")
    annotator, colleague = (
        MembershipFactory(project=document.project, role=Role.ANNOTATOR).user for _ in range(2)
    )
    officials = SourceFactory(project=document.project, name="Officials", kind="group")
    suggestion = claim_on(document, WORDS, source=officials, actor=None, origin="machine")
    sign_in(page, annotator.username)
    open_claim(page, suggestion)
    services.accept_suggestion(suggestion.pk, actor=colleague, version=1)
    page.keyboard.press("a")

    expect(page.locator(".toast.error")).to_contain_text(
        f"Claim {suggestion.pk} changed meanwhile (now pending, version 2): nothing was done"
    )
    facts = page.locator("#claim-panel .facts")
    expect(facts).to_contain_text(colleague.username)
    expect(facts).to_contain_text("pending")
    expect(page.locator("#claim-list .claim-item .status")).to_have_text("pending")
    suggestion.refresh_from_db()
    assert (suggestion.created_by, suggestion.version) == (colleague, 2)
    assert page_errors == []
