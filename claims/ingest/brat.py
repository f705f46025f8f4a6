"""Reading brat standoff attribution annotation (the PolNeAR layout), without the database.

An ``.ann`` file annotates one ``.txt`` file. The lines this module reads:

- text-bound annotations ``T<n>\\t<Type> <start> <end>[;<start> <end>...]\\t<surface>``, with
  character offsets (Python ``str`` indices) into the ``.txt`` as decoded from UTF-8. The
  surface column may be missing, and a surface holding a line break continues on lines of its
  own; those lines, like comments (``#``), notes and relations, are ignored.
- events ``E<n>\\t<Attribution|Attribution-no-source>:T<k> Content:T<a> Cue:T<b> Source:T<c>``.
  Any role may be missing; a role repeated with a number (``Content2``) is a further fragment
  of the same role. Events may name text-bound annotations defined further down the file.

Each event becomes one :class:`BratAttribution` holding every fragment of its content, cue and
source. An event whose spans are not inside the text (``0 <= start < end <= len(text)``), or
that names an annotation the file does not define, is left out and reported as a
:class:`BratProblem` naming its line.

:func:`iter_brat_folder` finds the files of a folder in either layout:

- PolNeAR: ``FOLDER/text/NAME.txt`` and ``FOLDER/attributions/NAME_ANNOTATOR.ann`` (several
  annotators per text; the annotator is the part after the last underscore);
- plain brat: ``FOLDER/NAME.txt`` next to ``FOLDER/NAME.ann``, one annotator for the folder.

:func:`normalise_text` gives a text as the project stores documents (NFC, ``\\n`` line ends)
together with the map that carries brat offsets of the original onto it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claims.spans import Span, envelope

__all__ = [
    "ATTRIBUTION_LABELS",
    "ROLES",
    "BratAttribution",
    "BratFile",
    "BratProblem",
    "NormalisedText",
    "Span",
    "UnmappableText",
    "envelope",
    "iter_brat_folder",
    "normalise_text",
    "parse_ann",
    "read_brat_file",
]

ATTRIBUTION_LABELS = frozenset({"Attribution", "Attribution-no-source"})
ROLES = ("Content", "Cue", "Source")

_NUMBERED_ROLE = re.compile(r"^(?P<role>.*?)\d*$")
_TEXT_BOUND_LINE = re.compile(r"(?P<id>T\d+)\t(?P<rest>.*)")
_EVENT_LINE = re.compile(r"E\d+\t")


@dataclass(frozen=True)
class BratAttribution:
    """One attribution event. Each role holds its fragments in text order; a role the event
    does not name is the empty tuple. ``trigger`` is the span the event is anchored on (in
    PolNeAR the cue words again)."""

    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]
    trigger: tuple[Span, ...] = ()
    label: str = "Attribution"
    event_id: str = ""
    line: int = 0


@dataclass(frozen=True)
class BratProblem:
    """Why a line of an ``.ann`` file was not read; ``line`` counts from 1."""

    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason} ({self.text[:80]!r})"


@dataclass(frozen=True)
class BratFile:
    """One annotator's ``.ann`` file and the text it annotates."""

    text_path: Path
    ann_path: Path
    annotator: str


# Parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TextBound:
    label: str
    spans: tuple[Span, ...]
    line: int
    error: str = ""


class _Skip(Exception):
    """An event that cannot become an attribution; the message says why."""


def parse_ann(text: str, ann: str, *, problems: list[BratProblem] | None = None) -> list[BratAttribution]:
    """The attribution events of ``ann`` (the content of an ``.ann`` file) over ``text``, in
    file order. Events that cannot be read are left out; when ``problems`` is given, one
    :class:`BratProblem` for each is appended to it."""
    lines = [line.removesuffix("\r") for line in ann.split("\n")]
    bounds: dict[str, _TextBound] = {}
    for number, line in enumerate(lines, 1):
        if match := _TEXT_BOUND_LINE.match(line):
            bounds[match["id"]] = _text_bound(match["rest"], number, len(text))
    attributions: list[BratAttribution] = []
    for number, line in enumerate(lines, 1):
        if not _EVENT_LINE.match(line):
            continue
        try:
            attribution = _event(line, number, bounds)
        except _Skip as skip:
            if problems is not None:
                problems.append(BratProblem(number, line, str(skip)))
            continue
        if attribution is not None:
            attributions.append(attribution)
    return attributions


def _text_bound(rest: str, number: int, length: int) -> _TextBound:
    """``<Type> <start> <end>[;...]`` followed, or not, by a tab and the surface."""
    label, _, offsets = rest.split("\t", 1)[0].partition(" ")
    spans: list[Span] = []
    for fragment in offsets.split(";"):
        parts = fragment.split()
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            return _TextBound(label, (), number, f"offsets {offsets.strip()!r} are not '<start> <end>[;...]'")
        span = Span(int(parts[0]), int(parts[1]))
        if not 0 <= span.start < span.end <= length:
            return _TextBound(
                label,
                (),
                number,
                f"span {span.start}-{span.end} is not inside the text (need 0 <= start < end <= {length})",
            )
        spans.append(span)
    return _TextBound(label, tuple(sorted(set(spans))), number)


