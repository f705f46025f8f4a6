"""The admin browses everything, for staff superusers only; it changes only projects and
memberships, through the services, so every change it makes is audited like any other."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from claims import access, services
from claims.models import (
    AuditEvent,
    Claim,
    ClaimRelay,
    ClaimReview,
    Document,
    Membership,
    Mention,
    Project,
    Role,
    Source,
    SourceAlias,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only through claims.services: visible here, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        """The services refuse to leave a project without a manager; here the form says so
        before anything is saved."""
        super().clean()
        had_one = self.instance.pk and self.instance.memberships.filter(role=Role.MANAGER).exists()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        if had_one and not any(data.get("role") == Role.MANAGER for data in kept):
            raise ValidationError(services.LAST_MANAGER)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    fields = ["user", "role"]
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "document_count", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "created_at"] if obj else ["created_at"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields

    inlines = [MembershipInline]

    def has_add_permission(self, request):
        return access.is_global_manager(request.user)  # as the API: staff superusers create projects

    def has_delete_permission(self, request, obj=None):
        # Nothing deletes a project (its sources are PROTECTed), and the confirmation page
        # would first gather every claim, mention and audit row of it into memory.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(document_count=Count("documents"))

    @admin.display(ordering="document_count", description="documents")
    def document_count(self, project):
        return project.document_count

    def save_model(self, request, obj, form, change):
        if change:
            project = Project.objects.get(pk=obj.pk)
            services.update_project(project, name=obj.name, description=obj.description, actor=request.user)
        else:
            project, _ = services.ensure_project(obj.slug, name=obj.name, actor=request.user)
            obj.pk = project.pk

    def save_formset(self, request, form, formset, change):
        for membership in formset.save(commit=False):
            services.set_membership(form.instance, membership.user, membership.role, actor=request.user)
        for membership in formset.deleted_objects:
            services.remove_membership(membership, actor=request.user)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "project", "role", "created_at"]
    list_filter = ["project", "role"]
    search_fields = ["user__username", "project__name"]
    list_select_related = ["user", "project"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "outlet", "byline", "published_on", "claim_count", "imported_at"]
    list_filter = ["project", "outlet"]
    search_fields = ["title", "outlet", "byline", "sha256"]
    list_select_related = ["project"]
    exclude = ["raw"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(ordering="claim_count", description="claims")
    def claim_count(self, document):
        return document.claim_count


class SourceAliasInline(ReadOnlyInline):
    model = SourceAlias
    fields = ["name"]


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "affiliation", "project", "alias_list", "needs_review"]
    list_filter = ["project", "kind", "needs_review"]
    search_fields = ["name", "aliases__name", "description"]
    list_select_related = ["affiliation", "project"]
    inlines = [SourceAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="aliases")
    def alias_list(self, source):
        return ", ".join(alias.name for alias in source.aliases.all() if alias.name != source.name)


@admin.register(SourceAlias)
class SourceAliasAdmin(ReadOnlyAdmin):
    list_display = ["name", "source", "project"]
    list_filter = ["project"]
    search_fields = ["name", "source__name"]
    list_select_related = ["source", "project"]


class MentionInline(ReadOnlyInline):
    model = Mention
    fields = ["source", "start", "end"]


class ClaimRelayInline(ReadOnlyInline):
    model = ClaimRelay
    fields = ["position", "source"]


class ClaimReviewInline(ReadOnlyInline):
    model = ClaimReview
    fields = ["created_at", "reviewer", "verdict", "comment"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["short_text", "source", "kind", "status", "origin", "document", "created_by"]
    list_filter = ["status", "kind", "origin", "document__project", "source"]
    search_fields = ["text", "source__name", "source__aliases__name", "document__title"]
    list_select_related = ["source", "document", "created_by"]
    inlines = [MentionInline, ClaimRelayInline, ClaimReviewInline]

    @admin.display(description="claim")
    def short_text(self, claim):
        return claim.text if len(claim.text) <= 80 else f"{claim.text[:79]}…"


@admin.register(ClaimReview)
class ClaimReviewAdmin(ReadOnlyAdmin):
    list_display = ["claim", "verdict", "reviewer", "created_at"]
    list_filter = ["verdict", "claim__document__project", "claim__source"]
    search_fields = ["comment", "claim__text", "reviewer__username"]
    list_select_related = ["claim__source", "reviewer"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "project", "actor", "action", "target_type", "target_id"]
    list_filter = ["project", "action", "target_type"]
    search_fields = ["action", "actor__username"]
    list_select_related = ["project", "actor"]


@admin.register(Mention)
class MentionAdmin(ReadOnlyAdmin):
    list_display = ["source", "start", "end", "claim"]
    list_filter = ["claim__document__project", "source__kind"]
    search_fields = ["source__name", "source__aliases__name", "claim__text"]
    list_select_related = ["source", "claim__source"]


@admin.register(ClaimRelay)
class ClaimRelayAdmin(ReadOnlyAdmin):
    list_display = ["source", "position", "claim"]
    list_filter = ["claim__document__project"]
    search_fields = ["source__name", "source__aliases__name", "claim__text"]
    list_select_related = ["source", "claim__source"]
