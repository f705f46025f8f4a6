import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import adjudication, services
from claims.errors import Conflict
from claims.models import Claim, Origin, Role, Verdict
from claims.pages import review as review_page
from claims.services import MentionSpan
from tests.factories import MembershipFactory, SourceFactory, UserFactory, claim_on
from tests.pages.helpers import claim, document, review

pytestmark = pytest.mark.django_db


def url(queue, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('review', args=[queue.project.pk])}" + (f"?{query}" if query else "")


def rows(response) -> list[int]:
    """The claim ids of the page's rows, in order."""
    return [int(pk) for pk in re.findall(r'data-claim="(\d+)"', response.content.decode())]


def ids(queue, *names) -> list[int]:
    return [queue.claims[name].pk for name in names]


def test_anonymous_visitors_are_sent_to_sign_in(queue, client_for):
    response = client_for().get(url(queue))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(queue)}"


def test_a_project_the_user_is_not_a_member_of_answers_404(queue, client_for):
    assert client_for(queue.outsider).get(url(queue)).status_code == 404
    assert client_for(queue.reviewer).get(reverse("review", args=[999_999])).status_code == 404


def test_staff_superusers_review_every_project(queue, client_for):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client_for(staff).get(url(queue))
    assert response.status_code == 200
    assert response.context["page_data"]["canReview"] is True


def test_the_queue_shows_pending_claims_by_default_in_reading_order(queue, client_for):
    response = client_for(queue.reviewer).get(url(queue))
    assert response.status_code == 200
    assert rows(response) == ids(queue, "trip", "preaching", "reopen", "closed", "figures")
    assert 'aria-current="page">Review</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "approved"}, ["detained"]),
        ({"status": "rejected"}, []),
        ({"status": "any"}, ["trip", "preaching", "reopen", "closed", "figures", "detained"]),
        ({"status": "any", "kind": "direct"}, ["reopen", "detained"]),
        ({"annotator": "rita"}, ["closed"]),
        ({"status": "any", "annotator": "annie", "kind": "according_to"}, ["figures"]),
    ],
)
def test_filters(queue, client_for, params, expected):
    response = client_for(queue.reviewer).get(url(queue, **params))
    assert rows(response) == ids(queue, *expected)


def test_source_and_document_filters(queue, client_for):
    client = client_for(queue.reviewer)
    police = queue.sources["Police"].pk
    assert rows(client.get(url(queue, source=police))) == ids(queue, "preaching")
    assert rows(client.get(url(queue, status="any", document=queue.kazakhs.pk))) == ids(
        queue, "figures", "detained"
    )


def test_the_selects_list_what_the_project_uses(queue, client_for):
    SourceFactory(name="Another project's source")
    response = client_for(queue.reviewer).get(url(queue))
    form = response.context["filters"]
    source_names = [label for _, label in form.fields["source"].choices]
    assert "Police (group)" in source_names and "any source" in source_names
    assert not any("Unused outlet" in name or "Another project" in name for name in source_names)
    assert [value for value, _ in form.fields["annotator"].choices] == ["", "annie", "rita"]
    assert [label for _, label in form.fields["document"].choices][1:] == [
        "Beijing cracks down on border crossings",
        "Kazakhs detained in Xinjiang",
    ]
    assert [value for value, _ in form.fields["status"].choices] == [
        "pending",
        "approved",
        "rejected",
        "suggested",
        "any",
    ]


def test_an_invalid_filter_is_reported_and_not_applied(queue, client_for):
    response = client_for(queue.reviewer).get(url(queue, source="abc", kind="direct"))
    assert response.status_code == 200
    assert "This filter is left at its default" in response.content.decode()
    assert rows(response) == ids(queue, "reopen")


