# The Celery app loads with Django, so that tasks queued by the web process reach its broker.
from annotator.celery import app as celery_app

__all__ = ["celery_app"]
