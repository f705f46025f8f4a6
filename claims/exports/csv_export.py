"""The ``csv`` format: a header row, then one row per matching claim (RFC 4180 quoting, CRLF
row ends; a newline inside a quoted field stays as it is in the text).

Multi-valued fields are flattened: mentions as ``start-end`` joined by ``;``, the relay chain
as source names joined by `` > ``, reviews as their count and the last one (by time).
A document without a matching claim writes no row.

A text cell that a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return: a source named ``=HYPERLINK(...)``) starts with an
apostrophe, as OWASP advises, so the spreadsheet shows it as text; such a cell then differs
from the stored text by that first character. The json formats carry every text as stored.
"""

import csv
import io
from collections.abc import Iterator

from claims.exports import ExportFormat, ExportQuery
from claims.exports.batches import LoadedClaim, document_batches, iso_utc

COLUMNS = (
    "claim_id",
    "document_id",
    "document_title",
    "start",
    "end",
    "text",
    "kind",
    "status",
    "origin",
    "source_id",
    "source_name",
    "source_kind",
    "cue_start",
    "cue_end",
    "cue_text",
    "mentions",
    "via",
    "created_by",
    "created_at",
    "review_count",
    "last_verdict",
    "last_reviewer",
    "last_comment",
)


def write(query: ExportQuery) -> Iterator[str]:
    yield _rows_text([COLUMNS])
    for batch in document_batches(query, only_with_claims=True):
        yield _rows_text(_row(document, claim) for document, claim in batch.each_claim())


def _rows_text(rows) -> str:
    # A buffer per batch: the csv module does the quoting, memory holds one batch.
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _row(document: dict, claim: LoadedClaim) -> tuple:
    cue_start, cue_end = claim.cue or (None, None)
    last_review = claim.reviews[-1] if claim.reviews else None
    return (
        claim.id,
        document["id"],
        inert_cell(document["title"]),
        claim.start,
        claim.end,
        inert_cell(claim.text),
        claim.kind,
        claim.status,
        claim.origin,
        claim.source.id,
        inert_cell(claim.source.name),
        claim.source.kind,
        cue_start,
        cue_end,
        inert_cell(document["text"][cue_start:cue_end] if claim.cue else ""),
        ";".join(f"{m.start}-{m.end}" for m in claim.mentions),
        inert_cell(" > ".join(relay.name for relay in claim.via)),
        inert_cell(claim.created_by or ""),
        iso_utc(claim.created_at),
        len(claim.reviews),
        last_review.verdict if last_review else "",
        inert_cell(last_review.by) if last_review else "",
        inert_cell(last_review.comment) if last_review else "",
    )


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


FORMAT = ExportFormat(name="csv", media_type="text/csv; charset=utf-8", extension="csv", write=write)
