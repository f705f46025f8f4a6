"""The review queue in Chromium: decisions with the mouse and the keyboard, bulk approval,
the four-eyes refusal, a stale version, what an annotator sees, each row's cue, mentions and
relay chain, and the Source filter's type-ahead."""

import pytest
from playwright.sync_api import expect

from claims import adjudication, services
from claims.models import Claim, ClaimReview
from claims.services import MentionSpan
from tests.browser.conftest import screenshot, sign_in
from tests.factories import SourceFactory, claim_on
from tests.pages.helpers import build_queue, document, review

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue():
    return build_queue()


def queue_url(queue) -> str:
    return f"/projects/{queue.project.pk}/review/"


def row(page, claim):
    return page.locator(f'tr[data-claim="{claim.pk}"]')


def status_of(claim) -> str:
    return Claim.objects.get(pk=claim.pk).status


def test_reviewer_approves_with_the_mouse_and_rejects_with_the_keyboard(page, queue, page_errors):
    trip, preaching = queue.claims["trip"], queue.claims["preaching"]
    sign_in(page, "rita", queue_url(queue))
    expect(page.locator("tr.claim-row")).to_have_count(5)
    expect(row(page, trip).locator(".context mark")).to_have_text(
        "the illegal emigrants spend between 30,000 and 50,000 yuan for their whole trip"
    )
    expect(row(page, trip).locator(".context")).to_contain_text("Liu Huaming said the illegal")

    row(page, trip).get_by_role("button", name="Approve").click()
    expect(row(page, trip).locator(".status")).to_have_text("approved")
    expect(row(page, trip).locator(".row-note")).to_have_text("Approved.")
    expect(row(page, trip).locator(".history")).to_contain_text("rita approved")
    expect(row(page, trip)).to_have_attribute("data-version", "2")
    expect(row(page, trip).get_by_role("button", name="Reopen")).to_be_enabled()

    page.keyboard.press("j")
    expect(row(page, preaching)).to_be_focused()
    expect(row(page, preaching)).to_have_class("claim-row current")
    page.keyboard.press("r")
    expect(row(page, preaching).locator(".comment-input")).to_be_focused()
    page.keyboard.type("Police are not named as the source")
    page.keyboard.press("Enter")
    expect(row(page, preaching).locator(".status")).to_have_text("rejected")
    expect(row(page, preaching).locator(".history")).to_contain_text(
        "rita rejected: Police are not named as the source"
    )
    expect(row(page, preaching)).to_be_focused()
    assert (status_of(trip), status_of(preaching)) == ("approved", "rejected")

    page.reload()
    expect(page.locator("tr.claim-row")).to_have_count(3)
    page.select_option("#id_status", "approved")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tr.claim-row")).to_have_count(2)
    expect(row(page, trip).locator(".status")).to_have_text("approved")
    page.select_option("#id_status", "rejected")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, preaching).locator(".history")).to_contain_text("Police are not named as the source")

    page.select_option("#id_status", "any")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tr.claim-row")).to_have_count(6)
    page.keyboard.press("j")
    page.keyboard.press("j")
    row(page, queue.claims["reopen"]).locator(".comment-input").fill("Check the quote marks")
    page.keyboard.press("Escape")
    screenshot(page, "review-queue")
    assert page_errors == []


def test_the_four_eyes_refusal_shows_in_the_row(page, queue, page_errors):
    own = queue.claims["closed"]
    sign_in(page, "rita", queue_url(queue))
    expect(row(page, own).locator(".meta")).to_contain_text("by rita (you)")
    approve = row(page, own).get_by_role("button", name="Approve")
    expect(approve).to_be_disabled()  # the button says so before anyone clicks
    expect(approve).to_have_attribute(
        "title", "Nobody approves a claim they made: another reviewer must approve it"
    )
    expect(row(page, own).get_by_role("button", name="Reject")).to_be_enabled()
    row(page, own).click(position={"x": 300, "y": 5})
    page.keyboard.press("a")  # the key asks the server, which refuses and says why
    expect(row(page, own).locator(".row-note")).to_contain_text("nobody approves a claim they made")
    expect(row(page, own).locator(".status")).to_have_text("pending")
    expect(approve).to_be_disabled()
    assert status_of(own) == "pending" and not ClaimReview.objects.filter(claim=own).exists()
    assert page_errors == []


