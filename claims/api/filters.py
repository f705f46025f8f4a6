"""Query filters of the list endpoints. A filter that names an object takes only objects of
the caller's projects: another project's id is refused like an id that does not exist, so a
filter cannot tell that it exists."""

import django_filters

from claims import access
from claims.models import (
    AttributionKind,
    Claim,
    ClaimStatus,
    Document,
    Job,
    JobKind,
    JobStatus,
    Origin,
    Project,
    Source,
    SourceKind,
)
from claims.selectors import sources_matching


def visible_projects(request):
    return access.visible_projects(request.user) if request is not None else Project.objects.none()


def visible_documents(request):
    documents = access.visible_documents(request.user) if request is not None else Document.objects.none()
    return documents.defer("text", "raw")


def visible_sources(request):
    return access.visible_sources(request.user) if request is not None else Source.objects.none()


class DocumentFilter(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(queryset=visible_projects)

    class Meta:
        model = Document
        fields = ["project"]


class JobFilter(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(queryset=visible_projects)
    kind = django_filters.ChoiceFilter(choices=JobKind.choices)
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)

    class Meta:
        model = Job
        fields = ["project", "kind", "status"]


class SourceFilter(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(queryset=visible_projects)
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    q = django_filters.CharFilter(method="search", label="Name or alias, ignoring case; best matches first.")

    class Meta:
        model = Source
        fields = ["project", "kind", "q"]

    def search(self, queryset, name, value):
        return sources_matching(queryset, value)


class ClaimFilter(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(field_name="document__project", queryset=visible_projects)
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices)
    kind = django_filters.ChoiceFilter(choices=AttributionKind.choices)
    origin = django_filters.ChoiceFilter(choices=Origin.choices)
    creator = django_filters.CharFilter(field_name="created_by__username", label="Username of the author.")
    document = django_filters.ModelChoiceFilter(queryset=visible_documents)
    source = django_filters.ModelChoiceFilter(queryset=visible_sources)

    class Meta:
        model = Claim
        fields = ["project", "document", "status", "source", "creator", "kind", "origin"]
