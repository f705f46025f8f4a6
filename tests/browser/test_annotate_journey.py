"""An annotator's day on the annotate page, in Debian's Chromium: mouse and keyboard
selection, inline sources, cues, overlapping claims, emoji before a span, hostile text."""

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import Claim, Role, Source
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = (
    "Border closed\n\n"
    "Officials said the border was closed on Monday.\n\n"
    '"We will reopen it soon," a spokesman told the Global Times.'
)


def units(text: str, point: int) -> int:
    """The DOM's UTF-16 offset of a code point offset."""
    return len(text[:point].encode("utf-16-le")) // 2


def open_document(page, document) -> None:
    page.goto(f"/documents/{document.pk}/")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)


def drag_select(page, text: str, words: str) -> None:
    """Select the words with the mouse: press before the first letter, release after the last."""
    start = text.index(words)
    box = page.evaluate(
        """([start, end]) => {
            const node = document.getElementById("text").firstChild;
            const range = document.createRange();
            range.setStart(node, start); range.setEnd(node, start + 1);
            const first = range.getClientRects()[0];
            range.setStart(node, end - 1); range.setEnd(node, end);
            const rects = range.getClientRects(); const last = rects[rects.length - 1];
            return [first.left + 1, first.top + first.height / 2, last.right - 1, last.top + last.height / 2];
        }""",
        [units(text, start), units(text, start + len(words))],
    )
    page.mouse.move(box[0], box[1])
    page.mouse.down()
    page.mouse.move(box[2], box[3], steps=5)
    page.mouse.up()


def highlighted(page, layer: str) -> list[str]:
    return page.evaluate(
        """(layer) => [...(CSS.highlights.get(layer) ?? [])].map((r) => {
            const range = document.createRange();
            range.setStart(r.startContainer, r.startOffset); range.setEnd(r.endContainer, r.endOffset);
            return range.toString();
        }).sort()""",
        layer,
    )


@pytest.fixture
def newsroom(db):
    document = DocumentFactory(text=ARTICLE, title="Border closed")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    SourceFactory(project=document.project, name="Global Times", kind="outlet")
    return document, annotator


def test_annotator_marks_claims_by_mouse_and_by_keyboard_and_finds_them_after_reload(page, newsroom):
    document, annotator = newsroom
    sign_in(page, annotator.username)
    open_document(page, document)

    # 1. Mouse: select a sentence, the form opens beside it, create a new source inline, save.
    drag_select(page, ARTICLE, "Officials said the border was closed on Monday.")
    form = page.locator(".claim-form")
    expect(form.locator("blockquote")).to_have_text("Officials said the border was closed on Monday.")
    page.get_by_placeholder("Who says it?").fill("Border police")
    page.get_by_role("option", name="New source “Border police”…").click()
    page.get_by_label("Kind of the new source").filter(visible=True).select_option("group")
    page.get_by_role("button", name="Create source").filter(visible=True).click()
    expect(form.locator(".chosen")).to_contain_text("Border police")
    form.get_by_role("button", name="Save (Ctrl+Enter)").click()
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)
    screenshot(page, "annotate-after-mouse-claim")

    # 2. Keyboard only: word cursor to the quote, Enter, pick the source, kind, cue, save.
    text = page.locator("#text")
    text.focus()
    for _ in range(13):  # the 13th step: Border closed Officials … on Monday . " We
        page.keyboard.press("ArrowRight")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")  # the quote without its marks, as the guide has it
    page.keyboard.press("Enter")
    source_input = page.get_by_placeholder("Who says it?")
    expect(source_input).to_be_focused()
    page.keyboard.type("global")
    page.keyboard.press("Enter")
    expect(page.locator(".claim-form .chosen")).to_contain_text("Global Times")
    expect(text).to_be_focused()  # picking the source hands the keys back to the text
    page.keyboard.press("1")  # direct quote
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # , " a spokesman told
    page.keyboard.press("c")
    expect(page.locator(".claim-form .cue-text")).to_have_text("“told”")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#claim-list .claim-item")).to_have_count(2)

    police = Source.objects.get(name="Border police")
    stored = {claim.text: claim for claim in Claim.objects.select_related("source")}
    first = stored["Officials said the border was closed on Monday."]
    second = stored["We will reopen it soon"]
    assert (first.source, first.kind, first.created_by) == (police, "indirect", annotator)
    assert (police.kind, police.project_id) == ("group", document.project_id)
    assert (second.source.name, second.kind) == ("Global Times", "direct")
    assert ARTICLE[second.cue_start : second.cue_end] == "told"
    assert (
        ARTICLE[first.start : first.end] == first.text and ARTICLE[second.start : second.end] == second.text
    )

    # 3. Reload: both claims are drawn exactly where they were.
    page.reload()
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    assert highlighted(page, "claim-pending") == sorted([first.text, second.text])
    expect(page.locator("#claim-list .claim-item")).to_have_count(2)
    screenshot(page, "annotate")

    # 4. A reviewer approves the first and rejects the second with a comment.
    reviewer = MembershipFactory(project=document.project, role=Role.REVIEWER).user
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, reviewer.username)
    page.goto(f"/projects/{document.project_id}/review/")
    approve_row = page.locator(".claim-row", has_text="Officials said the border was closed on Monday.")
    approve_row.get_by_role("button", name="Approve").click()
    expect(approve_row).to_have_attribute("data-status", "approved")
    reject_row = page.locator(".claim-row", has_text="We will reopen it soon")
    reject_row.locator(".comment-input").fill(
        "The spokesman is not named; attribute to the Global Times report"
    )
    reject_row.get_by_role("button", name="Reject").click()
    expect(reject_row).to_have_attribute("data-status", "rejected")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")
    (rejection,) = second.reviews.all()
    assert (rejection.reviewer, rejection.comment) == (
        reviewer,
        "The spokesman is not named; attribute to the Global Times report",
    )


