"""Keyboard only, the word cursor after a claim is drafted: once its words are the draft's (and
picking the source took the selection away), ← and → start beside the claim, where its cue and
mentions sit, as they do after a mouse selection; not from the words the keys last selected."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Role
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "Trade talks\n\nBeijing said on Friday that tariffs would hurt both sides."
CLAIM = "tariffs would hurt both sides"


@pytest.fixture
def annotator_page(page, db):
    return open_as_annotator(page, ARTICLE)


def open_as_annotator(page, article: str):
    """The annotate page, signed in as an annotator, with the keys in the article's text."""
    document = DocumentFactory(text=article, title="Trade talks")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    SourceFactory(project=document.project, name="Beijing", kind="organisation")
    sign_in(page, annotator.username)
    page.goto(f"/documents/{document.pk}/")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    text = page.locator("#text")
    expect(text).to_be_focused()
    page.keyboard.press("Shift+Tab")  # out of the text and back in, as a person tabs into it
    expect(text).not_to_be_focused()
    page.keyboard.press("Tab")
    expect(text).to_be_focused()
    return page


def selected(page) -> str:
    return page.evaluate("window.getSelection().toString()")


def select_claim_by_keyboard(page, start_key: str = "Enter") -> None:
    """→ to "tariffs" (Trade talks Beijing said on Friday that tariffs), Shift+→ to "sides", Enter."""
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    assert selected(page) == "tariffs"
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")
    assert selected(page) == CLAIM
    page.keyboard.press(start_key)
    expect(page.locator(".claim-form blockquote")).to_have_text(CLAIM)
    expect(page.get_by_placeholder("Who says it?")).to_be_focused()


def pick_beijing(page) -> None:
    page.keyboard.type("Beijing")
    page.keyboard.press("Enter")
    expect(page.locator(".claim-form .chosen")).to_contain_text("Beijing")
    expect(page.locator("#text")).to_be_focused()


@pytest.mark.parametrize(("key", "word"), [("ArrowLeft", "that"), ("ArrowRight", ".")])
def test_after_a_keyboard_selection_and_the_source_the_arrows_start_beside_the_claim(
    annotator_page, page_errors, key, word
):
    page = annotator_page
    select_claim_by_keyboard(page)
    pick_beijing(page)
    page.keyboard.press(key)
    assert selected(page) == word  # ← took "both", inside the claim, before the fix
    assert page_errors == []


def test_a_claim_drafted_backwards_by_keyboard_starts_the_arrows_beside_it_too(annotator_page, page_errors):
    """Selected from its last word back to its first, the cursor ended on the claim's first word:
    → then took its second word."""
    page = annotator_page
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    assert selected(page) == "sides"
    for _ in range(4):
        page.keyboard.press("Shift+ArrowLeft")
    assert selected(page) == CLAIM
    page.keyboard.press("n")
    pick_beijing(page)
    page.keyboard.press("ArrowRight")
    assert selected(page) == "."
    page.keyboard.press("ArrowLeft")
    assert selected(page) == "sides"
    assert page_errors == []


def test_back_in_the_text_before_the_source_is_picked_the_arrows_start_beside_the_claim(
    annotator_page, page_errors
):
    page = annotator_page
    select_claim_by_keyboard(page)
    page.keyboard.press("Escape")  # back to the text; the draft stays
    expect(page.locator("#text")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    assert selected(page) == "that"
    expect(page.locator(".claim-form blockquote")).to_have_text(CLAIM)
    assert page_errors == []


def test_cue_and_mention_by_keyboard_after_a_keyboard_drafted_claim(annotator_page, page_errors):
    """The README's keyboard way through a claim: the words, Enter, the source, then the cue and
    the mention beside the claim, then save; then an edit of it starts the arrows beside it."""
    page = annotator_page
    select_claim_by_keyboard(page)
    pick_beijing(page)
    steps = []
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
        steps.append(selected(page))
    assert steps == ["that", "Friday", "on", "said"]
    page.keyboard.press("c")
    page.keyboard.press("ArrowLeft")
    assert selected(page) == "Beijing"
    page.keyboard.press("m")
    form = page.locator(".claim-form")
    expect(form.locator(".cue-text")).to_have_text("“said”")
    expect(form.locator(".mentions li")).to_have_text(["“Beijing” remove"])
    expect(form.locator("blockquote")).to_have_text(CLAIM)
    screenshot(page, "annotate-keyboard-cursor")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)

    claim = Claim.objects.select_related("source").get()
    assert (claim.text, claim.source.name) == (CLAIM, "Beijing")
    assert ARTICLE[claim.cue_start : claim.cue_end] == "said"
    assert [ARTICLE[m.start : m.end] for m in claim.mentions.all()] == ["Beijing"]

    # Words selected elsewhere before the claim is opened (j) and edited (e) are not its own:
    # the arrows start beside the claim being edited, as they do after clicking it.
    expect(page.locator("#text")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert selected(page) == "talks"
    page.keyboard.press("j")
    expect(page.locator("#claim-panel blockquote")).to_have_text(CLAIM)
    page.keyboard.press("e")
    expect(page.locator(".claim-form h2")).to_have_text("Edit claim")
    page.keyboard.press("ArrowLeft")
    assert selected(page) == "that"
    page.keyboard.press("ArrowRight")
    assert selected(page) == "tariffs"
    assert page_errors == []


def test_after_the_source_is_changed_by_keyboard_the_arrows_start_beside_the_claim_again(
    annotator_page, page_errors
):
    """Changing the source takes the selection the arrows made away, as picking it did the first
    time: the next move starts beside the claim, not from the words no longer selected."""
    page = annotator_page
    select_claim_by_keyboard(page)
    pick_beijing(page)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert selected(page) == "Friday"
    change = page.locator(".claim-form .chosen").get_by_role("button", name="change")
    for _ in range(2):
        page.keyboard.press("Tab")  # past "use selection as its words (w)" to "change"
    expect(change).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_placeholder("Who says it?")).to_be_focused()
    pick_beijing(page)
    page.keyboard.press("ArrowLeft")
    assert selected(page) == "that"  # "on", one on from "Friday", without the check
    assert page_errors == []


def test_the_arrows_step_over_whole_characters_an_emoji_sequence_or_a_flag_being_one(page, db, page_errors):
    """ "👩‍⚖️" is four code points and "🇨🇳" two: each is one step, and a claim the keys select
    across them is stored with them whole."""
    article = "Court news\n\nThe judge 👩‍⚖️ ruled on the 🇨🇳 flag case, she'd said."
    page = open_as_annotator(page, article)
    steps = []
    for _ in range(11):
        page.keyboard.press("ArrowRight")
        steps.append(selected(page))
    assert steps == ["Court", "news", "The", "judge", "👩‍⚖️", "ruled", "on", "the", "🇨🇳", "flag", "case"]
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        steps.append(selected(page))
    assert steps[-4:] == [",", "she'd", "said", "."]
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    assert selected(page) == "👩‍⚖️"
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")
    assert selected(page) == "👩‍⚖️ ruled on the 🇨🇳"
    page.keyboard.press("Enter")
    pick_beijing(page)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)
    claim = Claim.objects.get()
    assert (claim.text, article[claim.start : claim.end]) == ("👩‍⚖️ ruled on the 🇨🇳",) * 2
    assert page_errors == []
