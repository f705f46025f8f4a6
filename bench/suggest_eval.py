"""Scores the attribution suggester (``claims.suggest.suggest``) against PolNeAR, or against the
claims of a project's json export, and times it.

    .venv/bin/python bench/suggest_eval.py /tmp/polnear/data/dev [--limit N] [--show-errors K]
    .venv/bin/python bench/suggest_eval.py --split train --show-errors 10   # tune the rules on train
    .venv/bin/python bench/suggest_eval.py --gold-export fixtures/seed_gold.json  # the seed gold
    .venv/bin/python bench/suggest_eval.py --self-test                      # the scorer alone

Gold. A folder in the PolNeAR layout (``FOLDER/text/NAME.txt``, ``FOLDER/attributions/
NAME_ANNOTATOR.ann``) or plain brat, read with ``claims.ingest.brat``. A text annotated by several
annotators gives one gold document per (text, annotator) pair; the suggester's output is the same
for each, so a text counts as many times as it has annotators. Offsets are code points of the text
as decoded from UTF-8, which is also what the suggester is given. PolNeAR's test split is refused.

Gold from the tool (``--gold-export FILE``). A ``json`` export (``export_annotations --format
json``, format "claims-export"): each listed document is one gold document (its text as stored,
offsets in code points), each of its claims one gold attribution: content = the claim's span,
cue = its cue span, source = its first mention's span (none when it has no mention). Rejected
claims and machine suggestions nobody accepted are not gold and are left out. The tool stores the
cue as the annotation guide marks it ("told the Global Times"), while the suggester's ``cue`` is
the reporting verb group ("told"), and the guide leaves the quotation marks and a leading "that"
out of a content, which PolNeAR keeps; against this gold each prediction is scored as the tool
stores it (``claims.suggest.guide.as_guide_marks``): with its ``relay_cue`` (the guide's cue, set
when a relay is named inside it) when it has one, else its ``cue``, its content so trimmed, and
its source's name without the punctuation around it.

Scoring, per role (content, source, cue), micro-averaged over all gold documents:

- Every gold attribution with the role contributes one gold item (its fragments: PolNeAR content
  and sources can be discontinuous), every prediction with the role one predicted span. Gold
  attributions without a source do not count for source recall; predictions whose source is
  None do not count for source precision. Two attributions naming the same source span are two
  items on both sides.
- **exact**: the predicted span equals the gold item's envelope (first start to last end).
- **overlap**: the predicted span shares at least one character with one of the gold fragments
  (a prediction falling only in the gap of a discontinuous content does not match).
  For content, **overlap (envelope)** also reports overlap with the envelope, gap included.
- Matching is one to one within a document. Candidate pairs are taken greedily in this order:
  exact pairs first, then more shared characters, then the smaller distance between the two
  spans' ends (|start - start| + |end - end| against the envelope), then text order. A pair is
  kept when neither side is matched yet.
- **attribution, overlap**: a predicted attribution matches a gold one when its content overlaps
  a content fragment AND its cue overlaps a cue fragment (greedy on the sum of the two shared
  character counts, then as above). **attribution, exact**: content, cue and source all exact
  (a source None matches a gold attribution without a source).
- precision = matched / predicted, recall = matched / gold, F1 their harmonic mean (0 when
  both are 0).

Speed: ``suggest(text)`` once per text (not per annotator), on one core (CPU affinity set to one
core where the OS allows), wall time of the calls alone. ``--passes N`` times N passes over the
texts and reports the median pass, with the slowest and fastest: on a shared machine one pass
can be a third slower than the next.

``--show-errors K`` (matching by overlap) prints for each role and for whole attributions three
kinds of error: boundary errors (an overlap match that is not exact), false negatives and false
positives (nothing overlapping on the other side). For each kind, the commonest patterns with their
counts and the cue words behind them: how a boundary differs ("end: pred lacks ','", a difference
of 4+ words described by what it holds: the gold's source or cue, a sentence end, a comma); why a
gold attribution was missed (its cue has no word of ``claims.suggest.lexicon.CUE_WORDS``, or it
has and the sentence has another suggestion, or none); whether a false positive is a spurious
attribution or a found one with the role elsewhere. Then K examples of each kind (0: none), chosen
with a fixed seed, with the sentence around them, gold marked [[...]] and prediction {{...}}.
"""

import argparse
import dataclasses
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from common import refuse_reserved_split  # noqa: E402

from claims.ingest.brat import BratAttribution, Span, envelope, iter_brat_folder, read_brat_file  # noqa: E402
from claims.suggest import Attribution, suggest  # noqa: E402
from claims.suggest.guide import as_guide_marks  # noqa: E402

try:  # only to say whether a missed cue is a word the lexical rules know
    from claims.suggest.lexicon import CUE_WORDS
except ImportError:
    CUE_WORDS = None

POLNEAR_DATA = Path("/tmp/polnear/data")
ROLES = ("content", "source", "cue")
TARGETS = (  # the issue; the BBC's citron reports 83.3, 82.0 and 82.3 on PARC 3.0
    ("content", "overlap", 0.80),
    ("source", "exact", 0.80),
    ("cue", "exact", 0.85),
)
TARGET_ARTICLES_PER_SECOND = 10.0
SHORT_PIECE_WORDS = 3  # boundary differences up to this many words are tallied word for word
CONTEXT_CHARACTERS = 300  # at most this much sentence is shown on either side of an error
EXAMPLE_SEED = 20240601
CUES_PER_PATTERN = 10  # the commonest cue words shown under each error pattern


