from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and sources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from claims import sqlite_functions

        # Before any connection opens (migrate's included): names stay unique ignoring case
        # beyond ASCII on SQLite as on PostgreSQL.
        sqlite_functions.connect(self)


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with claims.admin_site's site, in INSTALLED_APPS in its place."""

    default = False  # claims' own config stays the one Django picks for "claims"
    default_site = "claims.admin_site.AdminSite"
