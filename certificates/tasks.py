"""Celery tasks of the registry: thin calls of its services."""

from __future__ import annotations

from celery import shared_task

from certificates.statistics import statistics_warm


@shared_task
def warm_statistics_task() -> bool:
    """Compute the statistics page's numbers if the registry changed since they were last computed."""
    return statistics_warm()