# Data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One gold document: a text as one annotator marked it, and the suggester's attributions."""

    name: str
    annotator: str
    text: str
    gold: tuple[BratAttribution, ...]
    predicted: tuple[Attribution, ...]


@dataclass(frozen=True)
class GoldItem:
    fragments: tuple[Span, ...]
    attribution: int  # index of its attribution in the document's gold

    @property
    def envelope(self) -> Span:
        return envelope(self.fragments)


@dataclass(frozen=True)
class PredictedItem:
    span: Span
    attribution: int  # index of its attribution in the document's predictions


@dataclass
class Counts:
    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, matched: int, predicted: int, gold: int) -> None:
        self.matched += matched
        self.predicted += predicted
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


# Spans --------------------------------------------------------------------------------------


def shared_characters(fragments: Iterable[Span], span: Span) -> int:
    return sum(max(0, min(f.end, span.end) - max(f.start, span.start)) for f in fragments)


def end_distance(a: Span, b: Span) -> int:
    return abs(a.start - b.start) + abs(a.end - b.end)


def gold_items(gold: Sequence[BratAttribution], role: str) -> list[GoldItem]:
    return [GoldItem(getattr(a, role), index) for index, a in enumerate(gold) if getattr(a, role)]


def predicted_items(predicted: Sequence[Attribution], role: str) -> list[PredictedItem]:
    items = []
    for index, attribution in enumerate(predicted):
        span = getattr(attribution, role)
        if span is not None:
            items.append(PredictedItem(span, index))
    return items


# Matching -----------------------------------------------------------------------------------


def greedy_pairs(candidates: Iterable[tuple[tuple, int, int]]) -> dict[int, int]:
    """{gold index: predicted index} from (sort key, gold, predicted) candidates, best key first,
    each side used once."""
    pairs: dict[int, int] = {}
    used_predictions: set[int] = set()
    for _, gold, predicted in sorted(candidates):
        if gold not in pairs and predicted not in used_predictions:
            pairs[gold] = predicted
            used_predictions.add(predicted)
    return pairs


def match_exact(golds: Sequence[GoldItem], predictions: Sequence[PredictedItem]) -> dict[int, int]:
    return greedy_pairs(
        ((g, p), g, p)
        for g, gold in enumerate(golds)
        for p, prediction in enumerate(predictions)
        if prediction.span == gold.envelope
    )


def match_overlap(
    golds: Sequence[GoldItem], predictions: Sequence[PredictedItem], *, gap_counts: bool = False
) -> dict[int, int]:
    """Overlap with a fragment, or with the envelope (the gaps too) when gap_counts."""
    candidates = []
    for g, gold in enumerate(golds):
        area = (gold.envelope,) if gap_counts else gold.fragments
        for p, prediction in enumerate(predictions):
            shared = shared_characters(area, prediction.span)
            if shared:
                exact = prediction.span == gold.envelope
                key = (not exact, -shared, end_distance(prediction.span, gold.envelope), g, p)
                candidates.append((key, g, p))
    return greedy_pairs(candidates)


def match_attributions_overlap(
    gold: Sequence[BratAttribution], predicted: Sequence[Attribution]
) -> dict[int, int]:
    candidates = []
    for g, gold_attribution in enumerate(gold):
        for p, prediction in enumerate(predicted):
            content = shared_characters(gold_attribution.content, prediction.content)
            cue = shared_characters(gold_attribution.cue, prediction.cue)
            if content and cue:
                distance = end_distance(prediction.content, envelope(gold_attribution.content))
                candidates.append(((-(content + cue), distance, g, p), g, p))
    return greedy_pairs(candidates)


def same_role(gold_fragments: tuple[Span, ...], predicted) -> bool:
    if not gold_fragments or predicted is None:
        return not gold_fragments and predicted is None
    return envelope(gold_fragments) == predicted


def match_attributions_exact(
    gold: Sequence[BratAttribution], predicted: Sequence[Attribution]
) -> dict[int, int]:
    return greedy_pairs(
        ((g, p), g, p)
        for g, gold_attribution in enumerate(gold)
        for p, prediction in enumerate(predicted)
        if all(same_role(getattr(gold_attribution, r), getattr(prediction, r)) for r in ROLES)
    )


# Scoring ------------------------------------------------------------------------------------

Matcher = Callable[[Sequence[GoldItem], Sequence[PredictedItem]], dict[int, int]]
ROLE_MATCHES: tuple[tuple[str, str, Matcher], ...] = (
    ("content", "exact", match_exact),
    ("content", "overlap", match_overlap),
    ("content", "overlap (envelope)", lambda g, p: match_overlap(g, p, gap_counts=True)),
    ("source", "exact", match_exact),
    ("source", "overlap", match_overlap),
    ("cue", "exact", match_exact),
    ("cue", "overlap", match_overlap),
)
ATTRIBUTION_MATCHES = (
    ("attribution", "exact", match_attributions_exact),
    ("attribution", "overlap", match_attributions_overlap),
)


