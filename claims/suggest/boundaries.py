"""Span ends mended to PolNeAR's conventions where the suggester's spans miss them, over the
parse of the article's tokens (a token of an unparsed sentence is left as it is):

a source names who, not when: the time or adverb between the source and its verb is not part of
it ("the Supreme Court [this month] rejected", "who [in 2010] said", "He [apparently] thinks").
The taggers and the rules both run on over it, since it lies between the source and its cue.
"""

import dataclasses
import re
from bisect import bisect_left, bisect_right

from claims.suggest.model import Attribution, Span
from claims.suggest.tokens import UNPARSED, Token

TokenRange = tuple[int, int]  # first and last token, inclusive

_MAX_DEPTH = 12  # dependency steps climbed looking for a token's top within a span
_TIME_WORDS = {
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("morning", "afternoon", "evening", "night", "yesterday", "today"),
    *("week", "weekend", "month", "year"),
    *("january", "february", "march", "april", "may", "june", "july"),
    *("august", "september", "october", "november", "december"),
}


_YEAR = re.compile(r"(?:19|20)\d\d")
# A document is named by when it appeared: "A CNN/ORC poll last month found".
_DATED = {
    *("poll", "polls", "survey", "surveys", "study", "studies", "report", "reports", "analysis"),
    *("speech", "statement", "interview", "letter", "article", "records"),
}
_NOMINAL = ("NN", "PRP", "WP", "WDT", "CD", "-RRB-")


def mended_source(tokens: list[Token], found: Attribution) -> Attribution:
    """The rules' attribution with its source mended as the taggers' are."""
    span = found.source and token_range(tokens, found.source)
    if span is None:
        return found
    first, last = source_without_when(tokens, span)
    return dataclasses.replace(found, source=Span(tokens[first].start, tokens[last].end))


def token_range(tokens: list[Token], span: Span) -> TokenRange | None:
    """The tokens that span covers exactly, or None where its ends fall inside a token."""
    first = bisect_left([token.start for token in tokens], span.start)
    last = bisect_right([token.end for token in tokens], span.end) - 1
    if first > last or tokens[first].start != span.start or tokens[last].end != span.end:
        return None
    return first, last


def source_without_when(tokens: list[Token], source: TokenRange) -> TokenRange:
    """The source without the phrases at its end that hang on a word outside it (its verb) and
    tell when ("this month", "in 2010", "on Saturday") or are a lone adverb ("apparently"). A
    source that holds a verb keeps them: they may belong to its own clause ("Democrats trying to
    regain control of the Senate in November")."""
    first, last = source
    while last > first and tokens[last].tag != UNPARSED:
        top = _top(tokens, last, source)
        start = last
        while start - 1 > first and _top(tokens, start - 1, source) == top:
            start -= 1
        hangs_outside = start <= top <= last and _top(tokens, first, source) != top
        trimmed = _tells_when(tokens, start, last) and _names_by_itself(tokens, first, start)
        if not (hangs_outside and trimmed):
            break
        last = start - 1
    return first, last


def _tells_when(tokens: list[Token], first: int, last: int) -> bool:
    words = [tokens[index].text for index in range(first, last + 1)]
    if any(not word[:1].isalnum() for word in words):
        return False
    lone_adverb = first == last and tokens[last].tag.startswith("RB")
    return lone_adverb or any(word.lower() in _TIME_WORDS or _YEAR.fullmatch(word) for word in words)


def _names_by_itself(tokens: list[Token], first: int, stop: int) -> bool:
    """Whether the source's words before stop name it whole: they end in a noun, and hold no
    verb (whose clause the time may belong to) nor a document (which the time identifies)."""
    words = range(first, stop)
    ends_in_noun = tokens[stop - 1].tag.startswith(_NOMINAL)
    return ends_in_noun and not any(
        tokens[index].tag.startswith("VB") or tokens[index].lower in _DATED for index in words
    )


def _top(tokens: list[Token], index: int, span: TokenRange) -> int:
    """The token's highest ancestor within the span."""
    for _ in range(_MAX_DEPTH):
        head = tokens[index].head
        if head == index or not span[0] <= head <= span[1]:
            return index
        index = head
    return index
