"""The trained taggers (claims/suggest/tagger.py) and what they read: the article's tokens with
their parse (spaCy's small English pipeline, installed with the dev extras from
requirements-parser.txt) and their features."""

import pytest

from claims.suggest import suggest
from claims.suggest.features import article_features, quotation_states
from claims.suggest.tagger import _states_something, assemble, cut_spans, likeliest_cues, role_spans
from claims.suggest.tokens import UNPARSED, article_tokens, pipeline, with_parsed


def tokens_of(text: str):
    return article_tokens(text, pipeline())


def words(text: str, tokens, span) -> str:
    return text[tokens[span[0]].start : tokens[span[1]].end]


def found_in(text: str) -> list[dict]:
    run = suggest(text, mode="tagger")
    assert run.mode == "tagger"
    return [
        {
            "content": a.content.of(text),
            "cue": a.cue.of(text),
            "source": a.source.of(text) if a.source else None,
            "kind": a.kind,
            "relays": [relay.of(text) for relay in a.relays],
        }
        for a in run.attributions
    ]


# Tokens and features -----------------------------------------------------------------------


def test_only_sentences_with_a_cue_word_are_parsed_and_offsets_are_code_points():
    text = "Flags 🎌 flew everywhere. The ministry said the border was closed."
    tokens = tokens_of(text)
    assert [t.text for t in tokens if t.sentence == 0][:2] == ["Flags", "🎌"]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    first = [t for t in tokens if t.sentence == 0]
    assert {t.tag for t in first} == {UNPARSED}
    assert all(tokens[t.head] is t for t in first)
    said = next(i for i, t in enumerate(tokens) if t.lower == "said")
    assert tokens[said].tag == "VBD"
    ministry = next(t for t in tokens if t.lower == "ministry")
    assert tokens[ministry.head].lower == "said"


def test_a_sentence_asked_for_is_parsed_afterwards_and_keeps_its_tokens():
    text = "Flags flew everywhere. The ministry said the border was closed. Bells rang at noon."
    tokens = tokens_of(text)
    mended = with_parsed(text, tokens, pipeline(), {0})
    assert [(t.start, t.end, t.sentence) for t in mended] == [(t.start, t.end, t.sentence) for t in tokens]
    first = [t for t in mended if t.sentence == 0]
    assert UNPARSED not in {t.tag for t in first}
    flew = next(i for i, t in enumerate(mended) if t.lower == "flew")
    assert mended[next(i for i, t in enumerate(mended) if t.lower == "flags")].head == flew
    assert {t.tag for t in mended if t.sentence == 2} == {UNPARSED}  # not asked for
    assert mended[tokens.index(next(t for t in tokens if t.lower == "said"))].tag == "VBD"


def test_features_place_each_token_under_the_reporting_verb_above_it():
    text = 'The ministry said the border was closed. "It stays shut," he added.'
    tokens = tokens_of(text)
    features = dict(zip((t.lower for t in tokens), article_features(tokens), strict=False))
    assert "ar=nsubj" in features["ministry"]
    assert "ar=self" in features["said"]
    assert "ar=ccomp" in features["border"]
    assert "q=in" in features["stays"]
    assert "q=out" in features["ministry"]
    assert "-1w=the" in features["ministry"] and "1w=said" in features["ministry"]


# Decoding and assembly ---------------------------------------------------------------------


def test_tags_decode_into_spans_of_their_role_and_a_stray_inside_opens_one():
    tags = ["O", "B-source", "I-source", "B-cue", "I-source", "I-cue", "B-cue", "B-cue"]
    assert role_spans(tags, "source") == [(1, 2), (4, 4)]
    assert role_spans(tags, "cue") == [(3, 3), (5, 5), (6, 6), (7, 7)]


def test_spans_are_cut_where_a_line_ends_or_a_sentence_ends_outside_a_quotation():
    text = 'The border was closed.\n\nIt will reopen. "We hope so. Soon." Traders agree.'
    tokens = tokens_of(text)
    cut = cut_spans(text, tokens, quotation_states(tokens), [(0, len(tokens) - 1)])
    assert [words(text, tokens, span) for span in cut] == [
        "The border was closed.",
        "It will reopen.",
        '"We hope so. Soon."',
        "Traders agree.",
    ]


def test_a_cue_takes_the_nearest_content_of_its_sentence_and_each_content_serves_one_cue():
    text = "Officials said the border was closed. Traders said prices rose."
    tokens = tokens_of(text)
    at = {t.lower: i for i, t in enumerate(tokens)}
    first_said, second_said = (i for i, t in enumerate(tokens) if t.lower == "said")
    cues = [(first_said, first_said), (second_said, second_said)]
    contents = [(at["prices"], at["rose"]), (first_said + 1, at["closed"])]
    sources = [(0, 0), (at["traders"], at["traders"])]
    found = [
        tuple(words(text, tokens, span) for span in spans)
        for spans in assemble(tokens, cues, contents, sources)
    ]
    assert found == [
        ("said", "the border was closed", "Officials"),
        ("said", "prices rose", "Traders"),
    ]


