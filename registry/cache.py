"""Django's Redis cache, with one Redis client per connection pool instead of one per operation.

``django.core.cache.backends.redis`` builds a new ``redis.Redis`` for every get and set, and redis-py fills a
table of some two hundred response callbacks in each: about 0.4 ms of CPU per cache operation, which an API
answer served from the cache (a throttle check, the generation, the answer) pays four times. A client is
safe to share between threads; the pool hands each command a connection of its own.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


class RegistryRedisCache(RedisCache):
    """``RedisCache`` whose clients are made once."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusedClient
