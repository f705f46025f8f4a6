"""claims.agreement: span F1, token-wise Krippendorff's alpha and source agreement."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.agreement import Marks, agreement, match_spans, pair_counts, token_alpha, token_values
from claims.models import Assignment, Mention
from claims.spans import Span
from tests.factories import ClaimFactory, DocumentFactory, SourceFactory, UserFactory

NAN = math.nan


def test_alpha_matches_krippendorffs_published_example():
    """Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, example C: four
    observers, twelve units, missing values, nominal alpha 0.743."""
    rows = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
    assert round(token_alpha(rows), 3) == 0.743


def test_a_role_alpha_compares_in_the_role_against_not():
    cue, claim, none = 3, 1, 0
    rows = [[cue, cue, claim, none, none, claim], [cue, claim, claim, none, none, claim]]
    # as a role, cue against not: units 1..6 are (1,1) (1,0) (0,0) (0,0) (0,0) (0,0)
    assert round(token_alpha(rows, "cue"), 4) == round(
        token_alpha([[1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0]]), 4
    )
    assert token_alpha(rows, "source") is None  # nobody marked a source: nothing to compare
    assert token_alpha([[1, 2, 3], [NAN, NAN, NAN]]) is None  # no unit with two values


def test_spans_match_one_to_one_exact_pairs_first():
    first = [Span(0, 10), Span(20, 30), Span(40, 50)]
    second = [Span(0, 10), Span(5, 25), Span(45, 60), Span(70, 80)]
    exact, overlap = match_spans(first, second)
    assert exact == [(Span(0, 10), Span(0, 10))]
    # both remaining pairs share five characters: text order decides
    assert overlap == [(Span(0, 10), Span(0, 10)), (Span(20, 30), Span(5, 25)), (Span(40, 50), Span(45, 60))]


def marks(claims=(), cues=(), sources=(), attributed=None) -> Marks:
    found = Marks()
    found.spans = {"claim": list(claims), "cue": list(cues), "source": list(sources)}
    found.sources = attributed or dict.fromkeys(claims, 1)
    return found


def test_pair_f1_is_symmetric_and_sources_are_compared_on_matched_claims():
    a = marks([Span(0, 10), Span(20, 30)], [Span(11, 15)], attributed={Span(0, 10): 1, Span(20, 30): 2})
    b = marks(
        [Span(0, 10), Span(22, 28), Span(40, 45)],
        [Span(11, 14)],
        attributed={
            Span(0, 10): 1,
            Span(22, 28): 3,
            Span(40, 45): 1,
        },
    )
    for counts in (pair_counts(a, b), pair_counts(b, a)):
        assert counts.f1("claim", "exact") == pytest.approx(2 * 1 / 5)
        assert counts.f1("claim", "overlap") == pytest.approx(2 * 2 / 5)
        assert (counts.f1("cue", "exact"), counts.f1("cue", "overlap")) == (0.0, 1.0)
        assert counts.f1("source", "exact") is None  # no source spans on either side
        assert counts.source_agreement() == 0.5


def test_a_token_takes_cue_over_source_over_claim():
    text = "Officials said the border closed, Xinhua reported."
    found = marks(claims=[Span(0, 49)], cues=[Span(10, 14)], sources=[Span(0, 9), Span(34, 40)])
    assert token_values(text, found) == [2, 3, 1, 1, 1, 1, 2, 1, 0]  # the full stop lies outside


@pytest.mark.django_db
def test_agreement_over_a_project_per_document_and_per_pair():
    document = DocumentFactory()  # 'Officials said the border was closed.\n\n"We will reopen it soon," ...'
    text = document.text
    alice, bob, carol = (
        UserFactory(username="alice"),
        UserFactory(username="bob"),
        UserFactory(username="carol"),
    )
    officials = SourceFactory(project=document.project, name="Officials")
    spokesman = SourceFactory(project=document.project, name="A spokesman")

    def claim(user, start, end, source, cue=None, mention=None):
        made = ClaimFactory(
            document=document,
            created_by=user,
            start=start,
            end=end,
            source=source,
            cue_start=cue and cue[0],
            cue_end=cue and cue[1],
        )
        if mention:
            Mention.objects.create(claim=made, source=source, start=mention[0], end=mention[1])

    first = (15, 36)  # "the border was closed"
    quote = (text.index("We will"), text.index(" soon") + 5)
    for user in (alice, bob):
        claim(user, *first, officials, cue=(10, 14), mention=(0, 9))
    claim(alice, *quote, spokesman, cue=(text.index("told"), text.index("told") + 4))
    claim(bob, quote[0], quote[1] - 5, officials)  # a shorter span, another source, no cue
    Assignment.objects.create(document=document, user=carol)  # assigned, marked nothing

    with CaptureQueriesContext(connection) as queries:
        overall, per_document, per_pair = agreement([document])
    assert len(queries.captured_queries) == 3

    result = overall.as_dict()
    assert (result["annotators"], result["documents"]) == (["alice", "bob", "carol"], 1)
    # alice-bob: claims 1 exact of 2+2, 2 by overlap; cues 1 of 2+1; mentions 1 of 1+1
    # carol adds nothing matched but her spans count: 0 on her side
    assert result["f1"]["claim"] == {"exact": 2 * 1 / 8, "overlap": 2 * 2 / 8}
    assert result["f1"]["cue"] == {"exact": 2 * 1 / 6, "overlap": 2 * 1 / 6}
    assert result["f1"]["source"] == {"exact": 2 * 1 / 4, "overlap": 2 * 1 / 4}
    assert (result["matched_claims"], result["source_agreement"]) == (2, 0.5)
    assert -1 <= result["alpha"]["all"] < 1 and result["alpha"]["claim"] is not None

    assert [row["pair"] for row in per_pair] == [["alice", "bob"], ["alice", "carol"], ["bob", "carol"]]
    alice_bob = per_pair[0]
    assert alice_bob["f1"]["claim"] == {"exact": 0.5, "overlap": 1.0}
    assert alice_bob["documents"] == 1 and alice_bob["source_agreement"] == 0.5
    assert per_pair[1]["f1"]["claim"] == {"exact": 0.0, "overlap": 0.0}
    assert per_document[0]["document"] == document.pk and per_document[0]["f1"] == result["f1"]


@pytest.mark.django_db
def test_identical_marks_agree_perfectly():
    document = DocumentFactory()
    for user in (UserFactory(), UserFactory()):
        ClaimFactory(document=document, created_by=user, start=0, end=37, cue_start=10, cue_end=14)
    overall, _, _ = agreement([document])
    result = overall.as_dict()
    assert result["f1"]["claim"] == {"exact": 1.0, "overlap": 1.0}
    assert result["alpha"]["all"] == 1.0 and result["alpha"]["cue"] == 1.0
