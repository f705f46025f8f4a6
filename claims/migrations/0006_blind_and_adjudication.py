"""Blind projects, and who adjudicated a document when. Adding the document's CHECK makes SQLite
rebuild claims_document, so the triggers of 0002 are dropped around it, as 0003 explains."""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

triggers = importlib.import_module("claims.migrations.0003_source_needs_review")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0005_assignments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(triggers.drop_sqlite_triggers, triggers.install_sqlite_triggers),
        migrations.AddField(
            model_name='document',
            name='adjudicated_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='document',
            name='adjudicated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='project',
            name='blind',
            field=models.BooleanField(default=False, help_text='Annotators see only their own claims on a document until it is adjudicated.'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(('adjudicated_at__isnull', True), ('adjudicated_by__isnull', False), _connector='OR'), name='document_adjudicated_by_someone'),
        ),
        migrations.RunPython(triggers.install_sqlite_triggers, triggers.drop_sqlite_triggers),
    ]
