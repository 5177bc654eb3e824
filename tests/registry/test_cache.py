"""The Redis cache backend: one client per pool, and it caches."""

from __future__ import annotations

import os

from registry.cache import RegistryRedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_it_makes_one_client_and_caches_through_it() -> None:
    cache = RegistryRedisCache(REDIS_URL, {"KEY_PREFIX": "registry-cache-test"})
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b", write=True) is client
    cache.set("answer", {"bytes": b"{}", "at": 1.5}, 30)
    assert cache.get("answer") == {"bytes": b"{}", "at": 1.5}
    cache.delete("answer-count")
    assert cache.add("answer-count", 0)
    assert cache.incr("answer-count") == 1
    cache.delete_many(["answer", "answer-count"])
    assert cache.get("answer") is None
