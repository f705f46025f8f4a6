"""How far a project's annotators agree, per project, per document and per pair of annotators.

Each annotator's marks on a document are the claims they made there (their own and the
suggestions they accepted): claim spans, cue spans and the spans where a source is named.

- **Span F1**, for each role, exact (same offsets) and overlap (a character in common): the
  spans of two annotators are matched one to one, exact pairs first, then by shared
  characters; F1 = 2 × matched / (spans of one + spans of the other), which needs no gold side.
- **Krippendorff's alpha**, token-wise (as PolNeAR reports it): every token of a document is a
  unit, and each annotator of the document gives it a value: the role it lies in (cue over
  source over claim) or none; nominal alpha over all the units (the ``krippendorff`` package).
  One alpha over the four values, and one a role (in it or not).
- **Source agreement**: of the claim pairs matched by overlap, the share attributed to the same
  registry source.

An annotator annotated a document when it is assigned to them or they made a claim in it.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import krippendorff
import numpy as np

from claims.models import Assignment, Claim, Document, Mention, Origin
from claims.spans import Span

ROLES = ("claim", "cue", "source")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_NONE, _CODES = 0, {"claim": 1, "source": 2, "cue": 3}  # a token in several roles takes the highest


@dataclass
class Marks:
    """One annotator's marks on one document."""

    spans: dict[str, list[Span]] = field(default_factory=lambda: {role: [] for role in ROLES})
    sources: dict[Span, int] = field(default_factory=dict)  # claim span -> its source


@dataclass
class Counts:
    """Sums over pairs of annotators, for each role: spans on each side and matches."""

    spans: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    exact: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    overlap: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    matched_claims: int = 0
    same_source: int = 0

    def add(self, other: "Counts") -> None:
        for role in ROLES:
            self.spans[role] += other.spans[role]
            self.exact[role] += other.exact[role]
            self.overlap[role] += other.overlap[role]
        self.matched_claims += other.matched_claims
        self.same_source += other.same_source

    def f1(self, role: str, match: str) -> float | None:
        matched = (self.exact if match == "exact" else self.overlap)[role]
        return 2 * matched / self.spans[role] if self.spans[role] else None

    def source_agreement(self) -> float | None:
        return self.same_source / self.matched_claims if self.matched_claims else None


@dataclass
class Agreement:
    annotators: list[str]
    documents: int
    counts: Counts
    alpha: dict[str, float | None]  # "all" and each role

    def as_dict(self) -> dict:
        return {
            "annotators": self.annotators,
            "documents": self.documents,
            "f1": {
                role: {match: self.counts.f1(role, match) for match in ("exact", "overlap")} for role in ROLES
            },
            "alpha": self.alpha,
            "source_agreement": self.counts.source_agreement(),
            "matched_claims": self.counts.matched_claims,
        }


def pair_counts(first: Marks, second: Marks) -> Counts:
    counts = Counts()
    for role in ROLES:
        ours, theirs = first.spans[role], second.spans[role]
        exact, overlap = match_spans(ours, theirs)
        counts.spans[role] = len(ours) + len(theirs)
        counts.exact[role], counts.overlap[role] = len(exact), len(overlap)
        if role == "claim":
            counts.matched_claims = len(overlap)
            counts.same_source = sum(first.sources[a] == second.sources[b] for a, b in overlap)
    return counts


def match_spans(first: list[Span], second: list[Span]) -> tuple[list, list]:
    """One-to-one matches: (exact pairs, overlap pairs), the exact ones among the overlapping."""
    exact, left, right = [], list(first), list(second)
    for span in first:
        if span in right:
            exact.append((span, span))
            left.remove(span)
            right.remove(span)
    candidates = sorted(
        ((_shared(a, b), a, b) for a in left for b in right if _shared(a, b) > 0),
        key=lambda found: (-found[0], found[1], found[2]),
    )
    overlap, used_left, used_right = list(exact), set(), set()
    for _, a, b in candidates:
        if a not in used_left and b not in used_right:
            overlap.append((a, b))
            used_left.add(a)
            used_right.add(b)
    return exact, overlap


