"""Adjudication: a reviewer settles what several annotators marked on one document, claim by
claim, into the approved set. Claims are grouped into readings of the same words (clusters of
overlapping claims); the adjudicator takes one reading (approved; the other annotators' pending
claims of its cluster are rejected), drops one (rejected), or merges several into one (a new
claim of origin "merged" spans their words, with the source chosen, and is approved; the claims
merged are rejected as they were marked, so that agreement between annotators does not move),
and at last declares the document adjudicated, which ends blind mode on it.

Each step is one transaction made of claims.services' own steps, so each claim's history and
audit rows say what happened to it; versions guard against a claim that moved meanwhile.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from claims import services
from claims.errors import Conflict
from claims.models import Claim, ClaimStatus, Document, Origin, Source, Verdict


@dataclass
class Cluster:
    """Claims of a document that overlap one another, directly or through each other."""

    start: int
    end: int
    claims: list[Claim]


def clusters(claims: list[Claim]) -> list[Cluster]:
    """The claims grouped by overlap, in text order (claims sorted by start)."""
    groups: list[Cluster] = []
    for claim in sorted(claims, key=lambda c: (c.start, c.end, c.pk)):
        if groups and claim.start < groups[-1].end:
            groups[-1].claims.append(claim)
            groups[-1].end = max(groups[-1].end, claim.end)
        else:
            groups.append(Cluster(claim.start, claim.end, [claim]))
    return groups


@transaction.atomic
def take_claim(claim_id: int, *, adjudicator, version: int) -> Claim:
    """Approve the claim as the reading of its words; the pending claims of other annotators
    that overlap it are rejected in the same transaction. Refused while another annotator's
    overlapping claim is approved: the words would have two approved readings."""
    claim = services.review_claim(claim_id, reviewer=adjudicator, verdict=Verdict.APPROVE, version=version)
    rivals = Claim.objects.filter(
        document_id=claim.document_id, start__lt=claim.end, end__gt=claim.start
    ).exclude(created_by_id=claim.created_by_id)
    approved = rivals.filter(status=ClaimStatus.APPROVED).order_by("pk").first()
    if approved is not None:
        raise Conflict(
            f"claim {approved.pk} is approved over these words already: drop this claim, "
            "or reopen that one on the review page first"
        )
    for rival in rivals.filter(status=ClaimStatus.PENDING).order_by("pk"):
        services.review_claim(
            rival.pk,
            reviewer=adjudicator,
            verdict=Verdict.REJECT,
            version=rival.version,
            comment=f"adjudication took claim {claim.pk} instead",
        )
    return claim


@transaction.atomic
def merge_claims(
    lead_id: int, *, adjudicator, versions: dict[int, int], source: Source | None = None
) -> Claim:
    """One reading from several overlapping claims: a new claim by the adjudicator spans them
    all, with source (the lead claim's when None; else one of the merged claims' sources) and
    the kind, cue, mentions and relay chain of the claim that named that source (the lead claim
    when several did), and is approved; the claims merged are rejected. versions: each claim's
    id, the lead one's included, with the version the adjudicator saw."""
    if lead_id not in versions or len(versions) < 2:
        raise ValidationError({"claims": "a merge needs the lead claim and at least one other"})
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=versions).select_related("document", "source")}
    missing = sorted(set(versions) - set(claims))
    if missing:
        raise ValidationError({"claims": f"no claim {', '.join(map(str, missing))}"})
    _check_mergeable(list(claims.values()), adjudicator)
    in_order = [claims[lead_id], *(claims[pk] for pk in versions if pk != lead_id)]
    reading = _reading_naming(in_order, source or claims[lead_id].source)
    prefetch_related_objects([reading], "mentions__source", "relays__source")  # only its are taken
    merged = _compose(reading, in_order, adjudicator)
    for claim_id in sorted(versions):
        services.review_claim(
            claim_id,
            reviewer=adjudicator,
            verdict=Verdict.REJECT,
            version=versions[claim_id],
            comment=f"merged into claim {merged.pk} in adjudication",
        )
    return services.review_claim(
        merged.pk, reviewer=adjudicator, verdict=Verdict.APPROVE, version=merged.version, composed=True
    )


def _check_mergeable(claims: list[Claim], adjudicator) -> None:
    """The claims are readings of the same words, none of them the adjudicator's: the merge
    approves what it makes of them, and nobody approves their own reading."""
    if len({claim.document_id for claim in claims}) > 1:
        raise ValidationError({"claims": "merged claims must be of one document"})
    if len(clusters(claims)) > 1:
        ids = ", ".join(str(claim.pk) for claim in sorted(claims, key=lambda c: (c.start, c.pk)))
        raise ValidationError(
            {"others": f"claims {ids} do not overlap: a merge joins readings of the same words"}
        )
    own = sorted(claim.pk for claim in claims if claim.created_by_id == adjudicator.pk)
    if own:
        raise PermissionDenied(
            f"claim {', '.join(map(str, own))} is yours, and a merge approves what it makes of it: "
            "nobody approves a claim they made, so another reviewer must merge"
        )


def _reading_naming(claims: list[Claim], source: Source) -> Claim:
    """The first claim attributed to source, whose cue, mentions and chain go with it."""
    for claim in claims:
        if claim.source_id == source.pk:
            return claim
    raise ValidationError({"source": f"must be the source of one of the claims merged, not {source.name!r}"})


def _compose(reading: Claim, claims: list[Claim], adjudicator) -> Claim:
    """The merged claim, pending: the claims' words with the reading's attribution; its
    mentions keep the sources they name."""
    document = reading.document
    start, end = min(c.start for c in claims), max(c.end for c in claims)
    return services.create_claim(
        document,
        start=start,
        end=end,
        text=document.text[start:end],
        kind=reading.kind,
        source=reading.source,
        cue=(reading.cue_start, reading.cue_end) if reading.cue_start is not None else None,
        mentions=[services.MentionSpan(m.start, m.end, m.source) for m in reading.mentions.all()],
        via=[relay.source for relay in reading.relays.all()],
        actor=adjudicator,
        origin=Origin.MERGED,
    )


@transaction.atomic
def finish_adjudication(document_id: int, *, adjudicator) -> Document:
    """Declare the document settled: nothing may be left pending, and the machine's suggestions
    nobody took are discarded; blind mode ends on it."""
    document = Document.objects.select_for_update().select_related("project").get(pk=document_id)
    if document.adjudicated_at is not None:
        raise Conflict(f"document {document.pk} was adjudicated already")
    pending = document.claims.filter(status=ClaimStatus.PENDING).count()
    if pending:
        raise Conflict(f"{pending} claims of document {document.pk} are pending: take, merge or drop each")
    discarded = services.discard_unreviewed_suggestions(document, adjudicator)
    document.adjudicated_at, document.adjudicated_by = timezone.now(), adjudicator
    document.save(update_fields=["adjudicated_at", "adjudicated_by"])
    approved = document.claims.filter(status=ClaimStatus.APPROVED).count()
    after = {
        "adjudicated_by": adjudicator.get_username(),
        "approved_claims": approved,
        "discarded_suggestions": discarded,
    }
    services.record_audit(document.project_id, adjudicator, "document.adjudicated", document, after=after)
    return document
