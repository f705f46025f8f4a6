"""Normalised text: Unicode NFC, ``\\n`` line ends, one paragraph a line-pair."""

import re
import unicodedata

_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SENTENCE_END = tuple(".!?:;\"'”’)]…")


def split_lines(raw: str) -> list[str]:
    return raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def normalise_lines(raw: str) -> list[str]:
    """NFC, runs of horizontal space as one space, lines stripped; one entry per input line."""
    return [
        _HORIZONTAL_SPACE.sub(" ", unicodedata.normalize("NFC", line)).strip() for line in split_lines(raw)
    ]


def join_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from non-blank lines, mending lines a page broke mid-sentence and
    dropping a paragraph that repeats the one before it (headline echoes, doubled captions)."""
    paragraphs: list[str] = []
    for line in lines:
        if not line:
            continue
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        elif not paragraphs or paragraphs[-1] != line:
            paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    return not previous.endswith(_SENTENCE_END) and line[:1].islower()