def test_bulk_approve_reports_each_row(page, queue, page_errors):
    reopen, figures, own = queue.claims["reopen"], queue.claims["figures"], queue.claims["closed"]
    sign_in(page, "rita", queue_url(queue))

    page.check("#select-all")
    expect(page.locator(".pick-box:checked")).to_have_count(5)
    expect(page.locator("#selected-count")).to_have_text("5")
    page.uncheck("#select-all")
    expect(page.locator(".pick-box:checked")).to_have_count(0)

    row(page, reopen).locator(".pick-box").check()
    row(page, figures).locator(".pick-box").check()
    row(page, own).click(position={"x": 300, "y": 5})
    page.keyboard.press("x")  # the keyboard selects the focused row
    expect(page.locator("#selected-count")).to_have_text("3")
    expect(page.locator("#select-all")).to_have_js_property("indeterminate", True)

    page.get_by_role("button", name="Approve selected").click()
    expect(page.locator("#bulk-summary")).to_have_text(
        "Approved 2 of 3. 1 failed and stay selected: the reason is in each row."
    )
    for approved in (reopen, figures):
        expect(row(page, approved).locator(".status")).to_have_text("approved")
        expect(row(page, approved).locator(".pick-box")).not_to_be_checked()
    expect(row(page, own).locator(".row-note")).to_contain_text("nobody approves a claim they made")
    expect(row(page, own).locator(".pick-box")).to_be_checked()
    screenshot(page, "review-bulk")
    assert [status_of(c) for c in (reopen, figures, own)] == ["approved", "approved", "pending"]
    assert page_errors == []


def test_keyboard_selection_and_bulk_approval(page, queue, page_errors):
    trip, preaching = queue.claims["trip"], queue.claims["preaching"]
    sign_in(page, "rita", queue_url(queue))
    for key in ["j", "x", "j", "x"]:
        page.keyboard.press(key)
    expect(page.locator("#selected-count")).to_have_text("2")
    page.keyboard.press("Shift+A")
    expect(page.locator("#bulk-summary")).to_have_text("Approved 2 of 2.")
    assert (status_of(trip), status_of(preaching)) == ("approved", "approved")
    page.keyboard.press("o")  # reopen the focused (second) row
    expect(row(page, preaching).locator(".status")).to_have_text("pending")
    expect(row(page, preaching).locator(".history")).to_contain_text("rita reopened")
    page.keyboard.press("/")
    expect(page.locator("#id_status")).to_be_focused()
    assert page_errors == []


def test_a_stale_version_shows_the_current_state(page, queue, page_errors):
    trip = queue.claims["trip"]
    sign_in(page, "rita", queue_url(queue))
    review(trip, queue.second_reviewer, "approve", "Already checked")  # behind the page's back
    row(page, trip).locator(".comment-input").fill("Not in the article")
    row(page, trip).get_by_role("button", name="Reject").click()
    note = row(page, trip).locator(".row-note")
    expect(note).to_contain_text("claim")
    expect(note).to_contain_text("is at version 2, not 1")
    expect(note).to_contain_text("It is now approved (version 2).")
    expect(row(page, trip).locator(".status")).to_have_text("approved")
    expect(row(page, trip).locator(".history")).to_contain_text("sam approved: Already checked")
    expect(row(page, trip).get_by_role("button", name="Reject")).to_be_disabled()
    expect(row(page, trip).get_by_role("button", name="Reopen")).to_be_enabled()
    assert status_of(trip) == "approved"
    assert page_errors == []


def test_a_comment_is_optional_when_rejecting(page, queue, page_errors):
    trip = queue.claims["trip"]
    sign_in(page, "rita", queue_url(queue))
    row(page, trip).get_by_role("button", name="Reject").click()
    expect(row(page, trip).locator(".row-note")).to_have_text("Rejected.")
    expect(row(page, trip).locator(".history li").last).to_contain_text("rita rejected")
    expect(row(page, trip).locator(".history .comment")).to_have_count(0)
    assert status_of(trip) == "rejected"
    assert page_errors == []


