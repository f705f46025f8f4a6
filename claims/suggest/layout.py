"""Attributions that an article's layout makes, with punctuation for a cue rather than a verb,
as PolNeAR marks them:

- a headline that gives its speaker before a colon: "Graham: Trump’s ‘Incredibly Hateful
  Rhetoric’ Destroying GOP’s Chance" (source "Graham", cue ":", the rest the content, without
  its full stop);
- a quotation signed on the line after it, or after it on its own line: "“He represents our
  greatest shame.” ― Sonya Herridge" (the dash the cue, the quotation, marks included, the
  content).

Neither has a verb for the taggers to find, so their sentences had no suggestion.
"""

import re
from collections.abc import Iterable, Iterator

from claims.quotation import attribution_kind
from claims.suggest.model import Attribution, Span

_CAPITALISED = r"[A-Z][\w.’'&-]*"
# "Wash Post Fact-Check:", "Dr. Ben Carson:"; not "The Latest:", nor a shouted kicker
# ("EXCLUSIVE:", "FIX IS IN:"), which names no one.
_HEADLINE_SPEAKER = re.compile(
    rf"\A[ \t]*(?!The\b)(?P<source>{_CAPITALISED}(?:[ \t]+{_CAPITALISED}){{0,3}})(?P<cue>:)"
    r"[ \t]+(?P<content>[^\n]*\S)"
)
_SHORTEST_HEADLINE_CLAIM = 3  # words
# A label ending in one of these words is a kicker ("Breaking:", "Delegate Update:"), whoever
# it might seem to name; the kickers of PolNeAR's train split, and their kin.
_KICKERS = frozenset(
    [
        "analysis",
        "bombshell",
        "breaking",
        "daily",
        "email",
        "exclusive",
        "explainer",
        "leaked",
        "live",
        "look",
        "notice",
        "opinion",
        "photos",
        "revealed",
        "update",
        "video",
        "watch",
        "wow",
    ]
)
_SIGNATURE = re.compile(
    rf"(?P<closing>[”\"])[ \t\xa0]*\n*[ \t\xa0]*(?P<cue>[―—–]|--?)[ \t\xa0]*"
    rf"(?P<source>{_CAPITALISED}(?:[ \t\xa0]+{_CAPITALISED}){{0,4}})[ \t\xa0]*$",
    re.MULTILINE,
)
_OPENING = {"”": "“", '"': '"'}


def with_layout_attributions(text: str, attributions: Iterable[Attribution]) -> list[Attribution]:
    """The attributions with those of the layout, which are surer than any other reading of
    their words: one whose content overlaps a laid-out content gives way to it, unless its cue
    is inside that content (a quotation that quotes someone itself)."""
    laid_out = list(layout_attributions(text))
    found = [
        attribution
        for attribution in attributions
        if not any(_gives_way(attribution, layout) for layout in laid_out)
    ]
    return sorted([*found, *laid_out], key=lambda a: (a.content.start, a.cue.start))


def _gives_way(attribution: Attribution, layout: Attribution) -> bool:
    cue, content = attribution.cue, layout.content
    return _overlap(attribution.content, content) and not (
        content.start <= cue.start and cue.end <= content.end
    )


def layout_attributions(text: str) -> Iterator[Attribution]:
    """The headline's speaker, if it names one, and each signed quotation, in text order."""
    headline = _headline_speaker(text)
    if headline is not None:
        yield headline
    for signature in _SIGNATURE.finditer(text):
        found = _signed_quotation(text, signature)
        if found is not None:
            yield found


def _headline_speaker(text: str) -> Attribution | None:
    found = _HEADLINE_SPEAKER.match(text)
    if found is None or found["source"].isupper() or _is_kicker(found["source"]):
        return None
    claim = found["content"]
    if len(claim.split()) < _SHORTEST_HEADLINE_CLAIM:
        return None
    end = found.end("content") - claim.endswith(".")
    content = Span(found.start("content"), end)
    return Attribution(
        content, _span(found, "cue"), _span(found, "source"), attribution_kind(content.of(text))
    )


def _is_kicker(label: str) -> bool:
    return label.split()[-1].lower() in _KICKERS


def _signed_quotation(text: str, signature: re.Match) -> Attribution | None:
    """The quotation the signature closes, when it is the whole of its paragraph: a quotation
    inside a sentence ("called him “my friend.” – Reuters") is that sentence's."""
    closing = signature.start("closing")
    paragraph_start = text.rfind("\n", 0, closing) + 1
    opening = closing - len(text[paragraph_start:closing].lstrip())
    if text[opening] != _OPENING[signature["closing"]] or _quotes_between(text, opening, closing):
        return None
    content = Span(opening, closing + 1)
    name = signature["source"]
    source = Span(signature.start("source"), signature.end("source") - name.endswith("."))
    return Attribution(content, _span(signature, "cue"), source, "direct")


def _quotes_between(text: str, opening: int, closing: int) -> bool:
    return any(mark in text[opening + 1 : closing] for mark in '“”"')


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _span(found: re.Match, group: str) -> Span:
    return Span(found.start(group), found.end(group))
