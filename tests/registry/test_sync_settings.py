"""The settings of the sync with OCA: malformed values stop the start with the variable named; the daily sync
can be moved or turned off."""

from __future__ import annotations

import pytest

from tests.registry.test_settings import manage


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OCA_REQUESTS_PER_SECOND", "fast", "OCA_REQUESTS_PER_SECOND must be a number"),
        ("OCA_READ_TIMEOUT", "0", "OCA_READ_TIMEOUT must be at least 0.001"),
        ("OCA_BACKOFF_SECONDS", "nan", "OCA_BACKOFF_SECONDS must be at least 0.0"),
        ("OCA_SYNC_HOUR", "24", "OCA_SYNC_HOUR must be an hour from 0 to 23"),
        ("OCA_SYNC_DAILY", "sometimes", "OCA_SYNC_DAILY must be a boolean"),
    ],
)
def test_a_malformed_sync_setting_stops_the_start(name: str, value: str, message: str) -> None:
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_the_daily_sync_follows_its_settings() -> None:
    script = "from django.conf import settings as s; e = s.CELERY_BEAT_SCHEDULE.get('sync-oca'); " \
             "print(e and sorted(e['schedule'].hour), s.OCA_DOCUMENT_HOSTS)"  # fmt: skip
    moved = manage("shell", "-v", "0", "-c", script, OCA_SYNC_HOUR="5",
                   OCA_LISTING_URL="https://www.mirror.example/listing")  # fmt: skip
    assert moved.stdout.strip() == "[5] ['mirror.example', 'www.mirror.example']"
    off = manage("shell", "-v", "0", "-c", script, OCA_SYNC_DAILY="false")
    assert off.stdout.strip().startswith("None")