def test_each_row_shows_its_sentence_source_annotator_document_and_history(queue, client_for):
    review(queue.claims["figures"], queue.second_reviewer, "reject", "Wrong source")
    response = client_for(queue.reviewer).get(url(queue, status="any", document=queue.kazakhs.pk))
    html = response.content.decode()
    assert (
        '<p class="context">Official figures show <mark>there are around 1.5 million Kazakhs in China</mark>.</p>'
        in html
    )
    assert (
        '<span class="source">official figures</span> <span class="muted">(document or data)</span>' in html
    )
    assert '<span class="kind">according to</span>' in html
    assert '<span class="annotator">annie</span>' in html
    assert (
        f'<a class="document" href="/documents/{queue.kazakhs.pk}/">Kazakhs detained in Xinjiang</a>' in html
    )
    assert re.search(
        r'<span class="by">sam</span> <span class="verdict verdict-reject">rejected</span>: '
        r'<q class="comment">Wrong source</q>',
        html,
    )
    assert re.search(
        r'<span class="by">sam</span> <span class="verdict verdict-approve">approved</span>: '
        r'<q class="comment">Matches the RFA original</q>',
        html,
    )
    figures = queue.claims["figures"]
    assert f'data-claim="{figures.pk}" data-version="2" data-status="rejected"' in html


def test_buttons_follow_the_review_transitions(queue, client_for):
    response = client_for(queue.reviewer).get(url(queue, status="any", document=queue.kazakhs.pk))
    by_claim = {row.claim.pk: row.verdicts for row in response.context["rows"]}
    assert by_claim == {
        queue.claims["figures"].pk: ["approve", "reject"],
        queue.claims["detained"].pk: ["reopen"],
    }
    html = response.content.decode()
    detained_row = html[html.index(f'data-claim="{queue.claims["detained"].pk}"') :]
    assert re.search(r'data-verdict="approve" disabled', detained_row)
    assert re.search(r'data-verdict="reopen">Reopen', detained_row)


def test_reviewers_get_enabled_actions_and_annotators_a_note(queue, client_for):
    reviewer_page = client_for(queue.reviewer).get(url(queue)).content.decode()
    assert "Reviewing needs the reviewer role" not in reviewer_page
    assert 'data-verdict="approve">Approve' in reviewer_page
    annotator = client_for(queue.annotator).get(url(queue))
    html = annotator.content.decode()
    assert "Reviewing needs the reviewer role" in html
    assert 'data-verdict="approve">Approve' not in html
    assert html.count('data-verdict="approve" disabled') == len(rows(annotator)) == 5
    assert json.loads(re.search(r'id="review-data" type="application/json">(.*?)</script>', html)[1]) == {
        "canReview": False,
        "username": "annie",
        "transitions": {
            "approve": ["pending"],
            "reject": ["pending", "suggested"],
            "reopen": ["approved", "rejected"],
        },
    }


def test_own_claims_are_marked(queue, client_for):
    html = client_for(queue.reviewer).get(url(queue, annotator="rita")).content.decode()
    assert '<span class="annotator">rita</span> <span class="muted">(you)</span>' in html


def test_fifty_claims_a_page_and_the_pager_keeps_the_filters(queue, client_for):
    text = ". ".join(f"Claim number {i} is here" for i in range(60)) + "."
    article = document(queue.project, "Many claims", text)
    police = queue.sources["Police"]
    for i in range(60):
        claim(article, f"Claim number {i} is here", police, queue.annotator)
    client = client_for(queue.reviewer)
    first = client.get(url(queue, source=police.pk))
    assert len(rows(first)) == 50
    assert "page 1 of 2" in first.content.decode()
    next_link = re.search(r'<a href="([^"]+)" rel="next">', first.content.decode())[1].replace("&amp;", "&")
    assert f"source={police.pk}" in next_link and "page=2" in next_link
    second = client.get(reverse("review", args=[queue.project.pk]) + next_link)
    assert len(rows(second)) == 11  # 60 + the Police claim of the queue
    assert set(rows(first)).isdisjoint(rows(second))


def _claims_in_documents(queue, count: int, documents: int, relay):
    """count claims "Police say so.", each with its cue, a mention and a relay, a third rejected."""
    source = queue.sources["Police"]
    articles = [
        document(
            queue.project,
            f"Batch {count} article {n}",
            f"Batch {count}, article {n}: " + "Police say so. " * 10,
        )
        for n in range(documents)
    ]
    for i in range(count):
        article = articles[i % documents]
        made = claim_on(
            article,
            "Police say so.",
            source=source,
            actor=queue.annotator,
            cue=span(article.text, "say"),
            mentions=[MentionSpan(*span(article.text, "Police"))],
            via=[relay],
        )
        if i % 3 == 0:
            review(made, queue.reviewer, "reject", f"no {i}")


