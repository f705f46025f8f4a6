"""Read queries that more than one surface (API, pages) needs, each built once."""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from claims import access
from claims.models import (
    Claim,
    ClaimRelay,
    ClaimStatus,
    Document,
    Mention,
    Origin,
    Project,
    Source,
    SourceAlias,
)
from claims.source_names import clean_name


def with_attribution(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The claims with their mentions in reading order and their relay chains in order, each
    with the source it names: two queries however many claims there are."""
    mentions = Prefetch(
        "mentions", queryset=Mention.objects.select_related("source").order_by("start", "end", "id")
    )
    relays = Prefetch("relays", queryset=ClaimRelay.objects.select_related("source").order_by("position"))
    return claims.prefetch_related(mentions, relays)


def documents_with_counts(documents: QuerySet[Document], visible: Q | None = None) -> QuerySet[Document]:
    """Each document with its number of claims, of pending claims and of approved ones; of those
    that meet visible (access.visible_claims_of_documents), when given."""

    def counted(condition: Q | None = None) -> Count:
        if visible is not None:
            condition = visible if condition is None else condition & visible
        return Count("claims", filter=condition)

    return documents.annotate(
        claim_count=counted(),
        pending_count=counted(Q(claims__status=ClaimStatus.PENDING)),
        approved_count=counted(Q(claims__status=ClaimStatus.APPROVED)),
    )


def suggestion_outcomes(project: Project, user) -> dict:
    """What became of the machine's suggestions in the project, in one query: still waiting
    (suggested), accepted (a person took it on: pending or approved since), rejected, and the
    share accepted of those decided (None before any is); of the claims the user may see, so
    that in a blind project an annotator's figures hold no colleague's acceptances or rejections."""
    claims = access.visible_claims(user, Claim.objects.filter(document__project=project))
    counts = claims.filter(origin=Origin.MACHINE).aggregate(
        suggested=Count("pk", filter=Q(status=ClaimStatus.SUGGESTED)),
        pending=Count("pk", filter=Q(status=ClaimStatus.PENDING)),
        approved=Count("pk", filter=Q(status=ClaimStatus.APPROVED)),
        rejected=Count("pk", filter=Q(status=ClaimStatus.REJECTED)),
    )
    accepted = counts["pending"] + counts["approved"]
    decided = accepted + counts["rejected"]
    return {
        **counts,
        "accepted": accepted,
        "total": decided + counts["suggested"],
        "share_accepted": accepted / decided if decided else None,
    }


def sources_matching(sources: QuerySet[Source], query: str) -> QuerySet[Source]:
    """The sources with a name or alias containing the query, ignoring case, best first: an
    exact name or alias, then one starting with the query, then the rest; among matches as good
    the sources keep the order they came in. The query is cleaned as stored names were (NFC,
    invisible characters at the edges of words dropped), so a decomposed "José" finds the
    stored one; a query of nothing visible leaves the sources as they are."""
    lowered = clean_name(query).lower()
    if not lowered:
        return sources
    # Lowered names, not the i-lookups: on SQLite those are LIKE, which ignores the case of ASCII
    # letters only, where its LOWER() is Python's (claims.sqlite_functions), so "ärzte" finds
    # "Ärzte Zeitung" there as on PostgreSQL. The name is an alias row too.
    aliases = SourceAlias.objects.filter(source=OuterRef("pk")).alias(lowered=Lower("name"))
    order = sources.query.order_by or sources.model._meta.ordering
    return (
        sources.filter(Exists(aliases.filter(lowered__contains=lowered)))
        .annotate(
            match_rank=Case(
                When(Exists(aliases.filter(lowered=lowered)), then=Value(0)),
                When(Exists(aliases.filter(lowered__startswith=lowered)), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("match_rank", *order)
    )
