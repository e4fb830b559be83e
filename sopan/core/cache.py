"""Django's Redis cache with one client per connection pool.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache call; each one builds its table of
some 170 response callbacks, about 0.1 ms, and a page reads the cache several times (the session, the person, the
menu, a page's own entries). The client is thread-safe and only borrows connections from its pool, so one per pool
serves every call (measured on the package page: four clients built per request before). Used by the settings when
`REDIS_URL` is set; everything else is Django's backend.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