def _queries_for(queue, client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(queue, status="any", source=queue.sources["Police"].pk))
    assert response.status_code == 200
    return len(queries), len(rows(response))


def test_queries_do_not_grow_with_the_claims_on_the_page(queue, client_for):
    """Nor with their mentions and relay links, nor with the sources' aliases."""
    client = client_for(queue.reviewer)
    client.get(url(queue))  # the session's first request
    relay = SourceFactory(project=queue.project, name="Global Times", kind="outlet")
    _claims_in_documents(queue, 4, documents=2, relay=relay)
    few, shown_few = _queries_for(queue, client)
    _claims_in_documents(queue, 35, documents=7, relay=relay)
    services.update_source(queue.sources["Police"], aliases=["the police", "police officers"])
    many, shown_many = _queries_for(queue, client)
    assert (shown_few, shown_many) == (5, 40)
    assert few == many, (few, many)


def test_markup_in_articles_titles_sources_and_comments_is_shown_as_text(queue, client_for):
    hostile = 'Hostile <img src=x onerror="alert(1)"> said <script>alert(2)</script> it. The end.'
    article = document(queue.project, "<script>alert(3)</script> title", hostile)
    source = SourceFactory(project=queue.project, name='<img src=x onerror="alert(4)">', kind="person")
    made = claim(article, "<script>alert(2)</script>", source, queue.annotator)
    review(made, queue.reviewer, "reject", "<b>bold</b> <script>alert(5)</script>")
    response = client_for(queue.reviewer).get(url(queue, status="any", document=article.pk))
    html = response.content.decode()
    for raw in ["<script>alert", "<img src=x", "<b>bold"]:
        assert raw not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "Hostile &lt;img src=x onerror=&quot;alert(1)&quot;&gt; said <mark>&lt;script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(4)&quot;&gt;" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt; title" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_the_project_tabs_link_review_and_export(queue, client_for):
    html = client_for(queue.annotator).get(reverse("documents", args=[queue.project.pk])).content.decode()
    assert f'href="/projects/{queue.project.pk}/review/">Review</a>' in html
    assert f'href="/projects/{queue.project.pk}/export/">Export</a>' in html


def test_a_manager_of_the_project_can_review(queue, client_for):
    manager = MembershipFactory(project=queue.project, role=Role.MANAGER).user
    response = client_for(manager).get(url(queue))
    assert response.context["can_review"] is True


# Cue, mentions and relay chain -------------------------------------------------------------

ARTICLE = "Liu Huaming said the emigrants pay 30,000 yuan, reports Global Times, citing Xinhua and ANI."


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def part(html: str, claim_pk: int, opening: str) -> str:
    """The element that opening starts, in the row of the claim (no nesting of the same tag)."""
    row = html[html.index(f'data-claim="{claim_pk}"') :]
    tag = re.match(r"<(\w+)", opening)[1]
    begin = row.index(opening)
    return row[begin : row.index(f"</{tag}>", begin) + len(tag) + 3]


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


@pytest.fixture
def relayed(queue):
    """A claim with its cue, two mentions given out of order and three relays, whose order is
    neither the sources' names' nor their ids'."""
    article = document(queue.project, "Emigrants pay", ARTICLE)
    ani, xinhua, global_times = (
        SourceFactory(project=queue.project, name=name, kind="outlet")
        for name in ("ANI", "Xinhua", "Global Times")
    )
    return claim_on(
        article,
        "the emigrants pay 30,000 yuan",
        source=queue.sources["Liu Huaming"],
        actor=queue.annotator,
        cue=span(ARTICLE, "said"),
        mentions=[
            MentionSpan(*span(ARTICLE, "Global Times"), source=global_times),
            MentionSpan(*span(ARTICLE, "Liu Huaming")),
        ],
        via=[global_times, xinhua, ani],
    )


