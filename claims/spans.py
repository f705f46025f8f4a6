"""Spans of a text, shared by what reads annotation (claims.ingest.brat) and what proposes it
(claims.suggest): half-open ranges counted in code points, as the database stores offsets.

A span starts and ends between whole characters as a reader sees them: extended grapheme
clusters (Unicode UAX #29), as the annotation page's cursor steps (Intl.Segmenter), so never
inside "👩‍⚖️" (four code points), between the two regional indicators of a flag, or between a
letter and a combining mark."""

from collections.abc import Iterable
from dataclasses import dataclass

import regex

_CHARACTER = regex.compile(r"\X")
# Where a character certainly starts, seen from its two neighbours alone: after a line break
# (nothing joins across one); at a character of Grapheme_Cluster_Break Other (no mark, joiner,
# regional indicator or Hangul jamo) after one that joins nothing to what follows: not Prepend,
# not Extend (an Indic virama joins consonants), not ZWJ (which joins two emoji); at the first
# of a run of regional indicators, which pair up from there (within the run, where a flag
# starts depends on how many come before it).
_CHARACTER_START = (
    r"(?<=\n)"
    r"|(?<![\p{GCB=Prepend}\p{GCB=Extend}\p{GCB=ZWJ}])(?=\p{GCB=Other})"
    r"|(?<![\p{GCB=Prepend}\p{GCB=Regional_Indicator}])(?=\p{GCB=Regional_Indicator})"
)
_IS_CHARACTER_START = regex.compile(_CHARACTER_START)
_LAST_CHARACTER_START = regex.compile(r"(?r)" + _CHARACTER_START)
_REGIONAL_INDICATORS = regex.compile(r"\p{GCB=Regional_Indicator}*")


@dataclass(frozen=True, order=True)
class Span:
    """Half-open ``[start, end)`` in code points of a text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


def envelope(spans: Iterable[Span]) -> Span | None:
    """The smallest span covering all of spans (min start, max end); None when there are none."""
    spans = list(spans)
    if not spans:
        return None
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def grapheme_at(text: str, offset: int) -> Span | None:
    """The character (extended grapheme cluster) that offset falls inside, or None when offset
    is between two whole characters, as the text's start and end are.

    The clusters are found from the nearest certain start before offset, not from the start of
    the text: in prose a few characters back; a checked span costs microseconds whatever the
    length of the document."""
    if not 0 < offset < len(text) or _IS_CHARACTER_START.match(text, offset):
        return None
    # endpos=offset: the search walks backwards from offset; the text's start is one too
    found = _LAST_CHARACTER_START.search(text, 0, offset)
    start = _last_flag_start(text, found.start() if found else 0, offset)
    character = next(match for match in _CHARACTER.finditer(text, start) if match.end() >= offset)
    return Span(character.start(), character.end()) if character.end() > offset else None


def _last_flag_start(text: str, start: int, offset: int) -> int:
    """start, or when a run of regional indicators starts there, the start of the last pair of
    them (a flag) before offset: the regex module finds each flag's end by counting back to the
    run's start, so segmenting a long run flag by flag would cost its length squared."""
    run_end = _REGIONAL_INDICATORS.match(text, start).end()
    if run_end == start:
        return start
    return start + 2 * ((min(offset, run_end) - 1 - start) // 2)


def whole_characters(text: str, span: Span) -> Span:
    """span widened outward to the characters it cuts, if any."""
    start_cut, end_cut = grapheme_at(text, span.start), grapheme_at(text, span.end)
    return Span(start_cut.start if start_cut else span.start, end_cut.end if end_cut else span.end)


def character_cut(text: str, span: Span) -> tuple[int, str] | None:
    """Where span starts or ends inside a character (its start first) and the problem in words,
    or None when it starts and ends between whole characters. The character is quoted as it
    is, not escaped: a person reading the message recognises "👩‍⚖️", not its code points."""
    for offset in (span.start, span.end):
        character = grapheme_at(text, offset)
        if character is not None:
            return offset, (
                f"[{span.start}, {span.end}) cuts the character '{character.of(text)}' at {offset}: "
                "a span starts and ends between whole characters"
            )
    return None
