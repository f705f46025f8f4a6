"""The Celery application: its settings are Django's CELERY_* settings, its tasks those of
claims.tasks. Used only when CELERY_BROKER_URL is set; without it jobs run in process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")

app = Celery("annotator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
