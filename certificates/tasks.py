"""Celery tasks of the registry: thin calls of its services."""

from __future__ import annotations

from celery import shared_task

from certificates.selectors import ALL_FACETS, COVERAGE
from certificates.statistics import STATISTICS


@shared_task
def warm_read_cache_task() -> list[str]:
    """Compute what the registry's generation needs and has not yet (the statistics, the facets of the
    whole registry, its coverage); return the names of those it computed."""
    return [cached.name for cached in (STATISTICS, ALL_FACETS, COVERAGE) if cached.warm()]