def score(documents: Iterable[Document]) -> dict[tuple[str, str], Counts]:
    """Counts per (role, match), summed over the documents (micro-average)."""
    totals: dict[tuple[str, str], Counts] = {}
    for document in documents:
        for role, match, matcher in ROLE_MATCHES:
            golds = gold_items(document.gold, role)
            predictions = predicted_items(document.predicted, role)
            pairs = matcher(golds, predictions)
            totals.setdefault((role, match), Counts()).add(len(pairs), len(predictions), len(golds))
        for role, match, matcher in ATTRIBUTION_MATCHES:
            pairs = matcher(document.gold, document.predicted)
            counts = totals.setdefault((role, match), Counts())
            counts.add(len(pairs), len(document.predicted), len(document.gold))
    return totals


# Reading and running ------------------------------------------------------------------------


@dataclass
class Corpus:
    documents: list[Document]
    texts: dict[str, str]  # name -> text, once per text
    pass_seconds: list[float]  # suggest() over each text once, per pass
    modes: Counter
    skipped_events: int = 0
    missing_texts: list[str] = field(default_factory=list)


@dataclass
class Gold:
    texts: dict[str, str]  # name -> text
    annotations: dict[str, list[tuple[str, list[BratAttribution]]]]  # name -> [(annotator, gold)]
    skipped_events: int
    missing_texts: list[str]


def read_gold(folder: Path, limit: int | None) -> Gold:
    refuse_reserved_split(folder)
    gold = Gold({}, {}, 0, [])
    for brat_file in iter_brat_folder(folder):
        name = brat_file.text_path.stem
        if name not in gold.texts and limit is not None and len(gold.texts) >= limit:
            continue
        if not brat_file.text_path.is_file():
            gold.missing_texts.append(str(brat_file.text_path))
            continue
        text, attributions, problems = read_brat_file(brat_file)
        gold.texts.setdefault(name, text)
        gold.annotations.setdefault(name, []).append((brat_file.annotator, attributions))
        gold.skipped_events += len(problems)
    return gold


def read_corpus(folder: Path, limit: int | None, mode: str | None = None, passes: int = 1) -> Corpus:
    gold = read_gold(folder, limit)
    predictions, seconds, modes = run_suggester(gold.texts, mode, passes)
    documents = [
        Document(name, annotator, gold.texts[name], tuple(attributions), predictions[name])
        for name, annotations in gold.annotations.items()
        for annotator, attributions in annotations
    ]
    return Corpus(documents, gold.texts, seconds, modes, gold.skipped_events, gold.missing_texts)


def agreement_documents(gold: Gold) -> list[Document]:
    """Annotators scored against each other: for each text marked by several, one document per
    ordered pair (A's attributions as gold, B's as predictions, each role as its envelope)."""
    return [
        Document(name, f"{first}~{second}", gold.texts[name], tuple(marked), as_predictions(other))
        for name, annotations in gold.annotations.items()
        for first, marked in annotations
        for second, other in annotations
        if first != second
    ]


def as_predictions(attributions: Sequence[BratAttribution]) -> tuple[Attribution, ...]:
    return tuple(
        Attribution(envelope(a.content), envelope(a.cue), envelope(a.source), "indirect")
        for a in attributions
        if a.content and a.cue
    )


GOLD_STATUSES = ("pending", "approved")  # rejected claims and unaccepted suggestions are not gold
EXPORT_ANNOTATOR = "export"


@dataclass
class ExportSummary:
    project: str
    claims_left_out: int  # rejected claims and machine suggestions nobody accepted


def gold_from_export(export: dict) -> tuple[dict[str, str], dict[str, list[BratAttribution]], ExportSummary]:
    """The texts and gold attributions of a json export, by document name (id and title)."""
    if export.get("format") != "claims-export":
        raise ValueError(f"not a json export of claims: format {export.get('format')!r}")
    texts: dict[str, str] = {}
    gold: dict[str, list[BratAttribution]] = {}
    left_out = 0
    for document in export["documents"]:
        name = f"{document['id']}: {document['title']}"
        texts[name] = document["text"]
        gold[name] = []
        for claim in document["claims"]:
            if claim["status"] not in GOLD_STATUSES:
                left_out += 1
                continue
            cue, mentions = claim["cue"], claim["mentions"]
            gold[name].append(
                BratAttribution(
                    content=(Span(claim["start"], claim["end"]),),
                    cue=(Span(cue["start"], cue["end"]),) if cue else (),
                    source=(Span(mentions[0]["start"], mentions[0]["end"]),) if mentions else (),
                    event_id=str(claim["id"]),
                )
            )
    project = export.get("project") or {}
    return texts, gold, ExportSummary(project.get("slug", "?"), left_out)


def read_export(
    path: Path, limit: int | None, mode: str | None = None, passes: int = 1
) -> tuple[Corpus, ExportSummary]:
    export = json.loads(path.read_text(encoding="utf-8"))
    texts, gold, summary = gold_from_export(export)
    if limit is not None:
        texts = dict(list(texts.items())[:limit])
    predictions, seconds, modes = run_suggester(texts, mode, passes)
    documents = [
        Document(
            name,
            EXPORT_ANNOTATOR,
            text,
            tuple(gold[name]),
            tuple(as_guide_marks(text, a) for a in predictions[name]),
        )
        for name, text in texts.items()
    ]
    return Corpus(documents, texts, seconds, modes), summary


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def run_suggester(
    texts: dict[str, str], mode: str | None = None, passes: int = 1
) -> tuple[dict[str, tuple[Attribution, ...]], list[float], Counter]:
    """The suggester's output for each text, the seconds of each pass over all the texts, and the
    modes it ran in. Several passes give a steadier figure on a shared machine."""
    predictions: dict[str, tuple[Attribution, ...]] = {}
    modes: Counter = Counter()
    pass_seconds = []
    suggest("Officials said so.", mode)  # loads the models, if any, before the clock runs
    for _ in range(passes):
        seconds = 0.0
        for name, text in texts.items():
            started = time.perf_counter()
            run = suggest(text, mode)
            seconds += time.perf_counter() - started
            predictions[name] = tuple(run.attributions)
            if len(pass_seconds) == 0:
                modes[run.mode] += 1
        pass_seconds.append(seconds)
    return predictions, pass_seconds, modes


