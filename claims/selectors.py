"""Read queries that more than one surface (API, pages) needs, each built once."""

from django.db.models import Count, Q, QuerySet

from claims.models import ClaimStatus, Document


def documents_with_counts(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Each document with its number of claims, of pending claims and of approved ones."""
    return documents.annotate(
        claim_count=Count("claims"),
        pending_count=Count("claims", filter=Q(claims__status=ClaimStatus.PENDING)),
        approved_count=Count("claims", filter=Q(claims__status=ClaimStatus.APPROVED)),
    )
