"""The adjudication page: a document's claims side by side, one column an annotator, one row a
group of overlapping claims (claims.adjudication.clusters), to take, merge or drop each into the
approved set, then to declare the document adjudicated. For reviewers and managers."""

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from claims import access
from claims.adjudication import clusters
from claims.models import ClaimStatus, Origin, Role
from claims.pages.attribution import attribution_of
from claims.pages.views import document_for
from claims.selectors import with_attribution
from claims.services import OWN_APPROVAL

MERGED_COLUMN = "merged in adjudication"


@login_required
def adjudication_page(request, document_id: int):
    document = document_for(request, document_id)
    if not access.has_role(request.user, document.project_id, Role.REVIEWER):
        raise PermissionDenied("adjudication is for reviewers and managers")
    claims = list(
        with_attribution(document.claims.exclude(status=ClaimStatus.SUGGESTED))
        .select_related("source", "created_by")
        .order_by("start", "end", "id")
    )
    for claim in claims:
        # Annotators who agree on the words may still differ on the cue, mentions or chain.
        claim.attribution = attribution_of(document.text, claim)
        claim.by = _column(claim)
    annotators = sorted({claim.by for claim in claims}, key=lambda name: (name == MERGED_COLUMN, name))
    rows = [
        {
            "words": document.text[group.start : group.end],
            "cells": [[claim for claim in group.claims if claim.by == name] for name in annotators],
            "sources": sources_by_votes(group.claims),
            "mergeable": sum(claim.status == ClaimStatus.PENDING for claim in group.claims) >= 2,
        }
        for group in clusters(claims)
    ]
    context = {
        "document": document,
        "project": document.project,
        "annotators": annotators,
        "rows": rows,
        "pending": sum(claim.status == ClaimStatus.PENDING for claim in claims),
        "own_claim_refusal": OWN_APPROVAL.capitalize(),
    }
    return render(request, "claims/adjudication.html", context)


def _column(claim) -> str:
    """Merged claims get a column of their own, the last, apart from their adjudicator's own."""
    if claim.origin == Origin.MERGED:
        return MERGED_COLUMN
    return claim.created_by.get_username() if claim.created_by else "the machine"


def sources_by_votes(claims) -> list:
    """The row's sources, the one most claims name first (the merge's default), then by name."""
    votes = Counter(claim.source for claim in claims)
    return sorted(votes, key=lambda source: (-votes[source], source.name))