def test_keys_pressed_while_drafting_act_on_the_text_not_on_the_form(page, newsroom):
    """A cue or mention marked before the source is picked leaves the keys with the text: the
    arrows go on selecting words and "m" marks a mention rather than typing into a field."""
    document, annotator = newsroom
    sign_in(page, annotator.username)
    open_document(page, document)
    drag_select(page, ARTICLE, '"We will reopen it soon,"')
    expect(page.get_by_placeholder("Who says it?")).to_be_focused()
    drag_select(page, ARTICLE, "told")
    page.keyboard.press("c")
    text = page.locator("#text")
    expect(text).to_be_focused()
    expect(page.get_by_placeholder("Who says it?")).to_have_value("")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # the cursor starts at the selection: told, the, Global
    page.keyboard.press("Shift+ArrowRight")  # Global Times, without the full stop
    page.keyboard.press("m")
    form = page.locator(".claim-form")
    expect(form.locator(".cue-text")).to_have_text("“told”")
    expect(form.locator(".mentions li")).to_have_text(["“Global Times” remove"])
    expect(page.get_by_placeholder("Who says it?")).to_have_value("")
    expect(text).to_be_focused()


@pytest.mark.parametrize(("key", "word"), [("ArrowRight", "a"), ("ArrowLeft", ".")])
def test_after_a_mouse_selection_and_the_source_the_arrows_start_beside_the_claim(page, newsroom, key, word):
    """Picking the source takes the selection away; the word cursor then starts from the claim
    being drafted (→ the word after it, ← the word before), not from the top of the page."""
    document, annotator = newsroom
    sign_in(page, annotator.username)
    open_document(page, document)
    drag_select(page, ARTICLE, '"We will reopen it soon,"')
    page.keyboard.type("global")
    page.keyboard.press("Enter")
    expect(page.locator(".claim-form .chosen")).to_contain_text("Global Times")
    page.keyboard.press(key)
    assert page.evaluate("window.getSelection().toString()") == word


def test_pressing_save_twice_stores_the_claim_once(page, newsroom):
    document, annotator = newsroom
    sign_in(page, annotator.username)
    open_document(page, document)
    drag_select(page, ARTICLE, "Officials said the border was closed on Monday.")
    page.get_by_placeholder("Who says it?").fill("global")
    page.get_by_role("option", name="Global Times").click()
    page.locator(".claim-form").get_by_role("button", name="Save (Ctrl+Enter)").dblclick()
    expect(page.locator(".toast")).to_have_text("Saved.")
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)
    assert Claim.objects.filter(document=document).count() == 1


