"""The ``json`` format: one object with the project's registry and its documents and claims.

``{"format": "claims-export", "version": 1, "project", "exported_at", "sources", "documents"}``;
``claims.exports.restore`` reads it back.

``sources`` is the project's whole registry when the export is, so that it restores the whole
project; an export of some claims lists the sources they name (as source, in a mention or in
the relay chain) and those sources' affiliations, up their chain. Which documents are listed:

- no filter: every document of the project, those without claims too, so that the export
  restores the whole project;
- ``document_id``: only that document, even without claims;
- a status or source filter: only the documents with at least one matching claim, each with
  only its matching claims.
"""

import json
from collections.abc import Iterable, Iterator

from django.db.models import Q, QuerySet
from django.utils import timezone

from claims.exports import ExportFormat, ExportQuery
from claims.exports.batches import (
    LoadedClaim,
    claim_fields,
    document_batches,
    grouped,
    iso_utc,
    keyset_batches,
    matching_claims,
)
from claims.models import Claim, ClaimRelay, Mention, Source, SourceAlias

EXPORT_FORMAT_NAME = "claims-export"
EXPORT_VERSION = 1


def dumps(value) -> str:
    # Readable text (emoji, curly quotes) rather than \u escapes; the stream is UTF-8.
    return json.dumps(value, ensure_ascii=False)


def json_array_items(batches: Iterable[list]) -> Iterator[str]:
    """The items of a JSON array, comma-separated, one chunk per non-empty batch."""
    separator = ""
    for batch in batches:
        if batch:
            yield separator + ", ".join(map(dumps, batch))
            separator = ", "


def write(query: ExportQuery) -> Iterator[str]:
    header = {
        "format": EXPORT_FORMAT_NAME,
        "version": EXPORT_VERSION,
        "project": {"id": query.project.pk, "slug": query.project.slug, "name": query.project.name},
        "exported_at": iso_utc(timezone.now()),
    }
    # The header's closing brace waits until the streamed lists are written.
    yield dumps(header)[:-1] + ', "sources": ['
    yield from json_array_items(_source_batches(query))
    yield '], "documents": ['
    batches = document_batches(query, only_with_claims=query.filters_claims)
    yield from json_array_items(
        [_document(document, batch.claims_of(document)) for document in batch.documents] for batch in batches
    )
    yield "]}\n"


def _source_batches(query: ExportQuery) -> Iterator[list[dict]]:
    sources = Source.objects.filter(project=query.project)
    if query.filters_claims or query.document_id is not None:
        sources = sources.filter(pk__in=_named_sources(matching_claims(query)))
    entries = sources.values("id", "name", "kind", "affiliation_id", "description")
    for rows in keyset_batches(entries):
        aliases = _aliases_by_source([row["id"] for row in rows])
        yield [
            {
                "id": row["id"],
                "name": row["name"],
                "kind": row["kind"],
                # The canonical name is filed as an alias too; the contract lists the others.
                "aliases": [name for name in aliases.get(row["id"], []) if name != row["name"]],
                "affiliation": row["affiliation_id"],
                "description": row["description"],
            }
            for row in rows
        ]


def _named_sources(claims: QuerySet[Claim]) -> set[int]:
    """The sources the claims name, and the affiliations of those, up their chains: one query
    for the claims' and one per level of affiliation."""
    named = Source.objects.filter(
        Q(pk__in=claims.values("source_id"))
        | Q(pk__in=Mention.objects.filter(claim__in=claims).values("source_id"))
        | Q(pk__in=ClaimRelay.objects.filter(claim__in=claims).values("source_id"))
    )
    found: set[int] = set()
    level = dict(named.values_list("pk", "affiliation_id"))
    while level:
        found |= level.keys()
        parents = {parent for parent in level.values() if parent is not None} - found
        level = dict(Source.objects.filter(pk__in=parents).values_list("pk", "affiliation_id"))
    return found


def _aliases_by_source(source_ids: list[int]) -> dict[int, list[str]]:
    rows = SourceAlias.objects.filter(source_id__in=source_ids).order_by("source_id", "name")
    return grouped(rows.values_list("source_id", "name"))


def _document(document: dict, claims: list[LoadedClaim]) -> dict:
    published_on = document["published_on"]
    return {
        "id": document["id"],
        "title": document["title"],
        "outlet": document["outlet"],
        "byline": document["byline"],
        "url": document["url"],
        "published_on": published_on.isoformat() if published_on else None,
        "sha256": document["sha256"],
        "text": document["text"],
        "claims": [claim_fields(claim, document["text"]) for claim in claims],
    }


FORMAT = ExportFormat(name="json", media_type="application/json", extension="json", write=write)
