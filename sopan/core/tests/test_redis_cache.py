"""The Redis cache backend (core/cache.py) reuses one client per connection pool and still reads and writes as
Django's does. Needs a Redis: SOPAN_TEST_REDIS_URL (CI sets it and requires it)."""

from __future__ import annotations

import os

import pytest

from sopan.core.cache import RedisCache

REDIS_URL = os.environ.get("SOPAN_TEST_REDIS_URL", "")


@pytest.fixture
def cache():
    if not REDIS_URL:
        if os.environ.get("SOPAN_REQUIRE_REDIS") == "1":
            pytest.fail("SOPAN_REQUIRE_REDIS=1 but SOPAN_TEST_REDIS_URL is not set")
        pytest.skip("set SOPAN_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test the Redis cache")
    location = REDIS_URL.rsplit("/", 1)[0] + "/14"  # not the RQ test's database, which it empties
    backend = RedisCache(location, {"KEY_PREFIX": f"sopan-test-{os.getpid()}"})
    yield backend
    backend.clear()


def test_one_client_serves_every_call_of_a_pool(cache):
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("any key") is client  # one server: reads use the same pool


def test_it_reads_writes_counts_and_forgets_as_djangos(cache):
    cache.set("a", {"person": 1, "roles": ["verifier"]}, 60)
    assert cache.get("a") == {"person": 1, "roles": ["verifier"]}
    assert cache.get_many(["a", "b"]) == {"a": {"person": 1, "roles": ["verifier"]}}
    cache.set("n", 1)
    assert cache.incr("n", 2) == 3
    assert cache.add("a", "other") is False
    cache.delete("a")
    assert cache.get("a") is None