def test_overlapping_claims_both_render_and_both_open(page, newsroom):
    document, annotator = newsroom
    outer_text = '"We will reopen it soon," a spokesman told the Global Times.'
    outer_start = ARTICLE.index(outer_text)
    inner_start = ARTICLE.index("We will reopen")
    officials = SourceFactory(project=document.project, name="Spokesman", kind="anonymous")
    gt = Source.objects.get(name="Global Times")
    for start, text, source in [
        (outer_start, outer_text, gt),
        (inner_start, "We will reopen it soon", officials),
    ]:
        services.create_claim(
            document,
            start=start,
            end=start + len(text),
            text=text,
            kind="direct",
            source=source,
            actor=annotator,
        )
    sign_in(page, annotator.username)
    open_document(page, document)
    assert len(highlighted(page, "claim-pending")) == 2
    assert highlighted(page, "claim-overlap") == ["We will reopen it soon"]

    box = page.evaluate(
        """(offset) => { const r = document.createRange(); const n = document.getElementById("text").firstChild;
            r.setStart(n, offset); r.setEnd(n, offset + 1); const b = r.getBoundingClientRect();
            return [b.left + b.width / 2, b.top + b.height / 2]; }""",
        units(ARTICLE, ARTICLE.index("reopen")),
    )
    page.mouse.click(*box)
    choices = page.locator("#claim-panel .choice")
    expect(choices).to_have_count(2)
    for name in ["Global Times", "Spokesman"]:
        page.locator("#claim-panel .choice", has_text=name).click()
        expect(page.locator("#claim-panel .facts")).to_contain_text(name)
        page.mouse.click(*box)
    page.mouse.move(*box)
    expect(page.locator("#tip")).to_contain_text("Spokesman")
    expect(page.locator("#tip")).to_contain_text("Global Times")


def test_a_span_after_emoji_stores_code_point_offsets(page, db):
    text = "🙂🇨🇳 Update 👍🏽\n\nOfficials said the border was closed on Monday, police told 𝕏 users."
    document = DocumentFactory(text=text, title="Emoji first")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    SourceFactory(project=document.project, name="Officials", kind="group")
    sign_in(page, annotator.username)
    open_document(page, document)
    drag_select(page, text, "the border was closed on Monday")
    page.get_by_placeholder("Who says it?").fill("Officials")
    page.get_by_role("option", name="Officials").first.click()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)
    claim = Claim.objects.get()
    start = text.index("the border")
    assert (claim.start, claim.end) == (start, start + len("the border was closed on Monday"))
    assert units(text, start) - start == 5  # four emoji units and a skin tone before it
    assert highlighted(page, "claim-pending") == ["the border was closed on Monday"]


def test_article_text_and_source_names_with_markup_render_as_text(page, db):
    text = 'Alert <script>window.pwned = 1</script>\n\n<img src=x onerror="window.pwned = 2"> said the border was closed.'
    document = DocumentFactory(text=text, title="<b>Hostile</b> headline")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    hostile = SourceFactory(
        project=document.project, name='<img src=x onerror="window.pwned = 3">', kind="person"
    )
    start = text.index("said")
    services.create_claim(
        document,
        start=start,
        end=len(text),
        text=text[start:],
        kind="indirect",
        source=hostile,
        actor=annotator,
    )
    sign_in(page, annotator.username)
    open_document(page, document)
    expect(page.locator("#text")).to_have_text(text)
    expect(page.locator("#claim-list")).to_contain_text('<img src=x onerror="window.pwned = 3">')
    expect(page.locator("h1")).to_have_text("<b>Hostile</b> headline")
    page.locator("#claim-list .claim-item").click()
    expect(page.locator("#claim-panel .facts")).to_contain_text("<img src=x")
    assert page.evaluate("window.pwned") is None
    assert page.locator('main img, main script:not([type="application/json"])').count() == 0


def test_on_a_long_article_the_claims_near_the_viewport_are_drawn_and_follow_the_reader(page, db):
    paragraph = "Officials said the border was closed on Monday after days of talks with the neighbours. "
    text = "Long read\n\n" + "\n\n".join(paragraph * 3 for _ in range(200))  # about 53,000 characters
    document = DocumentFactory(text=text, title="Long read")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    source = SourceFactory(project=document.project, name="Officials", kind="group")
    first_start = text.index("Officials")
    last_start = text.rindex("Officials")
    for start in (first_start, last_start):
        end = start + len("Officials said the border was closed on Monday")
        services.create_claim(
            document,
            start=start,
            end=end,
            text=text[start:end],
            kind="indirect",
            source=source,
            actor=annotator,
        )
    drawn = "() => [...CSS.highlights.get('claim-pending')].map((range) => range.startOffset)"
    # functions, not expressions: Playwright polls an expression with eval, which the CSP refuses
    drawn_at = (
        "(start) => [...CSS.highlights.get('claim-pending')].some((range) => range.startOffset === start)"
    )
    sign_in(page, annotator.username)
    open_document(page, document)
    expect(page.locator("#claim-list .claim-item")).to_have_count(2)
    assert page.evaluate(drawn) == [units(text, first_start)]  # the far claim is not registered yet
    page.keyboard.press("k")  # open the previous claim: the last one, at the end of the article
    expect(page.locator("#claim-panel .facts")).to_contain_text("Officials")
    page.wait_for_function(drawn_at, arg=units(text, last_start))
    assert page.evaluate(drawn) == [units(text, last_start)]
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function(drawn_at, arg=units(text, first_start))
    assert page.evaluate(drawn) == [units(text, first_start)]


