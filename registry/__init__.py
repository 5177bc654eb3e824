"""The Django project; importing it loads the Celery app so that ``shared_task`` binds to it."""

from registry.celery import app as celery_app

__all__ = ["celery_app"]
