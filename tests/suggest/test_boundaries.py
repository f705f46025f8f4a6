"""Span ends mended to PolNeAR's conventions (claims/suggest/boundaries.py), over the parse of
spaCy's small English pipeline (installed with the dev extras from requirements-parser.txt)."""

import pytest

from claims.suggest.boundaries import source_without_when
from claims.suggest.tokens import article_tokens, pipeline


def mended(text: str, source: str) -> str:
    tokens = article_tokens(text, pipeline())
    start = text.index(source)
    first = next(index for index, token in enumerate(tokens) if token.start == start)
    last = next(index for index, token in enumerate(tokens) if token.end == start + len(source))
    first, last = source_without_when(tokens, (first, last))
    return text[tokens[first].start : tokens[last].end]


@pytest.mark.parametrize(
    ("text", "source", "named"),
    [
        (
            "The Supreme Court this month rejected a request from the party.",
            "The Supreme Court this month",
            "The Supreme Court",
        ),
        ("The Times on Saturday wrote that he had lost money.", "The Times on Saturday", "The Times"),
        ("McConnell, who in 2010 said the party would win, stayed.", "who in 2010", "who"),
        ("He apparently thinks that it works.", "He apparently", "He"),
    ],
)
def test_a_source_leaves_out_when_it_spoke(text, source, named):
    assert mended(text, source) == named


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("A CNN poll last month found that most voters agree.", "A CNN poll last month"),
        (
            "Democrats trying to win the Senate in November say they will.",
            "Democrats trying to win the Senate in November",
        ),
        ("Mr. Obama said the bill was fine.", "Mr. Obama"),
    ],
)
def test_a_source_keeps_the_time_of_a_document_or_of_its_own_clause(text, source):
    assert mended(text, source) == source
