"""Where a character (an extended grapheme cluster) starts and ends: grapheme_at, read around one
offset, agrees with segmenting the whole text; whole_characters and character_cut build on it."""

import pytest
import regex

from claims.spans import Span, character_cut, grapheme_at, whole_characters

JUDGE = "👩\u200d⚖\ufe0f"  # woman, zero width joiner, scales, emoji presentation: one character
CHINA, USA = "🇨🇳", "🇺🇸"  # two regional indicators each


def inside(text: str) -> dict[int, Span]:
    """Every offset inside a character, with the character, from segmenting the whole text."""
    return {
        offset: Span(match.start(), match.end())
        for match in regex.finditer(r"\X", text)
        for offset in range(match.start() + 1, match.end())
    }


@pytest.mark.parametrize("offset", [1, 2, 3])
def test_an_offset_inside_a_zwj_sequence_is_inside_the_whole_sequence(offset):
    text = f"The {JUDGE} said"
    assert grapheme_at(text, 4 + offset) == Span(4, 8)


def test_the_offsets_around_a_zwj_sequence_are_between_characters():
    text = f"The {JUDGE} said"
    assert grapheme_at(text, 4) is None
    assert grapheme_at(text, 8) is None


def test_four_regional_indicators_are_two_flags():
    text = CHINA + USA
    assert [grapheme_at(text, offset) for offset in range(5)] == [None, Span(0, 2), None, Span(2, 4), None]


def test_a_flag_is_paired_from_the_start_of_its_run_however_far_back():
    flags = CHINA * 30
    text = f"x {flags}y"
    assert grapheme_at(text, 2 + 58) is None
    assert grapheme_at(text, 2 + 59) == Span(2 + 58, 2 + 60)


def test_a_letter_and_a_combining_mark_nfc_cannot_compose_are_one_character():
    text = "q\u0301 and e\u0323\u0302"  # no precomposed q with acute, nor e with dot and circumflex
    assert grapheme_at(text, 1) == Span(0, 2)
    assert grapheme_at(text, 8) == grapheme_at(text, 9) == Span(7, 10)
    assert grapheme_at(text, 2) is None


def test_an_indic_conjunct_is_one_character():
    text = "क्ष"  # ka, virama, ssa
    assert grapheme_at(text, 1) == grapheme_at(text, 2) == Span(0, 3)


def test_cr_lf_is_one_character_and_a_line_break_ends_one():
    text = "said\r\n\u0301x\n\u0301"
    assert grapheme_at(text, 5) == Span(4, 6)
    assert grapheme_at(text, 4) is None
    assert grapheme_at(text, 6) is None  # a combining mark after a line break stands alone
    assert grapheme_at(text, 9) is None


def test_the_start_and_end_of_the_text_are_between_characters():
    text = JUDGE + CHINA
    assert grapheme_at(text, 0) is None
    assert grapheme_at(text, len(text)) is None
    assert grapheme_at("", 0) is None


def test_every_offset_agrees_with_segmenting_the_whole_text():
    text = (
        f"«{JUDGE}»\r\n{CHINA}{USA}{CHINA} x{CHINA}{USA}{CHINA}\u0301 👍🏽 1\ufe0f\u20e3 "
        f"\u0600a \u0600{CHINA}{USA} \u1100\u1161\u11a8 한국 क्षि ab\u200d c\u0301\u0327\n\u0301\u200d👩"
    )
    cut = inside(text)
    assert len(cut) > 20
    assert {offset: grapheme_at(text, offset) for offset in range(len(text) + 1)} == {
        offset: cut.get(offset) for offset in range(len(text) + 1)
    }


def test_whole_characters_widens_a_span_outward_and_keeps_a_whole_one():
    text = f"A {JUDGE} and {CHINA}."
    assert whole_characters(text, Span(3, 10)) == Span(2, 10)
    assert whole_characters(text, Span(7, 12)) == Span(7, 13)
    assert whole_characters(text, Span(3, 12)) == Span(2, 13)
    assert whole_characters(text, Span(2, 6)) == Span(2, 6)


def test_character_cut_names_the_offset_and_the_character_start_first():
    text = f"A {JUDGE} and {CHINA}."
    assert character_cut(text, Span(4, 12)) == (
        4,
        "[4, 12) cuts the character '👩\u200d⚖️' at 4: a span starts and ends between whole characters",
    )
    assert character_cut(text, Span(0, 12))[0] == 12
    assert character_cut(text, Span(0, len(text))) is None