# Report -------------------------------------------------------------------------------------


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def score_rows(totals: dict[tuple[str, str], Counts]) -> list[list[str]]:
    return [
        [role, match, *(str(n) for n in (c.gold, c.predicted, c.matched))]
        + [f"{figure:.3f}" for figure in (c.precision, c.recall, c.f1)]
        for (role, match), c in totals.items()
    ]


def print_corpus(folder: Path, corpus: Corpus) -> None:
    documents = corpus.documents
    gold = [a for d in documents for a in d.gold]
    annotators = sorted({d.annotator for d in documents})
    predicted_per_text = sum(len(d.predicted) for d in unique_texts(documents))
    print(f"Gold: {folder}")
    print(
        f"  {len(corpus.texts)} texts, {len(documents)} gold documents: each (text, annotator) pair is "
        f"scored as one document, the suggester's output being the same for each annotator of a text"
    )
    print(f"  {len(annotators)} annotators ({', '.join(annotators)})")
    print(
        f"  {len(gold)} gold attributions: {sum(not a.source for a in gold)} without a source, "
        f"{sum(len(a.content) > 1 for a in gold)} with discontinuous content, "
        f"{sum(not a.cue for a in gold)} without a cue"
    )
    if corpus.skipped_events:
        print(f"  {corpus.skipped_events} events left out by the reader (spans outside the text)")
    if corpus.missing_texts:
        print(f"  {len(corpus.missing_texts)} annotation files without their text, left out")
    modes = ", ".join(f"{mode} ({count} texts)" for mode, count in corpus.modes.items())
    print(f"Suggester mode: {modes}")
    print(
        f"  {predicted_per_text} attributions proposed over the {len(corpus.texts)} texts, "
        f"{sum(len(d.predicted) for d in documents)} over the {len(documents)} documents"
    )


def print_export(path: Path, corpus: Corpus, summary: ExportSummary) -> None:
    gold = [a for d in corpus.documents for a in d.gold]
    print(f"Gold: {path} (json export of project {summary.project!r})")
    print(f"  {len(corpus.documents)} documents, {len(gold)} gold claims (pending or approved)")
    print(
        f"  {sum(not a.source for a in gold)} without a mention (no source span), "
        f"{sum(not a.cue for a in gold)} without a cue"
    )
    if summary.claims_left_out:
        print(f"  {summary.claims_left_out} rejected claims or unaccepted suggestions left out")
    print(
        "  predictions are scored as the tool stores them, in the guide's marks: the cue with its relay "
        "('told the Global Times'), the content without its quotation marks and leading 'that', "
        "names without the punctuation around them"
    )
    modes = ", ".join(f"{mode} ({count} texts)" for mode, count in corpus.modes.items())
    print(f"Suggester mode: {modes}")
    print(f"  {sum(len(d.predicted) for d in corpus.documents)} attributions proposed")


def unique_texts(documents: Iterable[Document]) -> list[Document]:
    seen: dict[str, Document] = {}
    for document in documents:
        seen.setdefault(document.name, document)
    return list(seen.values())


def median_seconds(corpus: Corpus) -> float:
    return statistics.median(corpus.pass_seconds)


def articles_per_second(corpus: Corpus) -> float:
    seconds = median_seconds(corpus)
    return len(corpus.texts) / seconds if seconds else float("inf")


def print_speed(corpus: Corpus, pinning: str) -> None:
    characters = sum(len(text) for text in corpus.texts.values())
    seconds = median_seconds(corpus)
    passes = len(corpus.pass_seconds)
    spread = (
        f" (median of {passes} passes; {len(corpus.texts) / max(corpus.pass_seconds):.1f} to "
        f"{len(corpus.texts) / min(corpus.pass_seconds):.1f} articles/s)"
        if passes > 1 and min(corpus.pass_seconds)
        else ""
    )
    print(
        f"Speed: suggest() over {len(corpus.texts)} texts ({characters:,} characters), each once a pass, "
        f"{pinning}: {seconds:.3f} s, {articles_per_second(corpus):.1f} articles/s, "
        f"{characters / seconds / 1000 if seconds else 0:.0f} k characters/s{spread}"
    )


