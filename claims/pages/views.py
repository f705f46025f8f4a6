"""Server-rendered pages. Each looks its objects up among the user's projects, so another
project's pages answer 404; writes go through the API from the pages' scripts."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, render

from claims import access
from claims.exports import FORMATS
from claims.models import (
    Assignment,
    AttributionKind,
    ClaimRelay,
    ClaimStatus,
    Document,
    Membership,
    Mention,
    Project,
    Role,
    Source,
    SourceKind,
)
from claims.selectors import documents_with_counts, suggestion_outcomes


def _project_for(request, project_id: int) -> Project:
    return get_object_or_404(access.visible_projects(request.user).distinct(), pk=project_id)


@login_required
def project_list(request):
    own_role = Membership.objects.filter(project=OuterRef("pk"), user=request.user).values("role")[:1]
    projects = (
        access.visible_projects(request.user)
        .annotate(
            role=Subquery(own_role),
            document_count=Count("documents", distinct=True),
            pending_count=Count(
                "documents__claims", filter=Q(documents__claims__status=ClaimStatus.PENDING), distinct=True
            ),
        )
        .order_by("name", "id")
        .distinct()
    )
    return render(request, "claims/project_list.html", {"projects": projects})


@login_required
def document_list(request, project_id: int):
    """The project's documents with their counts and annotators; ?mine=1 keeps those assigned to
    the user. Managers assign documents and make the project blind here."""
    project = _project_for(request, project_id)
    documents = project.documents.defer("text", "raw")
    mine = request.GET.get("mine") == "1"
    if mine:
        documents = documents.filter(assignments__user=request.user)
    assignments = Prefetch(
        "assignments", queryset=Assignment.objects.select_related("user").order_by("user__username")
    )
    manages = access.has_role(request.user, project.pk, Role.MANAGER)
    context = {
        "project": project,
        "documents": documents_with_counts(documents, access.visible_claims_of_documents(request.user))
        .prefetch_related(assignments)
        .order_by("id"),
        "mine": mine,
        "role": access.role_in(request.user, project.pk),
        "suggestions": suggestion_outcomes(project, request.user),
        "reviews": access.has_role(request.user, project.pk, Role.REVIEWER),
        "manages": manages,
        "members": project.memberships.select_related("user").order_by("user__username") if manages else [],
        "export_formats": list(FORMATS) if access.sees_every_claim(request.user, project) else [],
        "upload_limits": {
            "files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            "bytes": settings.DOCUMENT_UPLOAD_MAX_BYTES,
        },
    }
    return render(request, "claims/document_list.html", context)


def document_for(request, document_id: int) -> Document:
    visible = access.visible_documents(request.user)
    return get_object_or_404(visible.select_related("project").defer("raw"), pk=document_id)


@login_required
def annotate(request, document_id: int):
    document = document_for(request, document_id)
    role = access.role_in(request.user, document.project_id)
    claims = annotation_claims(document, request.user)
    source_ids = {claim["source"] for claim in claims}
    source_ids |= {source for claim in claims for source in claim.get("via", [])}
    source_ids |= {mention[2] for claim in claims for mention in claim.get("mentions", [])}
    page_data = {
        "document": {
            "id": document.pk,
            "project": document.project_id,
            "title": document.title,
            "adjudicated": document.adjudicated_at is not None,
        },
        "user": {
            "username": request.user.get_username(),
            "role": role,
            "canReview": access.has_role(request.user, document.project_id, Role.REVIEWER),
            "isManager": access.has_role(request.user, document.project_id, Role.MANAGER),
        },
        "claims": claims,
        "sources": {
            source["id"]: {"name": source["name"], "kind": source["kind"]}
            for source in Source.objects.filter(pk__in=source_ids).values("id", "name", "kind")
        },
        "kinds": AttributionKind.choices,
        "sourceKinds": SourceKind.choices,
    }
    context = {"document": document, "project": document.project, "role": role, "page_data": page_data}
    return render(request, "claims/annotate.html", context)


def annotation_claims(document: Document, user) -> list[dict]:
    """The document's claims the user may see, in the compact shape the annotate page draws, in
    three queries (mentions and relay links by document: a list of thousands of claim ids costs
    more)."""
    rows = (
        access.visible_claims(user, document.claims.all())
        .order_by("start", "end", "id")
        .values(
            "id",
            "start",
            "end",
            "kind",
            "status",
            "origin",
            "source_id",
            "cue_start",
            "cue_end",
            "created_by__username",
            "version",
        )
    )
    mentions: dict[int, list] = {}
    for claim_id, start, end, source_id in Mention.objects.filter(claim__document=document).values_list(
        "claim_id", "start", "end", "source_id"
    ):
        mentions.setdefault(claim_id, []).append([start, end, source_id])
    via: dict[int, list] = {}
    for claim_id, source_id in (
        ClaimRelay.objects.filter(claim__document=document)
        .order_by("position")
        .values_list("claim_id", "source_id")
    ):
        via.setdefault(claim_id, []).append(source_id)
    return [
        {
            "id": row["id"],
            "start": row["start"],
            "end": row["end"],
            "kind": row["kind"],
            "status": row["status"],
            "origin": row["origin"],
            "source": row["source_id"],
            "cue": [row["cue_start"], row["cue_end"]] if row["cue_start"] is not None else None,
            "mentions": mentions.get(row["id"], []),
            "via": via.get(row["id"], []),
            "by": row["created_by__username"],
            "version": row["version"],
        }
        for row in rows
    ]
