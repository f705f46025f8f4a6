"""The adjudication page's rows: a merge's source defaults to the one most annotators named,
Take and merge are disabled on the adjudicator's own claim, and each card shows its cue, mentions and relay
chain, read in a number of queries that does not grow with the claims."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Role
from claims.services import MentionSpan
from tests.factories import DocumentFactory, MembershipFactory, SourceFactory, claim_on

pytestmark = pytest.mark.django_db

TEXT = "Officials said the border was closed on Monday."


def test_the_merge_source_defaults_to_the_one_most_claims_name(client):
    document = DocumentFactory(text=TEXT)
    project = document.project
    global_times, police = (SourceFactory(project=project, name=name) for name in ("Global Times", "Police"))
    for source in (police, global_times, police):
        annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
        claim_on(document, "the border was closed", source=source, actor=annotator)
    client.force_login(MembershipFactory(project=project, role=Role.REVIEWER).user)

    response = client.get(f"/documents/{document.pk}/adjudicate/")

    [row] = response.context["rows"]
    assert [source.name for source in row["sources"]] == ["Police", "Global Times"]


def test_take_and_merge_are_disabled_on_the_adjudicators_own_claim(client):
    document = DocumentFactory(text=TEXT)
    project = document.project
    reviewer = MembershipFactory(project=project, role=Role.REVIEWER).user
    annotator = MembershipFactory(project=project, role=Role.ANNOTATOR).user
    police = SourceFactory(project=project, name="Police")
    own = claim_on(document, "the border was closed", source=police, actor=reviewer)
    other = claim_on(document, "border was closed on Monday", source=police, actor=annotator)
    client.force_login(reviewer)

    page = client.get(f"/documents/{document.pk}/adjudicate/").content.decode()

    take_buttons = re.findall(
        r'data-id="(\d+)".*?(<button type="button" data-action="take"[^>]*>)', page, re.S
    )
    takes = {int(claim_id): button for claim_id, button in take_buttons}
    assert 'disabled title="Nobody approves a claim they made' in takes[own.pk]
    assert "disabled" not in takes[other.pk]
    # a merge approves what it makes of the claims ticked: the own claim cannot be ticked either
    merge_boxes = re.findall(r'data-id="(\d+)".*?(<input type="checkbox" name="merge"[^>]*>)', page, re.S)
    ticks = {int(claim_id): box for claim_id, box in merge_boxes}
    assert 'disabled title="Nobody approves a claim they made' in ticks[own.pk]
    assert "disabled" not in ticks[other.pk]


# Cue, mentions and relay chain -------------------------------------------------------------

QUOTED = '"We call for unity," Geng Shuang was quoted as saying by China Daily, carried by Xinhua and ANI.'


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def attribution_of_card(html: str, claim_pk: int) -> str:
    """The card's cue, mentions and via list, as markup."""
    card = html[html.index(f'data-id="{claim_pk}"') :]
    return card[card.index('<dl class="attribution">') : card.index("</dl>") + len("</dl>")]


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def test_each_card_shows_its_cue_mentions_and_relay_chain_in_order(client):
    """Two annotators agree on the words and the speaker but not on the chain: both chains show.
    The chain's order is neither its sources' names' nor their ids'."""
    document = DocumentFactory(text=QUOTED)
    project = document.project
    ani, xinhua, china_daily = (
        SourceFactory(project=project, name=name) for name in ("ANI", "Xinhua", "China Daily")
    )
    geng = SourceFactory(project=project, name="Geng Shuang", kind="person")
    alice, bob = (MembershipFactory(project=project, role=Role.ANNOTATOR).user for _ in range(2))
    relayed = claim_on(
        document,
        "We call for unity,",
        source=geng,
        actor=alice,
        cue=span(QUOTED, "was quoted as saying by"),
        mentions=[
            MentionSpan(*span(QUOTED, "China Daily"), source=china_daily),
            MentionSpan(*span(QUOTED, "Geng Shuang")),
        ],
        via=[china_daily, xinhua, ani],
    )
    bare = claim_on(document, "We call for unity", source=geng, actor=bob)
    client.force_login(MembershipFactory(project=project, role=Role.REVIEWER).user)

    html = client.get(f"/documents/{document.pk}/adjudicate/").content.decode()

    relayed_attribution = attribution_of_card(html, relayed.pk)
    assert text_of(relayed_attribution) == (
        "cue was quoted as saying by "
        "mentions Geng Shuang names Geng Shuang; China Daily names China Daily "
        "via China Daily → Xinhua → ANI"
    )
    assert re.findall(r'<span class="relay">([^<]+)</span>', relayed_attribution) == [
        "China Daily",
        "Xinhua",
        "ANI",
    ]
    assert text_of(attribution_of_card(html, bare.pk)) == "cue none mentions none via none"


def test_markup_in_cues_mentions_and_relay_names_is_shown_as_text(client):
    text = "The <b>agency</b> <i>said</i> the talks failed."
    document = DocumentFactory(text=text)
    project = document.project
    agency = SourceFactory(project=project, name='<img src=x onerror="alert(1)">')
    relay = SourceFactory(project=project, name="<script>alert(2)</script>")
    made = claim_on(
        document,
        "the talks failed",
        source=agency,
        actor=MembershipFactory(project=project, role=Role.ANNOTATOR).user,
        cue=span(text, "<i>said</i>"),
        mentions=[MentionSpan(*span(text, "<b>agency</b>"))],
        via=[relay],
    )
    client.force_login(MembershipFactory(project=project, role=Role.REVIEWER).user)

    attribution = attribution_of_card(
        client.get(f"/documents/{document.pk}/adjudicate/").content.decode(), made.pk
    )

    for raw in ["<b>", "<i>", "<img", "<script>"]:
        assert raw not in attribution
    assert '<q class="cue">&lt;i&gt;said&lt;/i&gt;</q>' in attribution
    assert '<q class="mention">&lt;b&gt;agency&lt;/b&gt;</q>' in attribution
    assert '<span class="named">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</span>' in attribution
    assert '<span class="relay">&lt;script&gt;alert(2)&lt;/script&gt;</span>' in attribution


def test_queries_do_not_grow_with_the_claims_nor_their_mentions_and_relays(client):
    sentences = [f"Officials said gate {n} was closed, reports Global Times via Xinhua." for n in range(20)]
    document = DocumentFactory(text=" ".join(sentences))
    project = document.project
    officials, global_times, xinhua = (
        SourceFactory(project=project, name=name) for name in ("Officials", "Global Times", "Xinhua")
    )
    annotators = [MembershipFactory(project=project, role=Role.ANNOTATOR).user for _ in range(2)]
    client.force_login(MembershipFactory(project=project, role=Role.REVIEWER).user)
    url = f"/documents/{document.pk}/adjudicate/"
    client.get(url)  # the session's first request

    def annotate(numbers):
        for n in numbers:
            sentence = sentences[n]
            at = document.text.index(sentence)
            cue_start, cue_end = span(sentence, "said")
            mention_start, mention_end = span(sentence, "Global Times")
            claim_on(
                document,
                f"gate {n} was closed",
                source=officials,
                actor=annotators[n % 2],
                cue=(at + cue_start, at + cue_end),
                mentions=[MentionSpan(at + mention_start, at + mention_end, source=global_times)],
                via=[global_times, xinhua],
            )

    def queries_and_cards() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode().count('Global Times</span> <span class="arrow">')

    annotate(range(3))
    few, cards_few = queries_and_cards()
    annotate(range(3, 20))
    many, cards_many = queries_and_cards()

    assert (cards_few, cards_many) == (3, 20)
    assert few == many, (few, many)