def print_targets(totals: dict[tuple[str, str], Counts], corpus: Corpus) -> bool:
    print("Targets from the issue:")
    passed = True
    for role, match, target in TARGETS:
        f1 = totals[(role, match)].f1
        passed &= f1 >= target
        print(f"  {role} {match} F1 >= {target:.2f}: {verdict(f1 >= target)} ({f1:.3f})")
    speed = articles_per_second(corpus)
    passed &= speed >= TARGET_ARTICLES_PER_SECOND
    print(
        f"  speed >= {TARGET_ARTICLES_PER_SECOND:.0f} articles/s on one core: "
        f"{verdict(speed >= TARGET_ARTICLES_PER_SECOND)} ({speed:.1f})"
    )
    print("All targets met." if passed else "Some targets are missed.")
    return passed


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# Errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorCase:
    kind: str  # "boundary", "false negative", "false positive"
    role: str
    document: Document
    gold: Span | None  # the gold envelope
    predicted: Span | None
    patterns: tuple[str, ...]  # what went wrong, tallied
    cue: str = ""  # the cue words of the attribution at fault, tallied apart


def role_errors(document: Document, role: str, attribution_pairs: dict[int, int]) -> list[ErrorCase]:
    golds = gold_items(document.gold, role)
    predictions = predicted_items(document.predicted, role)
    pairs = match_overlap(golds, predictions)
    cases = []
    for g, p in pairs.items():
        gold, prediction = golds[g], predictions[p].span
        if prediction != gold.envelope:
            patterns = boundary_patterns(document, role, document.gold[gold.attribution], prediction)
            cases.append(ErrorCase("boundary", role, document, gold.envelope, prediction, patterns))
    for g, gold in enumerate(golds):
        if g not in pairs:
            reason, cue = missed_reason(document, role, gold.attribution, attribution_pairs)
            cases.append(ErrorCase("false negative", role, document, gold.envelope, None, (reason,), cue))
    matched = set(pairs.values())
    for p, prediction in enumerate(predictions):
        if p not in matched:
            reason = spurious_reason(document, role, prediction.attribution, attribution_pairs)
            cue = predicted_cue(document, prediction.attribution)
            cases.append(ErrorCase("false positive", role, document, None, prediction.span, (reason,), cue))
    return cases


def spurious_reason(
    document: Document, role: str, predicted_index: int, attribution_pairs: dict[int, int]
) -> str:
    gold_index = next((g for g, p in attribution_pairs.items() if p == predicted_index), None)
    if gold_index is None:
        return "spurious attribution (no gold one overlaps its content and cue)"
    if not getattr(document.gold[gold_index], role):
        return f"attribution found, but the gold one has no {role}"
    return f"attribution found, its {role} is elsewhere"


def missed_reason(
    document: Document, role: str, gold_index: int, attribution_pairs: dict[int, int]
) -> tuple[str, str]:
    """Why a gold role has no overlapping prediction, and the gold cue's words."""
    gold = document.gold[gold_index]
    cue = gold_cue(document, gold)
    if gold_index in attribution_pairs:
        prediction = document.predicted[attribution_pairs[gold_index]]
        if getattr(prediction, role) is None:
            return f"attribution found, without a {role}", cue
        return f"attribution found, its {role} is elsewhere", cue
    return f"attribution not found: {why_not_found(document, gold)}", cue


def why_not_found(document: Document, gold: BratAttribution) -> str:
    known = cue_in_lexicon(document, gold)
    place = envelope(gold.cue or gold.content or gold.source or gold.trigger)
    left, right = sentence_bounds(document.text, place.start, place.end)
    neighbour = any(left <= p.cue.start < right for p in document.predicted)
    if known is None:
        return "another suggestion in its sentence" if neighbour else "no suggestion in its sentence"
    if not known:
        return "cue word not in the lexicon"
    if neighbour:
        return "cue word in the lexicon, another suggestion in its sentence"
    return "cue word in the lexicon, no suggestion in its sentence"


def cue_in_lexicon(document: Document, gold: BratAttribution) -> bool | None:
    """Whether a word of the gold cue is one the lexical rules know (None: no lexicon to ask)."""
    if CUE_WORDS is None:
        return None
    return any(word in CUE_WORDS for word in re.findall(r"\w+", gold_cue(document, gold)))


def gold_cue(document: Document, gold: BratAttribution) -> str:
    return " ".join(span.of(document.text) for span in gold.cue).lower()


def predicted_cue(document: Document, predicted_index: int) -> str:
    return document.predicted[predicted_index].cue.of(document.text).lower()


def attribution_errors(document: Document, pairs: dict[int, int]) -> list[ErrorCase]:
    cases = []
    for g, gold in enumerate(document.gold):
        if g not in pairs:
            patterns = (why_not_found(document, gold),)
            gold_span = envelope(gold.content + gold.cue) or envelope(gold.source + gold.trigger)
            cue = gold_cue(document, gold)
            cases.append(ErrorCase("false negative", "attribution", document, gold_span, None, patterns, cue))
    matched = set(pairs.values())
    for p, prediction in enumerate(document.predicted):
        if p not in matched:
            span = envelope([prediction.content, prediction.cue])
            patterns = (spurious_reason(document, "content", p, pairs),)
            cue = predicted_cue(document, p)
            cases.append(ErrorCase("false positive", "attribution", document, None, span, patterns, cue))
    return cases


def boundary_patterns(
    document: Document, role: str, gold: BratAttribution, predicted: Span
) -> tuple[str, ...]:
    """How the prediction's ends differ from the gold envelope's: "start: pred lacks 'that'"."""
    envelope_ = envelope(getattr(gold, role))
    patterns = []
    if predicted.start != envelope_.start:
        verb = "adds" if predicted.start < envelope_.start else "lacks"
        difference = Span(min(predicted.start, envelope_.start), max(predicted.start, envelope_.start))
        patterns.append(f"start: pred {verb} {describe(document.text, difference, gold, role)}")
    if predicted.end != envelope_.end:
        verb = "adds" if predicted.end > envelope_.end else "lacks"
        difference = Span(min(predicted.end, envelope_.end), max(predicted.end, envelope_.end))
        patterns.append(f"end: pred {verb} {describe(document.text, difference, gold, role)}")
    return tuple(patterns)


