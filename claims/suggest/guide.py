"""The suggester proposes spans as PolNeAR marks them, since it learnt from PolNeAR; the tool
stores claims as the annotation guide marks them, and the two differ:

- the cue: PolNeAR marks the verb group ("told"), the guide the words that tell of the relay
  too ("told the Global Times"), which the suggester gives as ``relay_cue``;
- the content: PolNeAR keeps the quotation marks around a quote and a leading "that", the guide
  leaves both out ("Police say that [many Chinese ...]"; [In recent years ... fight,]);
- a source's or relay's name: PolNeAR keeps the comma after an appositive ("Liu Huaming, deputy
  head of the bureau,"), the guide marks the name alone.

``as_guide_marks`` turns one into the other; suggestions are stored that way, and the seed
gold, annotated by the guide, is scored that way (bench/suggest_eval.py).
"""

import dataclasses
import re

from claims.quotation import STRAY_CLOSING_MARK
from claims.suggest.model import Attribution, Span

_OPENING = {"“": "”", "‘": "’", '"': '"'}
_QUOTES = "\"“”‘’'"
_NAME_EDGES = " \n\t.,;:…—–-()"
_LEADING_THAT = re.compile(r"that\s+", re.IGNORECASE)
_CLAUSE_BREAKS = '.;:!?"“”'
_CLAUSE_REACH = 80  # characters between a cue and its content: "told reporters in Beijing on Monday"


def as_guide_marks(text: str, attribution: Attribution) -> Attribution:
    cue = attribution.relay_cue or attribution.cue
    relays = (name for relay in attribution.relays if (name := guide_name(text, relay)))
    return dataclasses.replace(
        attribution,
        cue=cue,
        relay_cue=None,
        content=guide_content(text, attribution.content, cue),
        source=guide_name(text, attribution.source) if attribution.source else None,
        relays=tuple(relays),
    )


def guide_name(text: str, name: Span) -> Span | None:
    """Where the source or relay is named, without punctuation at either end, nor a quote mark
    left over from the quotation next to it (“” Abbas”; a quoted term keeps both its marks);
    None when nothing is left."""
    start, end = name.start, name.end
    while start < end:
        quotes = sum(text[index] in _QUOTES for index in range(start, end))
        if text[start] in _NAME_EDGES or (text[start] in _QUOTES and quotes % 2):
            start += 1
        elif text[end - 1] in _NAME_EDGES or (text[end - 1] in _QUOTES and quotes % 2):
            end -= 1
        else:
            break
    return Span(start, end) if start < end else None


def guide_content(text: str, content: Span, cue: Span) -> Span:
    """The content without the "that" after its cue ("told the media that") and without the
    quotation marks that enclose it. A closing mark stays when it closes a quotation opened
    inside the content ("he called it “a farce”"); what would be left empty keeps the span as
    it was."""
    start, end = content.start, content.end
    that = _LEADING_THAT.match(text, start, end)
    if that and cue.end <= start and _same_clause(text[cue.end : start]):
        start = that.end()
    closing = None
    if start < end and text[start] in _OPENING:
        closing = _OPENING[text[start]]
        start += 1
    if start < end and _closes_from_outside(text[start:end], closing):
        end -= 1
    words = text[start:end]
    if words.strip() == "":
        return content
    return Span(start + len(words) - len(words.lstrip()), end - len(words) + len(words.rstrip()))


def _closes_from_outside(words: str, opened: str | None) -> bool:
    """Whether the last character closes a quotation that opened before these words: the one
    whose opening mark was just left out, or one the content starts inside of."""
    last, inner = words[-1], words[:-1]
    if opened is not None:
        closes = last == opened or (opened == "”" and last == STRAY_CLOSING_MARK)
        return closes and not _opens_inside(inner, opened)
    return last in ("”", '"') and not _opens_inside(inner, last)


def _opens_inside(words: str, closing: str) -> bool:
    """Whether a quotation closed by this mark is still open at the end of words."""
    if closing == '"':
        return words.count('"') % 2 == 1
    opening = next(mark for mark, closes in _OPENING.items() if closes == closing)
    return words.rfind(opening) > words.rfind(closing)


def _same_clause(between: str) -> bool:
    """Whether the words between a cue and its content leave them in one clause, so that a
    "that" opening the content joins it to its cue ("confirmed to the parliament that")."""
    return len(between) <= _CLAUSE_REACH and not any(mark in between for mark in _CLAUSE_BREAKS)
