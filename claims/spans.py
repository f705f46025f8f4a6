"""Spans of a text, shared by what reads annotation (claims.ingest.brat) and what proposes it
(claims.suggest): half-open ranges counted in code points, as the database stores offsets."""

from collections.abc import Iterable
from dataclasses import dataclass


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
