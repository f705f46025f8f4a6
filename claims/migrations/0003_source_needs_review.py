"""Sources proposed by the suggester are marked for review.

SQLite alters a table by rebuilding it, and the triggers of migration 0002 name the tables they
read: they are dropped around the rebuild and installed again after it (PostgreSQL alters the
table in place and keeps them). A later migration that alters a table the triggers read must
do the same.
"""

import importlib

from django.db import migrations, models

invariants = importlib.import_module("claims.migrations.0002_database_invariants")


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in invariants._sqlite_trigger_names():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in invariants._sqlite_statements():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_database_invariants")]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, install_sqlite_triggers),
        migrations.AddField(
            model_name="source",
            name="needs_review",
            field=models.BooleanField(
                default=False,
                help_text="Proposed by the suggester for a name the registry did not know; "
                "a reviewer's edit of the source clears it.",
            ),
        ),
        migrations.RunPython(install_sqlite_triggers, drop_sqlite_triggers),
    ]
