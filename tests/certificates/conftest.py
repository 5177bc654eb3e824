"""Fixtures of the registry's tests: the five seed certificates, and the read cache turned on."""

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from ingest.services import document_create
from tests.helpers import SEEDS


@pytest.fixture
def seeds(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    """The five seed certificates, through the pipeline."""
    with django_capture_on_commit_callbacks(execute=True):
        for path in sorted(SEEDS.glob("*.txt")):
            document_create(data=path.read_bytes(), filename=path.name)


@pytest.fixture
def read_cache(settings: Settings) -> None:
    """The read cache on, as deployed."""
    settings.API_CACHE_SECONDS = 60