def test_a_row_marks_the_cue_and_mentions_in_its_sentence(queue, client_for, relayed):
    html = client_for(queue.reviewer).get(url(queue, document=relayed.document_id)).content.decode()
    assert part(html, relayed.pk, '<p class="context">') == (
        '<p class="context"><span class="mention" title="names Liu Huaming">Liu Huaming</span> '
        '<span class="cue" title="cue">said</span> <mark>the emigrants pay 30,000 yuan</mark>, reports '
        '<span class="mention" title="names Global Times">Global Times</span>, citing Xinhua and ANI.</p>'
    )


def test_a_row_names_its_cue_its_mentions_in_reading_order_and_its_relay_chain_in_order(
    queue, client_for, relayed
):
    html = client_for(queue.reviewer).get(url(queue, document=relayed.document_id)).content.decode()
    attribution = part(html, relayed.pk, '<dl class="attribution">')
    assert text_of(attribution) == (
        "cue said "
        "mentions Liu Huaming names Liu Huaming; Global Times names Global Times "
        "via Global Times → Xinhua → ANI"
    )
    assert '<q class="cue">said</q>' in attribution
    assert (
        '<q class="mention">Global Times</q> <span class="muted">names</span> <span class="named">Global Times</span>'
        in attribution
    )
    assert re.findall(r'<span class="relay">([^<]+)</span>', attribution) == ["Global Times", "Xinhua", "ANI"]


def test_a_row_without_cue_mentions_or_relays_says_none(queue, client_for):
    figures = queue.claims["figures"]
    html = client_for(queue.reviewer).get(url(queue, document=queue.kazakhs.pk)).content.decode()
    assert text_of(part(html, figures.pk, '<dl class="attribution">')) == "cue none mentions none via none"


def test_a_mention_inside_the_claim_keeps_the_claim_one_highlight(queue, client_for):
    text = "The ministry said that Geng Shuang will visit Kabul. Later news followed."
    article = document(queue.project, "Visit", text)
    geng = SourceFactory(project=queue.project, name="Geng Shuang", kind="person")
    made = claim_on(
        article,
        "Geng Shuang will visit Kabul",
        source=geng,
        actor=queue.annotator,
        cue=span(text, "said that"),
        mentions=[MentionSpan(*span(text, "Geng Shuang"))],
    )
    html = client_for(queue.reviewer).get(url(queue, document=article.pk)).content.decode()
    assert part(html, made.pk, '<p class="context">') == (
        '<p class="context">The ministry <span class="cue" title="cue">said that</span> '
        '<mark><span class="mention" title="names Geng Shuang">Geng Shuang</span> will visit Kabul</mark>.</p>'
    )


def test_a_cue_outside_the_shown_sentence_is_still_named(queue, client_for):
    text = "Reuters reported on Monday what the ministry says. The border was closed on Sunday."
    article = document(queue.project, "Closed", text)
    made = claim_on(
        article,
        "The border was closed on Sunday.",
        source=queue.sources["Officials"],
        actor=queue.annotator,
        cue=span(text, "reported"),
    )
    html = client_for(queue.reviewer).get(url(queue, document=article.pk)).content.decode()
    assert part(html, made.pk, '<p class="context">') == (
        '<p class="context"><mark>The border was closed on Sunday.</mark></p>'
    )
    assert '<q class="cue">reported</q>' in part(html, made.pk, '<dl class="attribution">')


def test_markup_in_cues_mentions_and_relay_names_is_shown_as_text(queue, client_for):
    text = "The <b>agency</b> <i>said</i> the talks failed."
    article = document(queue.project, "Talks", text)
    agency = SourceFactory(project=queue.project, name='<img src=x onerror="alert(6)">', kind="outlet")
    relay = SourceFactory(project=queue.project, name="<script>alert(7)</script>", kind="outlet")
    made = claim_on(
        article,
        "the talks failed",
        source=queue.sources["Officials"],
        actor=queue.annotator,
        cue=span(text, "<i>said</i>"),
        mentions=[MentionSpan(*span(text, "<b>agency</b>"), source=agency)],
        via=[relay],
    )
    html = client_for(queue.reviewer).get(url(queue, document=article.pk)).content.decode()
    row = html[html.index(f'data-claim="{made.pk}"') :]
    for raw in ["<b>", "<i>", "<img src=x", "<script>alert(7)"]:
        assert raw not in row
    assert '<q class="cue">&lt;i&gt;said&lt;/i&gt;</q>' in row
    assert '<q class="mention">&lt;b&gt;agency&lt;/b&gt;</q>' in row
    assert 'title="names &lt;img src=x onerror=&quot;alert(6)&quot;&gt;"' in row
    assert '<span class="relay">&lt;script&gt;alert(7)&lt;/script&gt;</span>' in row