_SENTENCE_INSIDE = re.compile(r"[.!?][\"”’']*\s+[\"“‘']?[A-Z]")


def describe(text: str, difference: Span, gold: BratAttribution, role: str) -> str:
    """A short difference word for word; a long one by the most telling thing it holds."""
    words = difference.of(text).split()
    if not words:
        return "whitespace"
    if len(words) <= SHORT_PIECE_WORDS:
        return repr(" ".join(words).lower())
    long = f"{SHORT_PIECE_WORDS + 1}+ words"
    for other in ROLES:
        if other != role and shared_characters(getattr(gold, other), difference):
            return f"{long} holding the gold's {other}"
    characters = difference.of(text)
    if _SENTENCE_INSIDE.search(characters):
        return f"{long} across a sentence end"
    if characters.lstrip()[:1] in "\"“‘'":
        return f"{long} starting with a quotation mark"
    if "," in characters or "(" in characters:
        return f"{long} with a comma or parenthesis"
    return long


def collect_errors(documents: Iterable[Document]) -> list[ErrorCase]:
    cases = []
    for document in documents:
        attribution_pairs = match_attributions_overlap(document.gold, document.predicted)
        for role in ROLES:
            cases.extend(role_errors(document, role, attribution_pairs))
        cases.extend(attribution_errors(document, attribution_pairs))
    return cases


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+")
_NOT_A_SENTENCE_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|No|Prof|Rev|Sept|Oct|Nov|Dec|Jan|Feb|Aug)"
    r"|\b[A-Z]|\.[A-Z])\.$"
)  # "Mr. Clarke", "George W. Bush", "the U.S. Senate": a full stop that ends no sentence


def sentence_breaks(text: str, start: int, end: int) -> Iterator[re.Match]:
    for boundary in _SENTENCE_BREAK.finditer(text, start, end):
        if "\n" in boundary.group() or not _NOT_A_SENTENCE_END.search(
            text, max(0, boundary.start() - 8), boundary.start()
        ):
            yield boundary


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """From the sentence start before start to the sentence end after end, at most
    CONTEXT_CHARACTERS beyond either."""
    left = max(0, start - CONTEXT_CHARACTERS)
    for boundary in sentence_breaks(text, left, start):
        left = boundary.end()
    limit = min(len(text), end + CONTEXT_CHARACTERS)
    following = next(sentence_breaks(text, end, limit), None)
    right = following.start() if following else limit
    return left, max(right, end)


def marked_sentence(case: ErrorCase) -> str:
    spans = [s for s in (case.gold, case.predicted) if s is not None]
    text = case.document.text
    left, right = sentence_bounds(text, min(s.start for s in spans), max(s.end for s in spans))
    marks: list[tuple[int, int, str]] = []  # (offset, order at that offset, mark); closings go first
    if case.gold is not None:
        marks += [(case.gold.start, 2, "[["), (case.gold.end, 1, "]]")]
    if case.predicted is not None:
        marks += [(case.predicted.start, 3, "{{"), (case.predicted.end, 0, "}}")]
    pieces, position = [], left
    for offset, _, mark in sorted(marks):
        pieces += [text[position:offset], mark]
        position = offset
    pieces.append(text[position:right])
    return " ".join("".join(pieces).split())


def print_case(case: ErrorCase) -> None:
    text = case.document.text
    cue = f"; cue {case.cue!r}" if case.cue else ""
    print(f"  - {case.document.name} ({case.document.annotator}): {'; '.join(case.patterns)}{cue}")
    if case.gold is not None:
        print(f"    gold {case.gold.start}-{case.gold.end}: {shortened(case.gold.of(text))!r}")
    if case.predicted is not None:
        print(f"    pred {case.predicted.start}-{case.predicted.end}: {shortened(case.predicted.of(text))!r}")
    print(f"    in: {marked_sentence(case)}")


def shortened(characters: str, limit: int = 160) -> str:
    characters = " ".join(characters.split())
    if len(characters) <= limit:
        return characters
    half = limit // 2
    return f"{characters[:half]} … {characters[-half:]}"


def print_tally(cases: list[ErrorCase], top: int) -> None:
    """The commonest patterns, each with the cue words most often behind it."""
    tally = Counter(pattern for case in cases for pattern in case.patterns)
    for pattern, count in tally.most_common(top):
        print(f"  {count:5d}  {pattern}")
        cues = Counter(case.cue for case in cases if case.cue and pattern in case.patterns)
        if cues:
            common = ", ".join(f"{cue!r} {n}" for cue, n in cues.most_common(CUES_PER_PATTERN))
            print(f"         cues: {common}")


def print_errors(cases: list[ErrorCase], examples: int, top: int = 12) -> None:
    print()
    print("Errors, by overlap matching (a text counts once per annotator); gold [[...]], prediction {{...}}")
    chooser = random.Random(EXAMPLE_SEED)
    for role in (*ROLES, "attribution"):
        for kind in ("boundary", "false negative", "false positive"):
            selected = [c for c in cases if c.role == role and c.kind == kind]
            if not selected:
                continue
            print()
            print(f"{role}, {kind}: {len(selected)}")
            print_tally(selected, top)
            if examples:
                print(f"  {min(examples, len(selected))} examples:")
            for index in sorted(chooser.sample(range(len(selected)), min(examples, len(selected)))):
                print_case(selected[index])


