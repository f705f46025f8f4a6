"""A claim's attribution as the review and adjudication pages show it (_attribution.html):
the cue's words, each mention's words with the source it names, and the relay chain."""

from dataclasses import dataclass

from django.utils.text import Truncator

from claims.models import Claim, Source

WORDS_LIMIT = 80  # a cue or mention longer than this is cut in the summary line


@dataclass(frozen=True)
class MentionShown:
    words: str
    source: Source


@dataclass(frozen=True)
class Attribution:
    """How a claim is attributed, as a summary line shows it: the cue's words (None without a
    cue), each mention's words with the source it names, and the relay chain in order."""

    cue: str | None
    mentions: list[MentionShown]
    via: list[Source]


def attribution_of(text: str, claim: Claim) -> Attribution:
    """The claim's attribution in the document's text; its mentions and relays are read from
    the claim's prefetched ones (selectors.with_attribution), so no query is made per claim."""
    return Attribution(
        cue=_words(text, claim.cue_start, claim.cue_end) if claim.cue_start is not None else None,
        mentions=[MentionShown(_words(text, m.start, m.end), m.source) for m in claim.mentions.all()],
        via=[relay.source for relay in claim.relays.all()],
    )


def _words(text: str, start: int, end: int) -> str:
    """A cue's or mention's words on one line, cut if long: the summary line stays short."""
    return Truncator(" ".join(text[start:end].split())).chars(WORDS_LIMIT)
