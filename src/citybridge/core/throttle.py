"""Counters in the shared cache: how many times something happened recently, per key.

Every worker process and every app server counts in the same cache (``CACHES["default"]``;
docs/configuration.md), so a limit holds whichever server a request reaches. A count is lost
only when the cache is (a restart of a Redis without persistence): the limits are a brake on
abuse, not a record.
"""

import hashlib

from django.core.cache import cache


def cache_key(kind: str, value: str) -> str:
    """A cache key for ``value`` (an e-mail address, an IP address) that stores no personal
    data in the cache and is safe for every cache backend's key rules."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"citybridge:throttle:{kind}:{digest}"


def take(keys: list[str], *, limit: int, seconds: int) -> bool:
    """Count one more event under every key and return True, unless one of the keys already
    counted ``limit`` events in its window: then count nothing and return False.

    Each key's window starts at its first event and lasts ``seconds``. Two requests at the
    same instant may both pass the last free place (the cache has no compare-and-set on every
    backend): the limit can be exceeded by the number of simultaneous requests, never more."""
    counts = cache.get_many(keys)
    if any(counts.get(key, 0) >= limit for key in keys):
        return False
    for key in keys:
        if not cache.add(key, 1, timeout=seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=seconds)
    return True