def test_an_annotator_sees_the_queue_with_disabled_actions(page, queue, page_errors):
    sign_in(page, "annie", queue_url(queue))
    expect(page.locator(".role-note")).to_contain_text("Reviewing needs the reviewer role")
    expect(page.locator("tr.claim-row")).to_have_count(5)
    for verdict in ["Approve", "Reject", "Reopen"]:
        buttons = page.locator("tr.claim-row").get_by_role("button", name=verdict)
        expect(buttons).to_have_count(5)
        for index in range(5):
            expect(buttons.nth(index)).to_be_disabled()
    expect(page.get_by_role("button", name="Approve selected")).to_be_disabled()
    expect(page.locator(".pick-box:disabled")).to_have_count(5)
    page.keyboard.press("j")
    page.keyboard.press("a")
    first = row(page, queue.claims["trip"])
    expect(first.locator(".row-note")).to_have_text("Reviewing needs the reviewer role.")
    screenshot(page, "review-queue-annotator")
    assert status_of(queue.claims["trip"]) == "pending"
    assert page_errors == []


def test_question_mark_lists_the_review_keys(page, queue, page_errors):
    sign_in(page, "rita", queue_url(queue))
    page.keyboard.press("?")
    help_dialog = page.locator("#help")
    expect(help_dialog).to_be_visible()
    for description in [
        "Next claim",
        "Previous claim",
        "Approve the focused claim",
        "Reject the focused claim",
        "Reopen the focused claim",
        "Select or unselect the focused claim",
        "Approve the selected claims",
        "Go to the filters",
    ]:
        expect(help_dialog).to_contain_text(description)
    screenshot(page, "review-keys")
    assert page_errors == []


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_each_row_shows_the_cue_mentions_and_relay_chain(page, queue, page_errors):
    text = (
        "Liu Huaming, deputy head of the public security bureau of Fangchenggang, said the illegal "
        "emigrants spend between 30,000 and 50,000 yuan ($4,820-8,000) for their whole trip, reports "
        "China's Global Times, in a story the Xinhua News Agency's English-language international "
        "service carried on Monday."
    )
    article = document(queue.project, "China cracks down on illegal emigrants heading for Syria", text)
    global_times = SourceFactory(project=queue.project, name="Global Times", kind="outlet")
    xinhua = SourceFactory(project=queue.project, name="Xinhua News Agency", kind="outlet")
    relayed = claim_on(
        article,
        "the illegal emigrants spend between 30,000 and 50,000 yuan ($4,820-8,000) for their whole trip",
        source=queue.sources["Liu Huaming"],
        actor=queue.annotator,
        cue=span(text, "said"),
        mentions=[
            MentionSpan(
                *span(text, "Liu Huaming, deputy head of the public security bureau of Fangchenggang")
            ),
            MentionSpan(*span(text, "China's Global Times"), source=global_times),
        ],
        via=[global_times, xinhua],
    )
    sign_in(page, "rita", queue_url(queue))
    shown = row(page, relayed)
    expect(shown.locator(".context .cue")).to_have_text("said")
    expect(shown.locator(".context .mention")).to_have_text(
        ["Liu Huaming, deputy head of the public security bureau of Fangchenggang", "China's Global Times"]
    )
    expect(shown.locator(".context .mention").last).to_have_attribute("title", "names Global Times")
    expect(shown.locator(".attribution .cue-part")).to_have_text("cue said")
    expect(shown.locator(".attribution .mention-of")).to_have_text(
        [
            "Liu Huaming, deputy head of the public security bureau of Fangchenggang names Liu Huaming",
            "China's Global Times names Global Times",
        ]
    )
    expect(shown.locator(".attribution .via-part")).to_have_text("via Global Times → Xinhua News Agency")
    expect(row(page, queue.claims["trip"]).locator(".attribution")).to_contain_text("via none")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shown.scroll_into_view_if_needed()
    screenshot(page, "review-cue-mentions-relays")
    assert page_errors == []


