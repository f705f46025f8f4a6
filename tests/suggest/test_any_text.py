"""Whatever part of an article the suggester reads, what it proposes can be stored: every span
inside the text, and a content left after the guide's marks. Pieces are cut at random (seeded)
from the seed articles, so they start and stop mid-word, mid-quote and mid-sentence."""

import random
from pathlib import Path

import pytest

from claims.suggest import suggest
from claims.suggest.guide import as_guide_marks

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
EDGES = [
    "",
    "…",
    "“",
    "“”",
    "quoted",
    "The paper quoted",
    "…reports Asian",
    "that",
    "\n\n",
    "“x, “A quoted B as saying.",
]


def pieces(count: int) -> list[str]:
    rng = random.Random(20261121)
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    cut = []
    for _ in range(count):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        cut.append(text[start : start + rng.randrange(1, 2500)])
    return cut


@pytest.mark.parametrize("mode", ["tagger", "lexical"])
def test_every_suggestion_of_any_piece_of_an_article_can_be_stored(mode):
    proposed = 0
    for text in pieces(60) + EDGES:
        for attribution in suggest(text, mode=mode).attributions:
            marked = as_guide_marks(text, attribution)
            spans = [marked.content, marked.cue, marked.source, *marked.relays]
            assert all(0 <= span.start < span.end <= len(text) for span in spans if span is not None)
            assert marked.content.of(text).strip()
            proposed += 1
    assert proposed > 60  # the pieces hold attributions, so the checks above ran on them
