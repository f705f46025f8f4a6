"""The project's members and their roles, for every member. Managers add members by user name,
change roles and remove members through the API (``/api/projects/{id}/members/``) from
``claims/static/claims/members.js``; this module only reads."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import render

from claims import access
from claims.models import Assignment, Role
from claims.pages.views import _project_for


@login_required
def members_page(request, project_id: int):
    project = _project_for(request, project_id)
    assigned = (
        Assignment.objects.filter(user=OuterRef("user"), document__project=project)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    members = (
        project.memberships.select_related("user")
        .annotate(assigned_count=Coalesce(Subquery(assigned), 0))
        .order_by(Lower("user__username"))
    )
    context = {
        "project": project,
        "members": members,
        "manages": access.has_role(request.user, project.pk, Role.MANAGER),
        "roles": Role.choices,
    }
    return render(request, "claims/members.html", context)
