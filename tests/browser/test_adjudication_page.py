"""Adjudication in Chromium: a reviewer takes one reading, merges two, drops one, and finishes;
the annotators of the blind project then see the approved set. Each card shows its cue, mentions
and relay chain, and a long chain wraps inside its card."""

import pytest
from playwright.sync_api import expect

from claims.models import AuditEvent, Claim, Document, Role
from claims.services import MentionSpan
from tests.browser.conftest import screenshot, sign_in
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "Border closed\n\nOfficials said the border was closed on Monday. "
    '"We will reopen it soon," a spokesman told the Global Times. Traders said prices rose.'
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


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
    global_times = SourceFactory(project=project, name="Global Times")

    def claim(user, words, source, **attribution):
        return claim_on(document, words, source=source, actor=user, **attribution)

    taken = claim(alice, "the border was closed", officials)
    claim(bob, "the border was closed on Monday", officials)
    alices_reading = claim(alice, "We will reopen it", officials)
    bobs_reading = claim(
        bob,
        "reopen it soon",
        spokesman,
        cue=span(TEXT, "told"),
        mentions=[MentionSpan(*span(TEXT, "a spokesman"))],
        via=[global_times],
    )
    dropped = claim(bob, "prices rose", traders)

    sign_in(page, judge.username, f"/documents/{document.pk}/adjudicate/")
    rows = page.locator("tr.cluster")
    expect(rows).to_have_count(3)
    expect(page.locator("thead th")).to_have_text(["Words", alice.username, bob.username])
    alices_card, bobs_card = (
        page.locator(f'.adj-claim[data-id="{c.pk}"]') for c in (alices_reading, bobs_reading)
    )
    expect(alices_card.locator(".attribution dd")).to_have_text(["none", "none", "none"])
    expect(bobs_card.locator(".attribution dd")).to_have_text(
        ["told", "a spokesman names A spokesman", "Global Times"]
    )
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
    # the merge kept the attribution of the claim ticked first, bob's
    expect(rows.nth(1).locator(".adj-claim.status-approved .via-part dd")).to_have_text("Global Times")
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


GENG = (
    'Beijing, Oct 2 (ANI): "We call for the unity and collaboration of the international community," '
    "Geng Shuang was quoted as saying by the state affiliated media China Daily."
)
LONG_CHAIN = (
    "China Daily",
    "Asian Lite News International Wire Service Syndication Desk",
    "ANI",
    "Xinhua News Agency English-language Overseas Service",
)


def test_annotators_disagreeing_on_the_relay_chain_see_both_chains_wrapped_in_their_cards(page, db):
    document = DocumentFactory(text=GENG, title="Geng calls for unity")
    project = document.project
    alice, bob = (MembershipFactory(project=project, role=Role.ANNOTATOR).user for _ in range(2))
    judge = MembershipFactory(project=project, role=Role.REVIEWER).user
    geng = SourceFactory(project=project, name="Geng Shuang", kind="person")
    chain = [SourceFactory(project=project, name=name) for name in LONG_CHAIN]
    china_daily = chain[0]
    words = "We call for the unity and collaboration of the international community,"
    cue = span(GENG, "was quoted as saying by")
    relayed = claim_on(
        document,
        words,
        source=geng,
        actor=alice,
        cue=cue,
        mentions=[
            MentionSpan(*span(GENG, "Geng Shuang")),
            MentionSpan(*span(GENG, "the state affiliated media China Daily"), source=china_daily),
        ],
        via=chain,
    )
    direct = claim_on(
        document,
        words,
        source=china_daily,
        actor=bob,
        cue=cue,
        mentions=[MentionSpan(*span(GENG, "China Daily"))],
    )

    sign_in(page, judge.username, f"/documents/{document.pk}/adjudicate/")
    relayed_card = page.locator(f'.adj-claim[data-id="{relayed.pk}"]')
    relayed_chain = relayed_card.locator(".via-part dd")
    expect(relayed_chain).to_have_text(" → ".join(LONG_CHAIN))
    expect(relayed_chain.locator(".relay")).to_have_text(list(LONG_CHAIN))
    expect(page.locator(f'.adj-claim[data-id="{direct.pk}"] .via-part dd')).to_have_text("none")
    screenshot(page, "adjudication-chains")

    # the chain wraps onto several lines inside its card, and the table stays within the window
    chain_box, card_box = relayed_chain.bounding_box(), relayed_card.bounding_box()
    assert chain_box["x"] + chain_box["width"] <= card_box["x"] + card_box["width"]
    line_height = relayed_chain.evaluate("element => parseFloat(getComputedStyle(element).lineHeight)")
    assert chain_box["height"] >= 2 * line_height
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


# Four annotators' readings of long words -------------------------------------------------------

