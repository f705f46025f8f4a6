"""The ``jsonl`` format: one claim a line, the json format's claim fields plus the document's
id and title and the source's name, so that each line stands on its own.

Only matching claims are written; a document without one writes no line.
"""

from collections.abc import Iterator

from claims.exports import ExportFormat, ExportQuery
from claims.exports.batches import claim_fields, document_batches
from claims.exports.json_export import dumps


def write(query: ExportQuery) -> Iterator[str]:
    for batch in document_batches(query, only_with_claims=True):
        yield "".join(
            dumps(
                {
                    **claim_fields(claim, document["text"]),
                    "document": document["id"],
                    "document_title": document["title"],
                    "source_name": claim.source.name,
                }
            )
            + "\n"
            for document, claim in batch.each_claim()
        )


FORMAT = ExportFormat(name="jsonl", media_type="application/x-ndjson", extension="jsonl", write=write)
