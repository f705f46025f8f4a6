"""bench/train_tagger.py's labels: what the taggers learn to mark."""

import pytest

from claims.ingest.brat import BratAttribution, Span
from claims.suggest.tokens import article_tokens, pipeline
from tests.bench.scripts import load_script


@pytest.fixture(scope="module")
def train_tagger():
    return load_script("train_tagger")


def span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words))


def marked(text: str, tokens, tags) -> list[str]:
    pieces, current = [], []
    for token, tag in zip(tokens, tags, strict=True):
        if (tag == "O" or tag.startswith("B-")) and current:
            pieces.append(" ".join(current))
            current = []
        if tag != "O":
            current.append(token.text)
    return [*pieces, " ".join(current)] if current else pieces


def test_a_discontinuous_content_is_learned_as_its_envelope(train_tagger):
    text = "The border, the minister said, will reopen soon."
    gold = [
        BratAttribution(
            content=(span(text, "The border"), span(text, "will reopen soon")),
            cue=(span(text, "said"),),
            source=(span(text, "the minister"),),
        )
    ]
    tokens = article_tokens(text, pipeline())
    assert marked(text, tokens, train_tagger.labels(tokens, gold, ("content",))) == [
        "The border , the minister said , will reopen soon"
    ]
    assert marked(text, tokens, train_tagger.labels(tokens, gold, ("cue",))) == ["said"]
    assert marked(text, tokens, train_tagger.labels(tokens, gold, ("source",))) == ["the minister"]


def test_nested_spans_of_one_role_keep_the_outermost_and_neighbours_stay_apart(train_tagger):
    text = "Officials said the mayor claimed taxes fell. Traders said prices rose."
    outer = BratAttribution(
        content=(span(text, "the mayor claimed taxes fell"),), cue=(span(text, "said"),), source=()
    )
    inner = BratAttribution(content=(span(text, "taxes fell"),), cue=(span(text, "claimed"),), source=())
    after = BratAttribution(
        content=(span(text, "prices rose"),), cue=(span(text, "said", text.index("Traders")),), source=()
    )
    tokens = article_tokens(text, pipeline())
    tags = train_tagger.labels(tokens, [inner, outer, after], ("content",))
    assert marked(text, tokens, tags) == ["the mayor claimed taxes fell", "prices rose"]
    cues = train_tagger.labels(tokens, [inner, outer, after], ("cue",))
    assert marked(text, tokens, cues) == ["said", "claimed", "said"]
    assert cues.count("B-cue") == 3


def test_the_test_split_is_refused(train_tagger, tmp_path):
    with pytest.raises(SystemExit, match="refusing"):
        train_tagger.read_sequences(tmp_path / "data" / "test")


def test_a_token_in_a_cue_and_a_source_is_the_cues(train_tagger):
    text = '"We will reopen it," an official told the Global Times.'
    gold = [
        BratAttribution(
            content=(span(text, '"We will reopen it,"'),),
            cue=(span(text, "told the Global Times"),),
            source=(span(text, "an official"), span(text, "the Global Times")),
        )
    ]
    tokens = article_tokens(text, pipeline())
    tags = train_tagger.labels(tokens, gold, ("cue", "source"))
    after_quote = [token.text for token in tokens].index("an")
    assert [(token.text, tag) for token, tag in zip(tokens, tags, strict=True)][after_quote:] == [
        ("an", "B-source"),
        ("official", "I-source"),
        ("told", "B-cue"),
        ("the", "I-cue"),
        ("Global", "I-cue"),
        ("Times", "I-cue"),
        (".", "O"),
    ]