def test_long_cue_and_mention_words_are_cut_in_the_summary_line(queue, client_for):
    words = "according to a statement " + "that went on and on " * 10
    text = f"Officials spoke {words}on Monday: the border is shut."
    article = document(queue.project, "Long cue", text)
    made = claim_on(
        article,
        "the border is shut.",
        source=queue.sources["Officials"],
        actor=queue.annotator,
        cue=span(text, words.strip()),
    )
    html = client_for(queue.reviewer).get(url(queue, document=article.pk)).content.decode()
    cue = re.search(r'<q class="cue">([^<]*)</q>', part(html, made.pk, '<dl class="attribution">'))[1]
    assert cue.startswith("according to a statement that went on") and cue.endswith("…")
    assert len(cue) == 80


def test_the_source_options_carry_their_aliases_for_the_type_ahead(queue, client_for):
    services.update_source(queue.sources["Police"], aliases=["the police", 'officers "on duty"'])
    html = client_for(queue.reviewer).get(url(queue)).content.decode()
    police = queue.sources["Police"].pk
    assert (
        f'<option value="{police}" data-aliases="[&quot;officers \\&quot;on duty\\&quot;&quot;, '
        '&quot;the police&quot;]">Police (group)</option>'
    ) in html
    liu = queue.sources["Liu Huaming"].pk
    assert f'<option value="{liu}">Liu Huaming (person)</option>' in html


# Adjudicated documents and claims not marked by hand ----------------------------------------

SETTLED_TEXT = (
    "The governor said the bridge will reopen in May. Residents said the river rose overnight. "
    "Traders said prices doubled."
)


@pytest.fixture
def adjudicated(queue):
    """A document two annotators marked and a reviewer adjudicated: rita merged two readings of
    the bridge (both rejected as marked, the merged claim approved), sam approved one claim and
    rejected another, then declared the document settled."""
    article = document(queue.project, "Bridge to reopen", SETTLED_TEXT)
    ada = MembershipFactory(project=queue.project, role=Role.ANNOTATOR, user__username="ada").user
    officials = queue.sources["Officials"]
    longer = claim(article, "the bridge will reopen in May", officials, queue.annotator)
    shorter = claim(article, "the bridge will reopen", officials, ada)
    merged = adjudication.merge_claims(
        longer.pk,
        adjudicator=queue.reviewer,
        versions={longer.pk: longer.version, shorter.pk: shorter.version},
    )
    river = review(
        claim(article, "the river rose overnight", queue.sources["Police"], queue.annotator),
        queue.second_reviewer,
        "approve",
    )
    prices = review(
        claim(article, "prices doubled", queue.sources["Police"], ada), queue.second_reviewer, "reject"
    )
    adjudication.finish_adjudication(article.pk, adjudicator=queue.second_reviewer)
    return {
        "document": article,
        "merged": merged,
        "longer": longer,
        "shorter": shorter,
        "river": river,
        "prices": prices,
    }


def row_of(html: str, claim_pk: int) -> str:
    begin = html.index(f'data-claim="{claim_pk}"')
    return html[begin : html.index("</tr>", begin)]


def meta_of(html: str, claim_pk: int) -> str:
    return text_of(part(html, claim_pk, '<p class="meta">'))


