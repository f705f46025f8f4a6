"""The analytics page: the project's approved claims per source, outlet, attribution kind and
month, and its relay network (claims.analytics), drawn by claims/static/claims/analytics.js over
tables that hold the same figures, each with its CSV; any member, but in a blind project only
reviewers and managers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from claims import access
from claims.analytics import BLIND_ANALYTICS, CSV_TABLES, project_analytics
from claims.pages.views import _project_for

TOP_BARS = 20  # bars of the sources and outlets charts; their tables list them all


@login_required
def analytics_page(request, project_id: int):
    project = _project_for(request, project_id)
    if not access.sees_every_claim(request.user, project):
        raise PermissionDenied(BLIND_ANALYTICS)
    figures = project_analytics(project)
    context = {
        "project": project,
        "figures": figures,
        "chart_data": {**figures.as_dict(), "top_bars": TOP_BARS},
        "csv_urls": {
            figure: reverse(f"project-analytics-{figure}-csv", args=[project.pk]) for figure in CSV_TABLES
        },
        "top_bars": TOP_BARS,
    }
    return render(request, "claims/analytics.html", context)