def test_a_cue_without_tagged_content_takes_its_sentence_away_from_the_source():
    text = "The border will stay closed for a week, the ministry said on Monday."
    tokens = tokens_of(text)
    said = next(i for i, t in enumerate(tokens) if t.lower == "said")
    ministry = next(i for i, t in enumerate(tokens) if t.lower == "ministry")
    ((_, content, source),) = assemble(tokens, [(said, said)], [], [(ministry - 1, ministry)])
    assert words(text, tokens, content) == "The border will stay closed for a week"
    assert words(text, tokens, source) == "the ministry"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # the statement set off before the speaker, however long what follows when it was said
        (
            "The harbour will remain open to every vessel, Mayor Ana Ruiz said on Monday, "
            "after the port authority proposed closing it to cargo ships.",
            "The harbour will remain open to every vessel",
        ),
        # what comes before is when it was said: the statement follows
        (
            "When the council met on Friday, Mayor Ana Ruiz said the harbour would stay open to all ships.",
            "the harbour would stay open to all ships",
        ),
    ],
)
def test_a_cue_without_tagged_content_takes_the_statement_beside_its_speaker(text, content):
    tokens = tokens_of(text)
    said = next(i for i, t in enumerate(tokens) if t.lower == "said")
    ((_, found, _),) = assemble(tokens, [(said, said)], [], [(said - 3, said - 1)])
    assert words(text, tokens, found) == content


def test_a_content_holding_its_cue_is_cut_to_the_quotation_unless_it_quotes_on_both_sides():
    text = '"We will reopen it soon," a spokesman told the Global Times.'
    tokens = tokens_of(text)
    told = [t.lower for t in tokens].index("told")
    spokesman = (told - 2, told - 1)
    ((_, content, _),) = assemble(tokens, [(told, told)], [(0, len(tokens) - 2)], [spokesman])
    assert words(text, tokens, content) == '"We will reopen it soon,"'

    text = '"We will reopen it," he said, "and soon."'
    tokens = tokens_of(text)
    said = [t.lower for t in tokens].index("said")
    ((_, content, _),) = assemble(tokens, [(said, said)], [(0, len(tokens) - 1)], [(said - 1, said - 1)])
    assert words(text, tokens, content) == text


def test_a_cue_without_a_tagged_source_takes_its_subject_or_the_object_of_according_to():
    text = "Liu Huaming, deputy head of the bureau, said the trip costs 30,000 yuan."
    tokens = tokens_of(text)
    said = [t.lower for t in tokens].index("said")
    ((_, _, source),) = assemble(tokens, [(said, said)], [], [])
    assert words(text, tokens, source) == "Liu Huaming, deputy head of the bureau"

    text = "According to the ministry, the border will reopen next week."
    tokens = tokens_of(text)
    ((_, content, source),) = assemble(tokens, [(0, 1)], [], [])
    assert words(text, tokens, source) == "the ministry"
    assert words(text, tokens, content) == "the border will reopen next week"


def test_a_cue_with_too_little_around_it_is_dropped():
    text = "He said so."
    tokens = tokens_of(text)
    assert list(assemble(tokens, [(1, 1)], [], [(0, 0)])) == []


class FakeBelief:
    """Cue beliefs set by hand: token index -> (opening, inside)."""

    def __init__(self, marginals: dict[int, tuple[float, float]]) -> None:
        self.marginals = marginals

    def opening(self, index: int) -> float:
        return self.marginals.get(index, (0.0, 0.0))[0]

    def inside(self, index: int) -> float:
        return self.marginals.get(index, (0.0, 0.0))[1]

    def __call__(self, index: int) -> float:
        return self.opening(index) + self.inside(index)


def test_a_sentence_with_a_content_but_no_cue_takes_its_likeliest_cue_with_its_verb_group():
    text = "The ministry said the border was closed. The farmers were glad the rain had come at last."
    tokens = with_parsed(text, tokens_of(text), pipeline(), {1})
    index = {t.lower: i for i, t in enumerate(tokens)}
    belief = FakeBelief({index["were"]: (0.25, 0.05), index["glad"]: (0.1, 0.3)})
    rain = (index["rain"] - 1, index["last"])
    said = (index["said"], index["said"])
    found = {"cue": [said], "content": [(index["border"] - 1, index["closed"]), rain]}
    (cue,) = likeliest_cues(tokens, found, belief)
    assert words(text, tokens, cue) == "were glad"
    assert likeliest_cues(tokens, {**found, "content": found["content"][:1]}, belief) == []  # no content
    weak = FakeBelief({index["were"]: (0.1, 0.05), index["glad"]: (0.05, 0.1)})
    assert likeliest_cues(tokens, found, weak) == []  # too little belief