def test_an_adjudicated_documents_claims_are_offered_no_verdict(queue, client_for, adjudicated):
    response = client_for(queue.reviewer).get(url(queue, status="any"))
    settled = {c.pk for name, c in adjudicated.items() if name != "document"}
    by_claim = {row.claim.pk: (row.settled, row.verdicts) for row in response.context["rows"]}
    assert {pk: by_claim[pk] for pk in settled} == {pk: (True, []) for pk in settled}
    # the other documents' claims keep theirs
    assert by_claim[queue.claims["detained"].pk] == (False, ["reopen"])
    assert by_claim[queue.claims["trip"].pk] == (False, ["approve", "reject"])
    html = response.content.decode()
    for pk in settled:
        row = row_of(html, pk)
        assert 'data-settled="true"' in row
        assert '<p class="muted settled-note"' in row and ">adjudicated: settled</p>" in row
        for offered in ("data-verdict", "pick-box", "comment-input"):
            assert offered not in row, (pk, offered)
    trip = row_of(html, queue.claims["trip"].pk)
    assert 'data-verdict="reopen"' in trip and "pick-box" in trip and "data-settled" not in trip
    assert "settled-note" not in trip


def test_the_server_refuses_every_verdict_the_page_withholds(queue, adjudicated):
    """The page's rule is the service's: no verdict on an adjudicated document's claims, whatever
    their status, even the ones REVIEW_TRANSITIONS would allow."""
    for name in ("merged", "longer", "shorter", "river", "prices"):
        claim = Claim.objects.select_related("document").get(pk=adjudicated[name].pk)
        assert review_page.review_row(claim, claim.document.text, queue.reviewer).verdicts == []
        assert review_page.allowed_verdicts(claim.status) == ["reopen"]  # were it not settled
        for verdict in Verdict.values:
            with pytest.raises(Conflict, match="has been adjudicated: its claims stay as decided"):
                services.review_claim(
                    claim.pk, reviewer=queue.second_reviewer, verdict=verdict, version=claim.version
                )
        assert Claim.objects.get(pk=claim.pk).version == claim.version


def test_a_merged_claim_says_it_was_merged_in_adjudication(queue, client_for, adjudicated):
    merged, longer = adjudicated["merged"], adjudicated["longer"]
    params = {"status": "any", "document": adjudicated["document"].pk}
    html = client_for(queue.reviewer).get(url(queue, **params)).content.decode()
    assert (
        '<span class="origin origin-merged">merged in adjudication</span> by '
        '<span class="annotator">rita</span> <span class="muted">(you)</span>'
    ) in row_of(html, merged.pk)
    assert meta_of(html, merged.pk) == (
        "Officials (group) · indirect (paraphrase) · merged in adjudication by rita (you) · in Bridge to reopen"
    )
    # the readings merged are the annotators' own, marked by hand: no origin words
    assert (
        meta_of(html, longer.pk)
        == "Officials (group) · indirect (paraphrase) · by annie · in Bridge to reopen"
    )
    assert 'class="origin' not in row_of(html, longer.pk)
    other = client_for(queue.second_reviewer).get(url(queue, **params)).content.decode()
    assert "merged in adjudication by rita · in" in meta_of(other, merged.pk)


def test_machine_suggestions_name_their_origin_the_same_way(queue, client_for):
    text = "The mayor said the dam held. Engineers said the spillway worked."
    article = document(queue.project, "Dam held", text)
    suggested = claim_on(
        article, "the dam held", source=queue.sources["Officials"], actor=None, origin=Origin.MACHINE
    )
    accepted = claim_on(
        article, "the spillway worked", source=queue.sources["Officials"], actor=None, origin=Origin.MACHINE
    )
    services.accept_suggestion(accepted.pk, actor=queue.annotator, version=accepted.version)
    html = client_for(queue.reviewer).get(url(queue, status="any", document=article.pk)).content.decode()
    assert (
        meta_of(html, suggested.pk)
        == "Officials (group) · indirect (paraphrase) · machine suggestion · in Dam held"
    )
    assert meta_of(html, accepted.pk) == (
        "Officials (group) · indirect (paraphrase) · machine suggestion accepted by annie · in Dam held"
    )
    assert (
        '<span class="origin origin-machine">machine suggestion</span> accepted by <span class="annotator">annie</span>'
        in row_of(html, accepted.pk)
    )
