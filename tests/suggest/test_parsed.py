"""The parser's rules (spaCy's small English pipeline, installed with the dev extras from
requirements-parser.txt): subjects with their appositives, complements, verb groups."""

import pytest

from claims.suggest import suggest


def found_in(text: str) -> list[dict]:
    run = suggest(text, mode="parser")
    assert run.mode == "parser"
    return [
        {
            "content": a.content.text(text),
            "cue": a.cue.text(text),
            "source": a.source.text(text) if a.source else None,
            "kind": a.kind,
            "relays": [relay.text(text) for relay in a.relays],
        }
        for a in run.attributions
    ]


def test_the_subject_with_its_appositive_is_the_source_and_the_complement_the_content():
    text = "Liu Huaming, deputy head of the bureau in Fangchenggang, said that the trip costs 30,000 yuan."
    (found,) = found_in(text)
    assert found["source"] == "Liu Huaming, deputy head of the bureau in Fangchenggang"
    assert found["content"] == "that the trip costs 30,000 yuan"
    assert (found["cue"], found["kind"]) == ("said", "indirect")


def test_the_cue_keeps_its_auxiliaries_and_negation():
    text = "The ministry did not deny that the border had been closed for a week."
    (found,) = found_in(text)
    assert (found["cue"], found["source"]) == ("did not deny", "The ministry")


def test_a_quotation_before_its_speaker_is_the_content():
    text = '"We will reopen it soon," the spokesman of the ministry said on Monday.'
    (found,) = found_in(text)
    assert found["content"] == '"We will reopen it soon,"'
    assert (found["source"], found["kind"]) == ("the spokesman of the ministry", "direct")


def test_a_relay_found_by_the_lexical_rules_is_kept():
    text = '"External forces have persuaded people to go abroad," an official told the Global Times.'
    (found,) = found_in(text)
    assert found["relays"] == ["the Global Times"]


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown mode 'magic'"):
        suggest("Officials said so.", mode="magic")


def test_the_default_mode_is_the_parser_when_its_model_is_installed():
    assert suggest("Officials said the border was closed.").mode == "parser"


def test_the_cue_takes_its_particle_and_its_day():
    (found,) = found_in("The ministry said Thursday morning that the border would reopen next week.")
    assert (found["cue"], found["source"]) == ("said Thursday morning", "The ministry")
