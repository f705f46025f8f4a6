"""The agreement page: how far the project's annotators agree, overall, per pair of annotators
and per document (claims.agreement), for reviewers and managers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from claims import access
from claims.agreement import ROLES, agreement
from claims.models import Role
from claims.pages.views import _project_for


@login_required
def agreement_page(request, project_id: int):
    project = _project_for(request, project_id)
    if not access.has_role(request.user, project.pk, Role.REVIEWER):
        raise PermissionDenied("the agreement is for reviewers and managers")
    overall, per_document, per_pair = agreement(project.documents.defer("raw").order_by("id"))
    context = {
        "project": project,
        "overall": overall.as_dict(),
        "pairs": per_pair,
        "documents": [row for row in per_document if len(row["annotators"]) > 1],
        "roles": ROLES,
    }
    return render(request, "claims/agreement.html", context)
