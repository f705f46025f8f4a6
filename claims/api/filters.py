import django_filters
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

from claims.models import (
    AttributionKind,
    Claim,
    ClaimStatus,
    Document,
    Origin,
    Source,
    SourceAlias,
    SourceKind,
)


class DocumentFilter(django_filters.FilterSet):
    class Meta:
        model = Document
        fields = ["project"]


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    q = django_filters.CharFilter(method="search", label="Name or alias, ignoring case; best matches first.")

    class Meta:
        model = Source
        fields = ["project", "kind", "q"]

    def search(self, queryset, name, value):
        """Exact name or alias first, then those starting with the words, then the rest."""
        value = value.strip()
        if not value:
            return queryset
        aliases = SourceAlias.objects.filter(source=OuterRef("pk"))
        return (
            queryset.filter(Exists(aliases.filter(name__icontains=value)))
            .annotate(
                rank=Case(
                    When(Exists(aliases.filter(name__iexact=value)), then=Value(0)),
                    When(Exists(aliases.filter(name__istartswith=value)), then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("rank", "name", "id")
        )


class ClaimFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="document__project")
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices)
    kind = django_filters.ChoiceFilter(choices=AttributionKind.choices)
    origin = django_filters.ChoiceFilter(choices=Origin.choices)
    creator = django_filters.CharFilter(field_name="created_by__username", label="Username of the author.")

    class Meta:
        model = Claim
        fields = ["project", "document", "status", "source", "creator", "kind", "origin"]
