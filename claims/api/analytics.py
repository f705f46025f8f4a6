"""The analytics endpoints of ProjectViewSet: who may read them, and one action a figure of
claims.analytics as CSV, GET /api/projects/{id}/analytics/csv/{figure}/, so that each has its
own operation, with its columns, in the schema."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied

from claims import access
from claims.analytics import BLIND_ANALYTICS, CSV_TABLES, figure_csv
from claims.api.negotiation import fixed_type_download
from claims.models import Project


def readable_project(view) -> Project:
    """The view's project, if the user may read its analytics: any member, but in a blind
    project only reviewers and managers, as the figures count everyone's claims."""
    project = view.get_object()
    if not access.sees_every_claim(view.request.user, project):
        raise PermissionDenied(BLIND_ANALYTICS)
    return project


def figure_csv_action(figure: str):
    """The action serving one figure of CSV_TABLES."""
    table = CSV_TABLES[figure]

    def view(self, request, pk=None):
        project = readable_project(self)
        response = HttpResponse(figure_csv(project, figure), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{project.slug}-{figure}.csv"'
        return response

    # DRF's router requires an action's name to be the attribute it is found under
    view.__name__ = f"analytics_{figure}_csv"
    view.__doc__ = f"{table.title}, as CSV with a header row: {', '.join(table.columns)}."
    as_action = fixed_type_download(url_path=f"analytics/csv/{figure}")
    schema = extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR}, filters=False, parameters=[])
    return schema(as_action(view))