LONG_WORDS = (
    "Approximately seventeen internationally recognised humanitarian organisations acknowledged "
    "unequivocally that the counterinsurgency operations were disproportionate, a spokeswoman for the "
    "Intergovernmental Consultative Commission told Xinhua. Representatives subsequently characterised "
    "the accommodations as uninhabitable, correspondents reported."
)
COMMISSION = "Intergovernmental Consultative Commission on Humanitarian Affairs and Displacement"

# Each word of the Words cell's quotation that the browser lays out on more than one line.
WORDS_BROKEN = """(cell) => {
  const broken = [];
  const walker = document.createTreeWalker(cell.querySelector("q"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""

# A button's one line: its line height, padding and border.
ONE_LINE_HEIGHT = """(element) => {
  const style = getComputedStyle(element);
  const px = (name) => parseFloat(style[name]);
  return px("lineHeight") + px("paddingTop") + px("paddingBottom") + px("borderTopWidth") + px("borderBottomWidth");
}"""

# The select's room for text (its width less padding and the arrow, about 1.5em) and the width of
# the first ten characters of the chosen source's name in its font.
SELECT_ROOM = """(select) => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    - 1.5 * parseFloat(style.fontSize);
  return [room, context.measureText(select.selectedOptions[0].text.slice(0, 10)).width];
}"""


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1024, 800)])
def test_the_words_column_keeps_its_width_beside_four_annotators(page, page_errors, db, width, height):
    document = DocumentFactory(text=LONG_WORDS, title="Organisations acknowledge")
    project = document.project
    annotators = [
        MembershipFactory(project=project, role=Role.ANNOTATOR, user__username=name).user
        for name in ("alice", "bob", "carol", "dave")
    ]
    judge = MembershipFactory(project=project, role=Role.REVIEWER).user
    commission = SourceFactory(project=project, name=COMMISSION, kind="organisation")
    spokeswoman = SourceFactory(project=project, name="a spokeswoman", kind="anonymous")
    xinhua = SourceFactory(project=project, name="Xinhua News Agency English-language Overseas Service")
    correspondents = SourceFactory(project=project, name="correspondents", kind="group")
    readings = [
        (
            "Approximately seventeen internationally recognised humanitarian organisations acknowledged",
            commission,
        ),
        (
            "seventeen internationally recognised humanitarian organisations acknowledged unequivocally",
            commission,
        ),
        ("the counterinsurgency operations were disproportionate", spokeswoman),
        (
            "Approximately seventeen internationally recognised humanitarian organisations acknowledged "
            "unequivocally that the counterinsurgency operations were disproportionate",
            spokeswoman,
        ),
    ]
    for annotator, (words, source) in zip(annotators, readings, strict=True):
        claim_on(document, words, source=source, actor=annotator, via=[xinhua])
    for annotator in annotators[:3]:
        claim_on(document, "the accommodations as uninhabitable", source=correspondents, actor=annotator)

    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, judge.username, f"/documents/{document.pk}/adjudicate/")
    expect(page.locator("thead th")).to_have_text(["Words", "alice", "bob", "carol", "dave"])
    rows = page.locator("tr.cluster")
    expect(rows).to_have_count(2)
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    screenshot(page, f"adjudication-four-annotators-{width}")

    for index in range(2):
        cell = rows.nth(index).locator("td.words")
        assert cell.bounding_box()["width"] >= 12 * rem
        assert cell.evaluate(WORDS_BROKEN) == []
        merge = cell.get_by_role("button", name="Merge ticked")
        one_line = merge.evaluate(ONE_LINE_HEIGHT)
        assert merge.bounding_box()["height"] <= one_line + 1, (merge.bounding_box(), one_line)
        room, ten_characters = cell.locator("select[name=source]").evaluate(SELECT_ROOM)
        assert room >= ten_characters, (room, ten_characters)
    # the source the most readings name leads the select, cut with an ellipsis where it is long
    expect(rows.nth(0).locator("select[name=source] option").first).to_have_text(COMMISSION)

    # The annotators' columns are not crushed either: when the table is wider than the page it
    # scrolls in its section, and the page itself does not.
    for column in page.locator("thead th").all()[1:]:
        assert column.bounding_box()["width"] >= 10 * rem
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    section = page.locator("section#adjudication")
    overflow = section.evaluate("element => element.scrollWidth - element.clientWidth")
    if overflow > 0:
        section.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
        last = rows.nth(0).locator("td").last
        last_box, section_box = last.bounding_box(), section.bounding_box()
        assert last_box["x"] + last_box["width"] <= section_box["x"] + section_box["width"] + 1
        screenshot(page, f"adjudication-four-annotators-{width}-scrolled")
    assert page_errors == []