# Self-test ----------------------------------------------------------------------------------


def self_test() -> int:
    """The scorer on a hand-made document whose figures are known; 0 when they all agree."""
    from claims.suggest.model import Attribution as Predicted
    from claims.suggest.model import Span as PredictedSpan

    def gold(content, cue, source=()):
        return BratAttribution(
            content=tuple(Span(*s) for s in content),
            cue=tuple(Span(*s) for s in cue),
            source=tuple(Span(*s) for s in source),
        )

    def predicted(content, cue, source=None):
        return Predicted(
            content=PredictedSpan(*content),
            cue=PredictedSpan(*cue),
            source=PredictedSpan(*source) if source else None,
            kind="indirect",
        )

    text = "x" * 400
    golds = (
        gold([(0, 50)], [(55, 59)], [(60, 70)]),  # A: found exactly
        gold([(100, 120), (130, 150)], [(121, 125)], [(126, 129)]),  # B: discontinuous content
        gold([(200, 240)], [(245, 250)]),  # C: no source; content found twice
        gold([(300, 330)], [(335, 339)], [(340, 345)]),  # D: missed
    )
    predictions = (
        predicted((0, 50), (55, 59), (60, 70)),  # A exact in every role
        predicted((100, 150), (121, 125), (126, 128)),  # B: envelope exact, source short
        predicted((205, 240), (245, 250), (251, 260)),  # C: content overlaps, source where gold has none
        predicted((200, 230), (260, 264)),  # C again: content overlaps less, cue elsewhere, no source
        predicted((122, 129), (380, 385)),  # only in B's content gap, cue matches nothing
    )
    document = Document("hand-made", "test", text, golds, predictions)
    expected = {  # (matched, predicted, gold)
        ("content", "exact"): (2, 5, 4),  # A, B (envelope)
        ("content", "overlap"): (3, 5, 4),  # A, B, C (the larger overlap); the gap prediction no
        ("content", "overlap (envelope)"): (3, 5, 4),  # the gap prediction overlaps B, already taken
        ("source", "exact"): (1, 3, 3),  # A; source None is not predicted, C's gold has none
        ("source", "overlap"): (2, 3, 3),  # A, B
        ("cue", "exact"): (3, 5, 4),  # A, B, C
        ("cue", "overlap"): (3, 5, 4),
        ("attribution", "exact"): (1, 5, 4),  # A only: B's source is short
        ("attribution", "overlap"): (3, 5, 4),  # A, B, C (content and cue both overlap)
    }
    totals = score([document])
    failures = 0
    for key, (matched, predicted_count, gold_count) in expected.items():
        counts = totals[key]
        got = (counts.matched, counts.predicted, counts.gold)
        if got != (matched, predicted_count, gold_count):
            failures += 1
            print(f"FAIL {key}: got {got}, expected {(matched, predicted_count, gold_count)}")
    failures += check_figures(totals[("content", "overlap")], 0.6, 0.75, 2 / 3)
    failures += check_figures(Counts(0, 0, 3), 0.0, 0.0, 0.0)
    failures += check_greedy_is_one_to_one()
    failures += check_gap_variant()
    failures += check_export_reader()
    print("self-test: all figures as expected" if not failures else f"self-test: {failures} mismatches")
    return 1 if failures else 0


def check_figures(counts: Counts, precision: float, recall: float, f1: float) -> int:
    got = (counts.precision, counts.recall, counts.f1)
    if all(abs(a - b) < 1e-9 for a, b in zip(got, (precision, recall, f1), strict=True)):
        return 0
    print(f"FAIL figures of {counts}: got {got}, expected {(precision, recall, f1)}")
    return 1


def check_greedy_is_one_to_one() -> int:
    """Two golds, two predictions; the first prediction overlaps both golds, more the second:
    greedy by overlap pairs it with the second gold, the other prediction with the first."""
    golds = [GoldItem((Span(0, 10),), 0), GoldItem((Span(8, 30),), 1)]
    predictions = [PredictedItem(Span(5, 25), 0), PredictedItem(Span(0, 6), 1)]
    got = match_overlap(golds, predictions)
    if got == {1: 0, 0: 1}:
        return 0
    print(f"FAIL greedy overlap matching: got {got}, expected {{1: 0, 0: 1}}")
    return 1


def check_gap_variant() -> int:
    """A prediction only in the gap matches by envelope, not by fragments."""
    golds = [GoldItem((Span(0, 10), Span(20, 30)), 0)]
    predictions = [PredictedItem(Span(12, 18), 0)]
    got = (match_overlap(golds, predictions), match_overlap(golds, predictions, gap_counts=True))
    if got == ({}, {0: 0}):
        return 0
    print(f"FAIL gap variant: got {got}, expected ({{}}, {{0: 0}})")
    return 1


