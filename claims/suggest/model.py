from dataclasses import dataclass, field

from claims.spans import Span


@dataclass(frozen=True)
class Attribution:
    """One proposed attribution.

    content: what is claimed. cue: the reporting verb group ("said", "has learned",
    "according to"), as PolNeAR and PARC mark cues. source: where the source is named (a
    pronoun included: "he said"), or None when the text names nobody. relays: where the text
    names the outlets it passed through, in order from the source to the reader ("told the
    Global Times": the Global Times). relay_cue: the cue as the annotation guide marks it when it
    names the relay ("told the Global Times") or the speaker the relay quoted ("quoted Geng as
    saying"), else None. kind: direct, indirect, mixed or according_to.
    """

    content: Span
    cue: Span
    source: Span | None
    kind: str
    relays: tuple[Span, ...] = field(default=())
    relay_cue: Span | None = None


@dataclass(frozen=True)
class SuggestionRun:
    """The attributions of one article, and how they were found: "tagger" (trained taggers over a
    dependency parse) or "lexical" (rules over words and punctuation, no model needed)."""

    mode: str
    attributions: tuple[Attribution, ...]
