"""A wire item's credit line, as the Asian Lite News items in the seed articles end their lead:
"Majority of the Arnhem city council voted for an immediate break of ties …reports Asian Lite
News". The sentence up to the ellipsis is the credited outlet's (or reporter's) claim, cue
"reports"; an attribution found inside the sentence ends at the ellipsis too.
"""

import dataclasses
import re
from collections.abc import Iterable

from claims.quotation import attribution_kind
from claims.suggest.lexical import sentences
from claims.suggest.model import Attribution, Span

_CREDIT = re.compile(
    r"(?P<ellipsis>…+|\.{3,})\.?\s*(?P<cue>reports|reported)\s+"
    r"(?P<source>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,5})\.?\s*$"
)
_SHORTEST_CONTENT = 3  # words


def credit_line(text: str, start: int, end: int) -> Attribution | None:
    """The credit that ends the sentence [start, end), as an attribution, if it has one."""
    found = _CREDIT.search(text, start, end)
    if found is None:
        return None
    if len(text[start : found.start()].split()) < _SHORTEST_CONTENT:
        return None
    content = Span(start, found.end("ellipsis"))  # the guide keeps the ellipsis, as a full stop
    return Attribution(
        content,
        Span(found.start("cue"), found.end("cue")),
        Span(found.start("source"), found.end("source")),
        attribution_kind(content.of(text)),
    )


def with_credit_lines(text: str, attributions: Iterable[Attribution]) -> list[Attribution]:
    """The attributions with those of the article's credit lines; another attribution's content
    that ran into a credit ends with the credited sentence, at the ellipsis."""
    credits = [found for start, end in sentences(text) if (found := credit_line(text, start, end))]
    found = [_before_credits(attribution, credits) for attribution in attributions]
    cues = {attribution.cue.start for attribution in found}
    found += [credit for credit in credits if credit.cue.start not in cues]
    return sorted(found, key=lambda a: (a.content.start, a.cue.start))


def _before_credits(attribution: Attribution, credits: list[Attribution]) -> Attribution:
    content = attribution.content
    for credit in credits:
        if content.start < credit.content.end < content.end and credit.cue.start < content.end:
            return dataclasses.replace(attribution, content=Span(content.start, credit.content.end))
    return attribution
