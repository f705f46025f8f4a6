"""The source registry page: a project's sources with their kind, affiliation, aliases and claim
counts, the entries the suggester proposed (needs review) first. Reviewers and managers rename
them, change their kind, aliases and affiliation, mark them reviewed, merge them and (managers)
delete them through the API (``/api/sources/{id}/``) from ``claims/static/claims/sources.js``;
this module only reads."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import render

from claims import access
from claims.models import Claim, Project, Role, Source, SourceAlias, SourceKind
from claims.pages.views import _project_for
from claims.selectors import sources_matching

PAGE_SIZE = 100
NEEDS_REVIEW = "needed"


class RegistryFilters(forms.Form):
    q = forms.CharField(label="Name or alias", required=False, max_length=300)
    kind = forms.ChoiceField(choices=[("", "any kind"), *SourceKind.choices], required=False)
    review = forms.ChoiceField(
        label="Show", choices=[("", "every source"), (NEEDS_REVIEW, "needs review")], required=False
    )

    def filter(self, sources):
        """The sources matching the valid filters; an invalid one is shown as an error and unused."""
        self.is_valid()
        chosen = self.cleaned_data
        if chosen.get("q"):
            sources = sources_matching(sources, chosen["q"])
        if chosen.get("kind"):
            sources = sources.filter(kind=chosen["kind"])
        if chosen.get("review") == NEEDS_REVIEW:
            sources = sources.filter(needs_review=True)
        return sources


def registry_sources(project: Project, user):
    """The project's sources, needs review first, each with its affiliation, aliases and the
    number of claims attributed to it that the user may see (blind mode hides others' claims
    from annotators, and their counts with them)."""
    claims = access.visible_claims(user, Claim.objects.filter(source=OuterRef("pk")))
    claim_count = claims.order_by().values("source").annotate(count=Count("pk")).values("count")
    aliases = Prefetch("aliases", queryset=SourceAlias.objects.order_by(Lower("name"), "id"))
    return (
        Source.objects.filter(project=project)
        .select_related("affiliation")
        .prefetch_related(aliases)
        .annotate(claim_count=Coalesce(Subquery(claim_count), 0))
        .order_by("-needs_review", Lower("name"), "id")
    )


@login_required
def sources_page(request, project_id: int):
    project = _project_for(request, project_id)
    role = access.role_in(request.user, project.pk)
    can_edit = role in (Role.REVIEWER, Role.MANAGER)
    filters = RegistryFilters(request.GET)
    paginator = Paginator(filters.filter(registry_sources(project, request.user)), PAGE_SIZE)
    # any entry of the project, not only this page's, may be the one another merges into or is
    # affiliated with (the edit form's affiliation picks from these too)
    merge_targets = (
        project.sources.order_by(Lower("name")).values_list("id", "name", "needs_review") if can_edit else []
    )
    context = {
        "project": project,
        "filters": filters,
        "page": paginator.get_page(request.GET.get("page")),
        "needs_review_count": project.sources.filter(needs_review=True).count(),
        "can_edit": can_edit,
        "can_delete": role == Role.MANAGER,
        "merge_targets": merge_targets,
        "kinds": SourceKind.choices,
    }
    return render(request, "claims/sources.html", context)
