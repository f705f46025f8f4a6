import pytest

from claims.suggest import suggest
from claims.suggest.layout import layout_attributions, with_layout_attributions
from claims.suggest.model import Attribution, Span

BODY = "\n\nThe mayor spoke to reporters at the harbour on Monday."


def marks(text: str) -> list[tuple[str, str, str, str]]:
    return [
        (found.content.of(text), found.cue.of(text), found.source.of(text), found.kind)
        for found in layout_attributions(text)
    ]


@pytest.mark.parametrize(
    ("headline", "source", "content"),
    [
        (
            "Liu Huaming: Harbour Police Will Hire 200 Officers.",
            "Liu Huaming",
            "Harbour Police Will Hire 200 Officers",
        ),
        (
            "Dr. Ana Ruiz: Clinic ‘Cannot Stay Open Past June.’",
            "Dr. Ana Ruiz",
            "Clinic ‘Cannot Stay Open Past June.’",
        ),
        (
            "Global Times: Ties with Arnhem are not at risk",
            "Global Times",
            "Ties with Arnhem are not at risk",
        ),
    ],
)
def test_a_headline_naming_its_speaker_before_a_colon_is_theirs(headline, source, content):
    text = headline + BODY
    assert [(c, cue, s) for c, cue, s, _ in marks(text)] == [(content, ":", source)]


@pytest.mark.parametrize(
    "headline",
    [
        "Breaking: Harbour Police Will Hire 200 Officers.",  # a kicker names no one
        "Delegate Update: The latest count in the council race.",
        "EXCLUSIVE: Harbour Police Will Hire 200 Officers.",  # shouted: a kicker too
        "The Latest: Harbour Police Will Hire 200 Officers.",
        "Liu Huaming: Officers hired.",  # too short to be a claim
        "Harbour police will hire 200 officers: Liu Huaming.",  # no colon after a name first
    ],
)
def test_a_headline_with_a_kicker_or_no_speaker_is_no_attribution(headline):
    assert marks(headline + BODY) == []


def test_a_colon_label_after_the_headline_is_left_to_the_sentence_rules():
    text = "Harbour police will hire officers." + "\n\nWALLACE: Let us start with the news of the day.\n"
    assert marks(text) == []


@pytest.mark.parametrize(
    ("signed", "cue", "source"),
    [
        ("“The harbour is our livelihood.” ― Ana Ruiz\n", "―", "Ana Ruiz"),
        ("“The harbour is our livelihood.”― Ana Ruiz.\xa0\n", "―", "Ana Ruiz"),
        ('"The harbour is our livelihood."\n\n- Ruiz.\n', "-", "Ruiz"),
        ("“The harbour is our livelihood.” — Mayor Ana Ruiz", "—", "Mayor Ana Ruiz"),
    ],
)
def test_a_quotation_signed_after_it_is_the_signers(signed, cue, source):
    text = "Voices from the port.\n\n" + signed
    quotation = signed[: signed.rindex("livelihood.") + len("livelihood.") + 1]
    assert marks(text) == [(quotation, cue, source, "direct")]


@pytest.mark.parametrize(
    "text",
    [
        "Officials called him “a friend of the port.” – Reuters.\n",  # quoted inside a sentence
        "“The harbour is ours,” she said, “and the “port” too.” — Ana Ruiz\n",  # marks inside
        "“The harbour is our livelihood.” ― see page 4 for more\n",  # no name signs it
    ],
)
def test_only_a_quotation_standing_alone_and_signed_by_a_name_is_attributed(text):
    assert marks(text) == []


def words(text: str, phrase: str) -> Span:
    return Span(text.index(phrase), text.index(phrase) + len(phrase))


def test_a_reading_of_a_signed_quotation_with_its_cue_elsewhere_gives_way_to_the_signature():
    """The taggers gave "We will not leave." to the speaker of the next paragraph, cue "also
    spoke about": the signature under the quotation is surer."""
    text = "“We will not leave.”\n― Ana Ruiz\n\nThe envoy also spoke about the port.\n"
    elsewhere = Attribution(
        words(text, "We will not leave."), words(text, "also spoke about"), None, "direct"
    )
    merged = with_layout_attributions(text, [elsewhere])
    assert [(a.content.of(text), a.cue.of(text), a.source.of(text)) for a in merged] == [
        ("“We will not leave.”", "―", "Ana Ruiz")
    ]


def test_a_reading_inside_a_signed_quotation_stays_beside_it():
    text = "“The mayor said we stay.”\n― Ana Ruiz\n"
    inside = Attribution(words(text, "we stay"), words(text, "said"), words(text, "The mayor"), "indirect")
    merged = with_layout_attributions(text, [inside])
    assert [(a.cue.of(text), a.source.of(text)) for a in merged] == [("―", "Ana Ruiz"), ("said", "The mayor")]


def test_the_suggester_proposes_the_layouts_attributions():
    text = (
        "Liu Huaming: Harbour Police Will Hire 200 Officers.\n\n“The harbour is our livelihood.” ― Ana Ruiz\n"
    )
    found = {(a.cue.of(text), a.source.of(text)) for a in suggest(text, mode="lexical").attributions}
    assert {(":", "Liu Huaming"), ("―", "Ana Ruiz")} <= found