def test_a_likeliest_cue_is_only_sought_in_a_parsed_sentence():
    text = "The ministry said the border was closed. The farmers were glad the rain had come at last."
    tokens = tokens_of(text)
    index = {t.lower: i for i, t in enumerate(tokens)}
    belief = FakeBelief({index["glad"]: (0.6, 0.3)})
    found = {"cue": [(index["said"], index["said"])], "content": [(index["rain"] - 1, index["last"])]}
    assert likeliest_cues(tokens, found, belief) == []


def test_a_content_states_something_when_it_holds_a_finite_verb():
    text = "The council passed a bill to ban plastic bags. Residents hope the bags will go."
    tokens = with_parsed(text, tokens_of(text), pipeline(), {0, 1})
    bill = next(i for i, t in enumerate(tokens) if t.lower == "a")
    sentence_end = next(i for i, t in enumerate(tokens) if t.text == ".")
    bags = next(i for i, t in enumerate(tokens) if t.lower == "the" and t.sentence == 1)
    assert words(text, tokens, (bill, sentence_end - 1)) == "a bill to ban plastic bags"
    assert not _states_something(tokens, (bill, sentence_end - 1))
    assert _states_something(tokens, (bags, len(tokens) - 2))


# The trained models on whole sentences ------------------------------------------------------


def test_the_subject_is_the_source_and_the_complement_the_content():
    text = "Liu Huaming, deputy head of the bureau in Fangchenggang, said that the trip costs 30,000 yuan."
    (found,) = found_in(text)
    assert found["source"].startswith("Liu Huaming")
    assert found["content"] in ("that the trip costs 30,000 yuan", "the trip costs 30,000 yuan")
    assert (found["cue"], found["kind"]) == ("said", "indirect")


def test_a_quotation_before_its_speaker_is_direct_content():
    text = '"We will reopen it soon," the spokesman of the ministry said on Monday.'
    (found,) = found_in(text)
    assert found["content"].startswith('"We will reopen it soon')
    assert found["kind"] == "direct"
    assert "spokesman" in found["source"]


def test_a_relay_found_by_the_lexical_rules_is_kept():
    text = '"External forces have persuaded people to go abroad," an official told the Global Times.'
    (found,) = found_in(text)
    assert found["relays"] == ["the Global Times"]


def test_a_sentence_without_a_lexicon_cue_word_is_parsed_where_the_cue_tagger_suspects_a_cue():
    text = "Parents in the district were furious that the school board closed the library."
    (found,) = found_in(text)
    assert (found["source"], found["cue"]) == ("Parents in the district", "were furious")
    assert found["content"] == "that the school board closed the library"


def test_a_cue_after_its_content_is_found_in_a_sentence_parsed_afterwards():
    text = "Large parts of the harbour town are divided by income, two recent studies have shown."
    (found,) = found_in(text)
    assert (found["source"], found["cue"]) == ("two recent studies", "have shown")
    assert found["content"] == "Large parts of the harbour town are divided by income"


def test_a_rules_attribution_whose_cue_the_cue_tagger_does_not_believe_is_left_out():
    text = "Voters in three battleground states could decide the race in November."
    assert [a.cue.of(text) for a in suggest(text, mode="lexical").attributions] == ["states"]
    assert "states" not in [found["cue"] for found in found_in(text)]


def test_the_outlet_a_tagged_cue_names_is_its_relay_where_the_rules_read_the_sentence_otherwise():
    text = (
        "Last month, the herder was detained at his home after being accused of "
        '"forbidden comments" on WeChat, local sources told RFA.'
    )
    assert [a.cue.of(text) for a in suggest(text, mode="lexical").attributions] == ["being accused"]
    (found,) = suggest(text, mode="tagger").attributions
    assert (found.source.of(text), found.cue.of(text), found.relay_cue.of(text)) == (
        "local sources",
        "told",
        "told RFA",
    )
    assert [relay.of(text) for relay in found.relays] == ["RFA"]


def test_whom_an_outlet_quoted_is_the_source_where_the_taggers_take_the_outlet():
    text = "The state affiliated media China Daily quoted Geng as saying that they call for unity."
    (found,) = found_in(text)
    assert (found["source"], found["relays"], found["content"]) == (
        "Geng",
        ["China Daily"],
        "that they call for unity",
    )


def test_according_to_is_its_own_kind():
    text = "According to the ministry, the border will reopen next week."
    (found,) = found_in(text)
    assert (found["cue"], found["kind"]) == ("According to", "according_to")
    assert found["source"] == "the ministry"


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown mode 'magic'"):
        suggest("Officials said so.", mode="magic")


def test_the_default_mode_is_the_tagger_when_its_extras_are_installed():
    assert suggest("Officials said the border was closed.").mode == "tagger"
