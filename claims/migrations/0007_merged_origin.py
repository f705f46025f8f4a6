"""A claim's origin may be "merged": an adjudicator's reading composed of annotators' claims.
Changing the claim's CHECK makes SQLite rebuild claims_claim, so the triggers of 0002 are
dropped around it, as 0003 explains."""

import importlib

from django.db import migrations, models

triggers = importlib.import_module("claims.migrations.0003_source_needs_review")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0006_blind_and_adjudication'),
    ]

    operations = [
        migrations.RunPython(triggers.drop_sqlite_triggers, triggers.install_sqlite_triggers),
        migrations.RemoveConstraint(
            model_name='claim',
            name='claim_origin_valid',
        ),
        migrations.AlterField(
            model_name='claim',
            name='origin',
            field=models.CharField(choices=[('human', 'Human'), ('machine', 'Machine'), ('merged', 'Merged')], default='human', max_length=8),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('origin__in', ['human', 'machine', 'merged'])), name='claim_origin_valid'),
        ),
        migrations.RunPython(triggers.install_sqlite_triggers, triggers.drop_sqlite_triggers),
    ]
