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