def check_export_reader() -> int:
    """A json export's claims become gold (content, cue, first mention); rejected ones do not;
    a prediction naming a relay is scored with its relay_cue, and a quoted content without its marks."""
    from claims.suggest.model import Attribution as Predicted
    from claims.suggest.model import Span as PredictedSpan

    text = "Li said X. Y, Wu told the Global Times."
    claim = {"id": 1, "start": 8, "end": 9, "status": "pending", "cue": {"start": 3, "end": 7}}
    claim["mentions"] = []
    export = {
        "format": "claims-export",
        "project": {"slug": "t"},
        "documents": [
            {
                "id": 1,
                "title": "t",
                "text": text,
                "claims": [
                    {**claim, "mentions": [{"start": 0, "end": 2}, {"start": 14, "end": 16}]},
                    {**claim, "id": 2, "start": 11, "end": 12, "cue": {"start": 17, "end": 38}},
                    {**claim, "id": 3, "status": "rejected", "mentions": []},
                ],
            }
        ],
    }
    _, gold, summary = gold_from_export(export)
    got = [(a.content, a.cue, a.source) for a in gold["1: t"]], summary.claims_left_out
    expected = (
        [((Span(8, 9),), (Span(3, 7),), (Span(0, 2),)), ((Span(11, 12),), (Span(17, 38),), ())],
        1,
    )
    failures = 0
    if got != expected:
        failures += 1
        print(f"FAIL export reader: got {got}, expected {expected}")
    told = Predicted(
        content=PredictedSpan(11, 12),
        cue=PredictedSpan(17, 21),
        source=PredictedSpan(14, 16),
        kind="indirect",
        relays=(PredictedSpan(22, 38),),
        relay_cue=PredictedSpan(17, 38),
    )
    said = dataclasses.replace(told, cue=PredictedSpan(3, 7), relays=(), relay_cue=None)
    if [as_guide_marks(text, a).cue for a in (told, said)] != [PredictedSpan(17, 38), PredictedSpan(3, 7)]:
        failures += 1
        print("FAIL relay_cue: a prediction naming a relay is not scored with the guide's cue")
    quoted = "“Fine,” he said."
    fine = Predicted(PredictedSpan(0, 7), PredictedSpan(11, 15), PredictedSpan(8, 10), "direct")
    if as_guide_marks(quoted, fine).content != PredictedSpan(1, 6):
        failures += 1
        print("FAIL guide content: a quoted content is not scored without its quotation marks")
    return failures


def print_agreement(folder: Path, limit: int | None) -> int:
    gold = read_gold(folder, limit)
    documents = agreement_documents(gold)
    shared = sum(len(annotations) > 1 for annotations in gold.annotations.values())
    print(f"Annotator agreement: {folder}")
    print(
        f"  {shared} of {len(gold.texts)} texts marked by several annotators, {len(documents)} ordered pairs"
    )
    if not documents:
        return 1
    print()
    header = ["role", "match", "gold", "predicted", "matched", "precision", "recall", "F1"]
    print_table(header, score_rows(score(documents)))
    return 0


# Main ---------------------------------------------------------------------------------------


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="a PolNeAR split or a brat folder")
    parser.add_argument("--split", help=f"a PolNeAR split under {POLNEAR_DATA} (train, dev), not a folder")
    parser.add_argument("--limit", type=int, help="only the first N texts (in name order)")
    parser.add_argument(
        "--show-errors",
        type=int,
        metavar="K",
        help="error patterns and K examples of each kind (0: patterns only)",
    )
    parser.add_argument(
        "--gold-export",
        type=Path,
        metavar="FILE",
        help="instead of PolNeAR: a project's json export (export_annotations --format json) as gold",
    )
    parser.add_argument(
        "--passes", type=int, default=1, help="time N passes over the texts and report the median (default 1)"
    )
    parser.add_argument("--self-test", action="store_true", help="check the scorer on hand-made data")
    parser.add_argument(
        "--agreement",
        action="store_true",
        help="no suggester: score the annotators of each text marked by several against each other",
    )
    parser.add_argument(
        "--mode", choices=["tagger", "lexical"], help="the suggester's mode (default: tagger when installed)"
    )
    arguments = parser.parse_args()
    sources = sum(x is not None for x in (arguments.folder, arguments.split, arguments.gold_export))
    if not arguments.self_test and sources != 1:
        parser.error("give one of a folder, --split or --gold-export")
    return arguments


def main() -> int:
    arguments = parse_arguments()
    if arguments.self_test:
        return self_test()
    pinning = pin_to_one_core()
    if arguments.gold_export is not None:
        corpus, summary = read_export(
            arguments.gold_export, arguments.limit, arguments.mode, arguments.passes
        )
        if not corpus.documents:
            sys.exit(f"no documents in {arguments.gold_export}")
        totals = score(corpus.documents)
        print_export(arguments.gold_export, corpus, summary)
    elif arguments.agreement:
        return print_agreement(arguments.folder or POLNEAR_DATA / arguments.split, arguments.limit)
    else:
        folder = arguments.folder or POLNEAR_DATA / arguments.split
        corpus = read_corpus(folder, arguments.limit, arguments.mode, arguments.passes)
        if not corpus.documents:
            sys.exit(f"no annotation files found in {folder}")
        totals = score(corpus.documents)
        print_corpus(folder, corpus)
    print_speed(corpus, pinning)
    print()
    header = ["role", "match", "gold", "predicted", "matched", "precision", "recall", "F1"]
    print_table(header, score_rows(totals))
    print()
    print_targets(totals, corpus)
    if arguments.show_errors is not None:
        print_errors(collect_errors(corpus.documents), arguments.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
