"""The export page: pick a format and filters, get the API export URL for them.

The page's form comes back here rather than going straight to
``GET /api/projects/{id}/export/``: the API refuses empty parameters (``source=``), which a
plain form sends for "any source", so this view drops them and either redirects to the
export (Download) or shows its link, for a browser or a script (Show link)."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from claims import access
from claims.exports import FORMATS
from claims.models import ClaimStatus
from claims.pages.review import document_choices, source_choices
from claims.pages.views import _project_for

FORMAT_DESCRIPTIONS = {
    "json": "One JSON document: the sources, and every document's text with its claims and reviews; "
    "import_annotations restores it.",
    "jsonl": "JSON Lines: one claim a line, with the document title and the source name inlined.",
    "w3c": "A W3C Web Annotation AnnotationCollection (JSON-LD): each claim an Annotation with text "
    "quote and position selectors.",
    "csv": "A spreadsheet: one claim a row with its span, text, kind, status, source, cue, mentions, "
    "relay chain and last review.",
    "csv-excel": "The same spreadsheet, marked as UTF-8 for Excel, which otherwise garbles curly quotes "
    "and non-Latin names.",
}


class ExportChoice(forms.Form):
    format = forms.ChoiceField(widget=forms.RadioSelect, initial="json")
    status = forms.MultipleChoiceField(
        choices=ClaimStatus.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    source = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    document = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [(name, name) for name in FORMATS]
        self.fields["source"].choices = [("", "any source"), *source_choices(project)]
        self.fields["document"].choices = [("", "every document"), *document_choices(project)]

    def query_string(self) -> str:
        chosen = self.cleaned_data
        params = [("format", chosen["format"])]
        params += [("status", status) for status in chosen["status"]]
        params += [(name, chosen[name]) for name in ("source", "document") if chosen[name]]
        return urlencode(params)


@login_required
def export_page(request, project_id: int):
    project = _project_for(request, project_id)
    if not access.sees_every_claim(request.user, project):
        raise PermissionDenied(access.BLIND_EXPORT)
    submitted = "format" in request.GET
    form = ExportChoice(request.GET if submitted else None, project=project)
    export_url = None
    if submitted and form.is_valid():
        export_url = f"{reverse('project-export', args=[project.pk])}?{form.query_string()}"
        if request.GET.get("go") == "download":
            return redirect(export_url)
    chosen_format = form["format"].value() or "json"
    chosen_statuses = set(form["status"].value() or [])
    formats = [
        {
            "name": name,
            "media_type": FORMATS[name].media_type,
            "description": FORMAT_DESCRIPTIONS.get(name, ""),
            "checked": name == chosen_format,
        }
        for name in FORMATS
    ]
    statuses = [{"value": value, "checked": value in chosen_statuses} for value in ClaimStatus.values]
    context = {
        "project": project,
        "form": form,
        "formats": formats,
        "statuses": statuses,
        "export_url": export_url,
        "absolute_export_url": request.build_absolute_uri(export_url) if export_url else None,
    }
    return render(request, "claims/export.html", context)