def test_the_source_filter_narrows_its_choices_as_one_types(page, queue, page_errors):
    police, figures = queue.sources["Police"], queue.sources["official figures"]
    services.update_source(figures, aliases=["Kazakh census"])
    sign_in(page, "rita", queue_url(queue))
    expect(page.locator("#id_source")).to_be_hidden()
    search = page.get_by_role("combobox", name="Source")
    expect(search).to_have_attribute("placeholder", "any source")
    matches = page.get_by_role("listbox")

    search.click()
    expect(matches.get_by_role("option")).to_have_count(7)  # any source and the six in use
    search.press_sequentially("pol")
    expect(matches.get_by_role("option")).to_have_text(["Police (group)"])
    page.keyboard.press("Enter")  # picks the match
    expect(matches).to_be_hidden()
    expect(search).to_have_value("Police (group)")
    page.keyboard.press("Enter")  # submits the filters
    page.wait_for_url(f"**source={police.pk}**")
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, queue.claims["preaching"])).to_be_visible()
    expect(search).to_have_value("Police (group)")

    search.fill("")
    search.press_sequentially("census")  # an alias
    expect(matches.get_by_role("option")).to_have_text(
        ["official figures (document or data) also Kazakh census"]
    )
    screenshot(page, "review-source-filter")
    matches.get_by_role("option").click()
    expect(search).to_have_value("official figures (document or data)")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**source={figures.pk}**")
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, queue.claims["figures"])).to_be_visible()

    search.fill("")
    search.press_sequentially("nobody by this name")
    expect(matches).to_contain_text("No source in use matches")
    page.keyboard.press("Escape")  # goes back to the chosen source
    expect(search).to_have_value("official figures (document or data)")

    search.fill("")
    search.press_sequentially("liu")
    page.get_by_role("button", name="Filter").click()  # leaving the box takes the best match
    page.wait_for_url(f"**source={queue.sources['Liu Huaming'].pk}**")
    expect(page.locator("tr.claim-row")).to_have_count(1)
    expect(row(page, queue.claims["trip"])).to_be_visible()

    search.fill("")
    page.get_by_role("button", name="Filter").click()  # an empty box is any source
    page.wait_for_url("**source=&**")
    expect(page.locator("tr.claim-row")).to_have_count(5)
    assert page_errors == []


def test_an_adjudicated_documents_claims_offer_no_verdict(page, queue, page_errors):
    """The server refuses any verdict on them (409), so the row offers none, nor a box for the
    bulk approval; the keys say why instead of asking the server."""
    text = "The governor said the bridge will reopen in May. Traders said prices doubled."
    article = document(queue.project, "Bridge to reopen", text)
    officials = queue.sources["Officials"]
    approved = review(
        claim_on(article, "the bridge will reopen in May", source=officials, actor=queue.annotator),
        queue.second_reviewer,
        "approve",
    )
    rejected = review(
        claim_on(article, "prices doubled", source=officials, actor=queue.annotator),
        queue.second_reviewer,
        "reject",
    )
    adjudication.finish_adjudication(article.pk, adjudicator=queue.second_reviewer)

    sign_in(page, "rita", f"{queue_url(queue)}?status=any")
    expect(page.locator("tr.claim-row")).to_have_count(8)
    for settled in (approved, rejected):
        shown = row(page, settled)
        expect(shown.get_by_role("button")).to_have_count(0)
        expect(shown.get_by_role("button", name="Reopen")).to_have_count(0)
        expect(shown.locator(".pick-box")).to_have_count(0)
        expect(shown.locator(".comment-input")).to_have_count(0)
        expect(shown.locator(".settled-note")).to_have_text("adjudicated: settled")
    # the other documents' decided claims may still be reopened
    expect(row(page, queue.claims["detained"]).get_by_role("button", name="Reopen")).to_be_enabled()

    row(page, approved).click(position={"x": 300, "y": 5})
    page.keyboard.press("o")
    expect(row(page, approved).locator(".row-note")).to_have_text(
        "This claim's document has been adjudicated: its claims stay as decided."
    )
    page.keyboard.press("x")  # nothing to select
    expect(page.locator("#selected-count")).to_have_text("0")
    row(page, approved).scroll_into_view_if_needed()
    screenshot(page, "review-adjudicated")

    page.check("#select-all")  # the six claims of the other documents only
    expect(page.locator(".pick-box:checked")).to_have_count(6)
    expect(page.locator("#selected-count")).to_have_text("6")
    expect(page.locator("#select-all")).to_have_js_property("indeterminate", False)
    assert ClaimReview.objects.filter(claim__document=article).count() == 2
    assert (status_of(approved), status_of(rejected)) == ("approved", "rejected")
    assert page_errors == []