def test_suggestions_take_one_key_and_own_pending_claims_can_be_edited_and_deleted(page, newsroom):
    document, annotator = newsroom
    gt = Source.objects.get(name="Global Times")
    officials = SourceFactory(project=document.project, name="Officials", kind="group")

    def suggest(words, source):
        return claim_on(document, words, source=source, actor=None, origin="machine")

    accepted = suggest("Officials said the border was closed on Monday.", officials)
    dismissed = suggest("a spokesman told the Global Times", gt)
    sign_in(page, annotator.username)
    open_document(page, document)
    assert len(highlighted(page, "claim-suggested")) == 2
    expect(page.locator(".claim-item.origin-machine")).to_have_count(2)

    page.keyboard.press("j")  # the first suggestion
    expect(page.locator("#claim-panel")).to_contain_text("machine suggestion")
    page.keyboard.press("a")
    expect(page.locator("#claim-panel .facts")).to_contain_text("pending")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator("#claim-panel .facts")).to_contain_text("rejected")
    accepted.refresh_from_db()
    dismissed.refresh_from_db()
    assert (accepted.status, accepted.created_by, dismissed.status) == ("pending", annotator, "rejected")
    assert highlighted(page, "claim-suggested") == []

    page.keyboard.press("k")  # back to the accepted claim, now the annotator's own
    page.keyboard.press("e")
    page.get_by_label("Attribution").select_option("according_to")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#claim-panel .facts")).to_contain_text("according to")
    accepted.refresh_from_db()
    assert (accepted.kind, accepted.version) == ("according_to", 3)

    page.keyboard.press("d")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.locator("#claim-list .claim-item")).to_have_count(1)
    assert list(Claim.objects.values_list("pk", flat=True)) == [dismissed.pk]


def test_the_arrows_step_over_words_and_each_punctuation_mark(page, db):
    article = "Envoy\n\n“Don't,” the U.S. envoy said — 3.5% of 🙂 them."
    document = DocumentFactory(text=article, title="Envoy")
    annotator = MembershipFactory(project=document.project, role=Role.ANNOTATOR).user
    sign_in(page, annotator.username)
    open_document(page, document)
    page.locator("#text").focus()
    steps = []
    for _ in range(16):
        page.keyboard.press("ArrowRight")
        steps.append(page.evaluate("window.getSelection().toString()"))
    assert steps == [
        *["Envoy", "“", "Don't", ",", "”", "the", "U.S", ".", "envoy", "said", "—", "3.5", "%", "of"],
        *["🙂", "them"],
    ]
    page.keyboard.press("ArrowLeft")  # back to the emoji, then the words before it
    for _ in range(2):
        page.keyboard.press("Shift+ArrowLeft")
    assert page.evaluate("window.getSelection().toString()") == "% of 🙂"


def test_a_triple_click_drafts_the_whole_paragraph(page, newsroom):
    document, annotator = newsroom
    sign_in(page, annotator.username)
    open_document(page, document)
    sentence = "Officials said the border was closed on Monday."
    start = units(ARTICLE, ARTICLE.index("border"))
    x, y = page.evaluate(
        """(start) => {
            const range = document.createRange();
            range.setStart(document.getElementById("text").firstChild, start);
            range.setEnd(document.getElementById("text").firstChild, start + 3);
            const box = range.getBoundingClientRect();
            return [box.left + box.width / 2, box.top + box.height / 2];
        }""",
        start,
    )
    page.mouse.click(x, y, click_count=3)
    expect(page.locator(".claim-form blockquote")).to_have_text(sentence)
    # then words elsewhere, selected for the cue, leave the drafted claim as it is
    drag_select(page, ARTICLE, "told")
    page.keyboard.press("c")
    expect(page.locator(".claim-form blockquote")).to_have_text(sentence)
    expect(page.locator(".claim-form .cue-text")).to_have_text("“told”")
