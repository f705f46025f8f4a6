"""What every format reads: documents a batch at a time, each with its matching claims.

Documents are chosen in id order by keyset pagination (``id > last id``) over their ids and
claim counts, ``BATCH_SIZE`` documents or ``CLAIMS_PER_BATCH`` claims at a time. For each
batch, one query each reads the documents, their matching claims (with their source's name
and kind and their creator's username), the claims' mentions, their relay links in order and
their reviews in order: six queries a batch however many claims it holds, and only one batch
in memory at a time. The batches are separate queries, not one snapshot: a claim written while
an export runs may or may not be in it. ``claim_fields`` is the per-claim record of the
export contract, shared by the formats that write it.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from claims.exports import ExportQuery
from claims.models import Claim, ClaimRelay, ClaimReview, Document, Mention

BATCH_SIZE = 200
CLAIMS_PER_BATCH = 2_000  # about 50 MB of loaded claims at most

DOCUMENT_FIELDS = ("id", "title", "outlet", "byline", "url", "published_on", "sha256", "text")


@dataclass(frozen=True)
class SourceRef:
    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class MentionRow:
    start: int
    end: int
    source_id: int


@dataclass(frozen=True)
class ReviewRow:
    by: str
    verdict: str
    comment: str
    at: datetime


@dataclass(frozen=True)
class LoadedClaim:
    id: int
    start: int
    end: int
    text: str
    kind: str
    status: str
    origin: str
    source: SourceRef
    cue: tuple[int, int] | None
    created_by: str | None
    created_at: datetime
    mentions: list[MentionRow]
    via: list[SourceRef]
    reviews: list[ReviewRow]


@dataclass(frozen=True)
class DocumentBatch:
    documents: list[dict]  # DOCUMENT_FIELDS of each document, in id order
    claims: dict[int, list[LoadedClaim]]  # by document id, in (start, end, id) order

    def claims_of(self, document: dict) -> list[LoadedClaim]:
        return self.claims.get(document["id"], [])

    def each_claim(self) -> Iterator[tuple[dict, LoadedClaim]]:
        for document in self.documents:
            for claim in self.claims_of(document):
                yield document, claim


def document_batches(query: ExportQuery, *, only_with_claims: bool) -> Iterator[DocumentBatch]:
    """The query's documents in id order, a batch at a time, with their matching claims.

    A batch holds at most BATCH_SIZE documents and, past its first document, at most
    CLAIMS_PER_BATCH matching claims: memory follows the batch, not the project, however the
    claims are spread over documents. only_with_claims leaves out documents that have no
    claim matching the query's filters."""
    for document_ids in _document_id_batches(query, only_with_claims):
        rows = list(Document.objects.filter(id__in=document_ids).order_by("id").values(*DOCUMENT_FIELDS))
        yield DocumentBatch(rows, _claims_by_document(query, document_ids))
        if query.on_batch is not None:
            query.on_batch(len(rows))


def _document_id_batches(query: ExportQuery, only_with_claims: bool) -> Iterator[list[int]]:
    matching = Count("claims", filter=_claim_filter(query, prefix="claims__"))
    counted = _documents(query, only_with_claims).annotate(matching=matching).values("id", "matching")
    batch: list[int] = []
    claims_in_batch = 0
    for rows in keyset_batches(counted):
        for row in rows:
            full = len(batch) == BATCH_SIZE or claims_in_batch + row["matching"] > CLAIMS_PER_BATCH
            if batch and full:
                yield batch
                batch, claims_in_batch = [], 0
            batch.append(row["id"])
            claims_in_batch += row["matching"]
    if batch:
        yield batch


def keyset_batches(rows: QuerySet) -> Iterator[list[dict]]:
    """The rows of a ``.values()`` queryset that includes "id", in id order, a batch at a time.

    Each batch starts after the last id seen, so a batch costs one query however deep it lies."""
    size = BATCH_SIZE  # read at call time, so a test can make batches small
    last_id = 0
    while True:
        batch = list(rows.filter(id__gt=last_id).order_by("id")[:size])
        if batch:
            yield batch
        if len(batch) < size:  # a short batch is the last: no extra query to find it empty
            return
        last_id = batch[-1]["id"]


def _claim_filter(query: ExportQuery, prefix: str = "") -> Q:
    """The query's filters on claims; prefix reaches claims from another model."""
    condition = Q()
    if query.statuses:
        condition &= Q(**{f"{prefix}status__in": query.statuses})
    if query.source_id is not None:
        condition &= Q(**{f"{prefix}source_id": query.source_id})
    return condition


