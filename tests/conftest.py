"""Fixtures for every test: uploaded files go to a temporary media folder; the cache starts empty; the read
cache is off. And OCA's real listing, read once per module that asks for it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from pytest_django import Settings

from certificates.domain.listed import ListingRow
from ingest.listing_csv import read_listing
from tests.helpers import LISTING


@pytest.fixture(autouse=True)
def _media_root(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with no throttle counters left by the one before."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_read_cache(settings: Settings) -> None:
    """Tests see every change at once; tests of the read cache turn it back on."""
    settings.API_CACHE_SECONDS = 0


@pytest.fixture(scope="module")
def listing() -> list[ListingRow]:
    """The rows of OCA's real listing (data/oca-registry-csms.csv)."""
    return read_listing(LISTING.read_text(encoding="utf-8"))
