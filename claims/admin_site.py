"""The admin site: Django's default site here, through claims.apps.AdminConfig."""

from django.contrib import admin

from claims import access


class AdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        """The admin lists every project's rows: only staff superusers, who manage every
        project, enter it; a project's manager works through the app's pages."""
        return request.user.is_active and access.is_global_manager(request.user)