def _event(line: str, number: int, bounds: dict[str, _TextBound]) -> BratAttribution | None:
    ident, _, rest = line.partition("\t")
    arguments = rest.split("\t", 1)[0].split()
    pairs = [argument.partition(":") for argument in arguments]
    if not pairs or any(not sep or not value for _, sep, value in pairs):
        raise _Skip(f"{ident}: arguments are not 'Role:T<n>'")
    label, _, trigger_id = pairs[0]
    if label not in ATTRIBUTION_LABELS:
        return None
    roles: dict[str, list[Span]] = {role: [] for role in ROLES}
    trigger = _spans_of(ident, "trigger", trigger_id, bounds)
    for name, _, target in pairs[1:]:
        role = _NUMBERED_ROLE.match(name)["role"]
        if role in roles:
            roles[role].extend(_spans_of(ident, name, target, bounds))
    return BratAttribution(
        content=tuple(sorted(set(roles["Content"]))),
        cue=tuple(sorted(set(roles["Cue"]))),
        source=tuple(sorted(set(roles["Source"]))),
        trigger=trigger,
        label=label,
        event_id=ident,
        line=number,
    )


def _spans_of(ident: str, role: str, target: str, bounds: dict[str, _TextBound]) -> tuple[Span, ...]:
    bound = bounds.get(target)
    if bound is None:
        raise _Skip(f"{ident}: {role} names {target}, which the file does not define")
    if bound.error:
        raise _Skip(f"{ident}: {role} {target} (line {bound.line}): {bound.error}")
    return bound.spans


# Files ------------------------------------------------------------------------------------


def iter_brat_folder(folder: Path, *, annotator: str = "") -> Iterator[BratFile]:
    """Each ``.ann`` file of folder with its text, in name order. A folder holding
    ``attributions/`` is read in the PolNeAR layout (annotator from the file name), any other
    as plain brat (annotator: the ``annotator`` argument, else the folder's name, else
    "brat"). The text path is given even when that file is missing."""
    folder = Path(folder)
    attributions = folder / "attributions"
    if attributions.is_dir():
        for ann_path in sorted(attributions.glob("*.ann")):
            name, underscore, who = ann_path.stem.rpartition("_")
            if not underscore or not name or not who:
                name, who = ann_path.stem, annotator or "brat"
            yield BratFile(folder / "text" / f"{name}.txt", ann_path, who)
        return
    who = annotator or folder.resolve().name or "brat"
    for ann_path in sorted(folder.glob("*.ann")):
        yield BratFile(ann_path.with_suffix(".txt"), ann_path, who)


def read_brat_file(brat_file: BratFile) -> tuple[str, list[BratAttribution], list[BratProblem]]:
    """The text (decoded as UTF-8, byte order mark kept: brat counts it), its attributions and
    the problems met. Raises OSError or UnicodeDecodeError for a file that cannot be read."""
    text = brat_file.text_path.read_bytes().decode("utf-8")
    ann = brat_file.ann_path.read_bytes().decode("utf-8")
    problems: list[BratProblem] = []
    return text, parse_ann(text, ann, problems=problems), problems


# Normalisation with an offset map ---------------------------------------------------------


class UnmappableText(ValueError):
    """A text whose normalisation cannot be cut into pieces that map offsets one to one."""


@dataclass(frozen=True)
class NormalisedText:
    """A text in the project's normal form (NFC, ``\\n`` line ends, no byte order mark) and
    the map of offsets of the original onto it.

    The original is cut into pieces that normalise on their own (a character with the
    combining marks after it, ``\\r\\n``); ``old`` and ``new`` hold where each piece starts
    before and after. An offset between pieces maps exactly; one inside a piece that changed
    (between a letter and its combining accent) cannot, so a span's start moves back to the
    start of its piece and its end forward to the piece's end: the span grows to whole
    characters. ``map_span`` says whether that happened."""

    text: str
    original_length: int
    old: tuple[int, ...] = ()
    new: tuple[int, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.old)

    def map_span(self, span: Span) -> tuple[Span | None, bool]:
        """The span in the normal text (None if nothing of it is left) and whether it grew."""
        if not self.changed:
            return span, False
        start, start_exact = self._map(span.start, round_up=False)
        end, end_exact = self._map(span.end, round_up=True)
        return (Span(start, end) if start < end else None), not (start_exact and end_exact)

    def _map(self, offset: int, *, round_up: bool) -> tuple[int, bool]:
        if offset >= self.original_length:
            return len(self.text), offset == self.original_length
        piece = bisect.bisect_right(self.old, offset) - 1
        if self.old[piece] == offset:
            return self.new[piece], True
        return (self.new[piece + 1] if round_up else self.new[piece]), False


def normalise_text(raw: str) -> NormalisedText:
    """``raw`` in NFC with ``\\n`` line ends and without a leading byte order mark, and the map
    of its offsets. Raises UnmappableText when composition reaches across pieces (Hangul jamo
    and a few Indic vowel signs can), which PolNeAR never needs."""
    target = unicodedata.normalize(
        "NFC", raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    )
    if target == raw:
        return NormalisedText(raw, len(raw))
    old: list[int] = []
    new: list[int] = []
    pieces: list[str] = []
    length = 0
    for start, piece in _pieces(raw):
        normal = "" if (start == 0 and piece == "\ufeff") else _normal_piece(piece)
        old.append(start)
        new.append(length)
        pieces.append(normal)
        length += len(normal)
    if "".join(pieces) != target:
        raise UnmappableText("its NFC form composes characters across pieces, so offsets cannot be mapped")
    old.append(len(raw))
    new.append(length)
    return NormalisedText(target, len(raw), tuple(old), tuple(new))


def _pieces(raw: str) -> Iterator[tuple[int, str]]:
    """Runs of one starter and the combining marks after it; ``\\r\\n`` is one piece."""
    start = 0
    for index in range(1, len(raw) + 1):
        if index == len(raw) or (
            unicodedata.combining(raw[index]) == 0 and not (raw[index - 1] == "\r" and raw[index] == "\n")
        ):
            yield start, raw[start:index]
            start = index


def _normal_piece(piece: str) -> str:
    return unicodedata.normalize("NFC", piece.replace("\r\n", "\n").replace("\r", "\n"))