def matching_claims(query: ExportQuery) -> QuerySet[Claim]:
    """Every claim the query exports."""
    claims = Claim.objects.filter(_claim_filter(query), document__project=query.project)
    if query.document_id is not None:
        claims = claims.filter(document_id=query.document_id)
    return claims


def _documents(query: ExportQuery, only_with_claims: bool) -> QuerySet[Document]:
    documents = Document.objects.filter(project=query.project)
    if query.document_id is not None:
        documents = documents.filter(pk=query.document_id)
    if only_with_claims:
        matching = Claim.objects.filter(_claim_filter(query), document_id=OuterRef("pk"))
        documents = documents.filter(Exists(matching))
    return documents


def _claims_by_document(query: ExportQuery, document_ids: list[int]) -> dict[int, list[LoadedClaim]]:
    claims = Claim.objects.filter(_claim_filter(query), document_id__in=document_ids)
    rows = list(
        claims.order_by("document_id", "start", "end", "id").values(
            "id",
            "document_id",
            "start",
            "end",
            "text",
            "kind",
            "status",
            "origin",
            "source_id",
            "source__name",
            "source__kind",
            "cue_start",
            "cue_end",
            "created_by__username",
            "created_at",
        )
    )
    if not rows:
        return {}
    # Subqueries on the same claims keep the parameters to one batch of document ids.
    mentions, via, reviews = _mentions(claims), _relays(claims), _reviews(claims)
    loaded: dict[int, list[LoadedClaim]] = defaultdict(list)
    for row in rows:
        claim_id = row["id"]
        loaded[row["document_id"]].append(
            LoadedClaim(
                id=claim_id,
                start=row["start"],
                end=row["end"],
                text=row["text"],
                kind=row["kind"],
                status=row["status"],
                origin=row["origin"],
                source=SourceRef(row["source_id"], row["source__name"], row["source__kind"]),
                cue=(row["cue_start"], row["cue_end"]) if row["cue_start"] is not None else None,
                created_by=row["created_by__username"],
                created_at=row["created_at"],
                mentions=mentions.get(claim_id, []),
                via=via.get(claim_id, []),
                reviews=reviews.get(claim_id, []),
            )
        )
    return loaded


def _mentions(claims: QuerySet[Claim]) -> dict[int, list[MentionRow]]:
    rows = Mention.objects.filter(claim__in=claims).order_by("claim_id", "start", "end")
    return grouped(
        (claim_id, MentionRow(start, end, source_id))
        for claim_id, start, end, source_id in rows.values_list("claim_id", "start", "end", "source_id")
    )


def _relays(claims: QuerySet[Claim]) -> dict[int, list[SourceRef]]:
    rows = ClaimRelay.objects.filter(claim__in=claims).order_by("claim_id", "position")
    return grouped(
        (claim_id, SourceRef(source_id, name, kind))
        for claim_id, source_id, name, kind in rows.values_list(
            "claim_id", "source_id", "source__name", "source__kind"
        )
    )


def _reviews(claims: QuerySet[Claim]) -> dict[int, list[ReviewRow]]:
    rows = ClaimReview.objects.filter(claim__in=claims).order_by("claim_id", "created_at", "id")
    return grouped(
        (claim_id, ReviewRow(by, verdict, comment, at))
        for claim_id, by, verdict, comment, at in rows.values_list(
            "claim_id", "reviewer__username", "verdict", "comment", "created_at"
        )
    )


def grouped(pairs: Iterable[tuple[int, object]]) -> dict[int, list]:
    """Values grouped by key, each group in the order given."""
    groups: dict[int, list] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


# The per-claim record ---------------------------------------------------------------------


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a "Z", the form the W3C model requires and every format uses."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def span(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": text[start:end]}


def claim_fields(claim: LoadedClaim, document_text: str) -> dict:
    """The fields of one claim in the export contract; offsets index document_text."""
    return {
        "id": claim.id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "kind": claim.kind,
        "status": claim.status,
        "origin": claim.origin,
        "source": claim.source.id,
        "cue": span(document_text, *claim.cue) if claim.cue else None,
        "mentions": [{**span(document_text, m.start, m.end), "source": m.source_id} for m in claim.mentions],
        "via": [relay.id for relay in claim.via],
        "created_by": claim.created_by,
        "created_at": iso_utc(claim.created_at),
        "reviews": [
            {"by": r.by, "verdict": r.verdict, "comment": r.comment, "at": iso_utc(r.at)}
            for r in claim.reviews
        ],
    }