def _shared(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def token_values(text: str, marks: Marks, tokens: list[tuple[int, int]] | None = None) -> list[int]:
    """The value each token of the text takes from one annotator's marks: its characters are
    painted claim, then source, then cue, and a token takes the highest paint it holds."""
    paint = np.zeros(len(text) + 1, dtype=np.int8)
    for role, code in sorted(_CODES.items(), key=lambda item: item[1]):
        for span in marks.spans[role]:
            paint[span.start : span.end] = code
    return [int(paint[start:end].max()) for start, end in (tokens or text_tokens(text))]


def text_tokens(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _TOKEN.finditer(text)]


def token_alpha(rows: list[list[float]], role: str | None = None) -> float | None:
    """Nominal alpha over reliability rows (one an annotator, NaN where they did not annotate);
    for a role, over "in the role" against "not". None without two values to compare."""
    data = np.array(rows, dtype=float)
    if role is not None:
        data = np.where(np.isnan(data), np.nan, (data == _CODES[role]).astype(float))
    paired = (~np.isnan(data)).sum(axis=0) >= 2
    if not paired.any() or len(np.unique(data[:, paired][~np.isnan(data[:, paired])])) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data[:, paired], level_of_measurement="nominal"))


# Loading from the database -----------------------------------------------------------------


def load_marks(documents: Iterable[Document]) -> dict[int, dict[str, Marks]]:
    """Each document's marks by annotator's username, in three queries."""
    documents = list(documents)
    by_document: dict[int, dict[str, Marks]] = defaultdict(dict)
    # an adjudicator's merged claims are not one more annotator's marks
    annotated = Claim.objects.filter(document__in=documents, created_by__isnull=False)
    claims = annotated.exclude(origin=Origin.MERGED).values_list(
        "id", "document_id", "created_by__username", "start", "end", "cue_start", "cue_end", "source_id"
    )
    owner = {}
    for claim_id, document_id, username, start, end, cue_start, cue_end, source_id in claims:
        marks = by_document[document_id].setdefault(username, Marks())
        span = Span(start, end)
        marks.spans["claim"].append(span)
        marks.sources.setdefault(span, source_id)
        if cue_start is not None:
            marks.spans["cue"].append(Span(cue_start, cue_end))
        owner[claim_id] = marks
    for claim_id, start, end in Mention.objects.filter(claim_id__in=owner).values_list(
        "claim_id", "start", "end"
    ):
        owner[claim_id].spans["source"].append(Span(start, end))
    assigned = Assignment.objects.filter(document__in=documents).values_list("document_id", "user__username")
    for document_id, username in assigned:
        by_document[document_id].setdefault(username, Marks())
    return by_document


def agreement(documents: Iterable[Document]) -> tuple[Agreement, list[dict], list[dict]]:
    """The agreement over the documents, with its rows per document and per pair of annotators."""
    documents = list(documents)
    marks = load_marks(documents)
    annotators = sorted({name for by_name in marks.values() for name in by_name})
    rows = {name: [] for name in annotators}
    total, per_document = Counts(), []
    pairs: dict[tuple[str, str], tuple[Counts, int]] = {}
    for document in documents:
        by_name = marks.get(document.pk, {})
        counts = Counts()
        for a, b in combinations(sorted(by_name), 2):
            found = pair_counts(by_name[a], by_name[b])
            counts.add(found)
            pair, seen = pairs.get((a, b), (Counts(), 0))
            pair.add(found)
            pairs[(a, b)] = (pair, seen + 1)
        total.add(counts)
        tokens = text_tokens(document.text)
        values = {name: token_values(document.text, by_name[name], tokens) for name in by_name}
        width = len(tokens)
        for name in annotators:
            rows[name].extend(values.get(name, [np.nan] * width))
        document_rows = [values[name] for name in sorted(values)]
        per_document.append(
            {
                "document": document.pk,
                "title": document.title,
                **Agreement(sorted(by_name), 1, counts, _alphas(document_rows)).as_dict(),
            }
        )
    overall = Agreement(annotators, len(documents), total, _alphas([rows[name] for name in annotators]))
    per_pair = [
        {"pair": [a, b], **Agreement([a, b], seen, counts, _alphas([rows[a], rows[b]])).as_dict()}
        for (a, b), (counts, seen) in sorted(pairs.items())
    ]
    return overall, per_document, per_pair


def _alphas(rows: list[list[float]]) -> dict[str, float | None]:
    if len(rows) < 2:
        return {"all": None, **dict.fromkeys(ROLES)}
    return {"all": token_alpha(rows), **{role: token_alpha(rows, role) for role in ROLES}}
