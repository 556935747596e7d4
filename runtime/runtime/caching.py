"""Short-lived caches of what a service asks another (people, schools, groups, CPD events): one
per service instance, held by a nameko dependency provider, never in a module global."""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

import cachetools
from nameko.extensions import DependencyProvider

_MISSING = object()


def _now() -> float:
    return time.monotonic()


class TtlCache:
    """Answers kept ``ttl`` seconds each (a ``cachetools.TTLCache`` of at most ``size``, the
    oldest dropped first), safe across green threads and threads.

    >>> cache = TtlCache(ttl=60)
    >>> cache.get("groups", lambda: ["inclusion"])
    ['inclusion']
    >>> cache.get("groups", lambda: ["asked again"])
    ['inclusion']
    >>> cache.peek("clusters") is None
    True
    """

    def __init__(self, ttl: float, size: int = 5000) -> None:
        self.ttl = ttl
        self._entries: cachetools.TTLCache = cachetools.TTLCache(size, ttl, timer=_now)
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        """The kept answer for ``key``, or ``load()`` (called outside the lock) kept."""
        with self._lock:
            hit = self._entries.get(key, _MISSING)
        if hit is not _MISSING:
            return hit
        value = load()
        self.put(key, value)
        return value

    def peek(self, key: Hashable) -> Any:
        """The kept answer for ``key``, or None."""
        with self._lock:
            return self._entries.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class CacheProvider(DependencyProvider):
    """A ``TtlCache`` for the service instance (the container's lifetime), shared by its
    workers; its time to live from the service's config ``config_key`` (else ``ttl``)."""

    def __init__(self, config_key: str, ttl: float, size: int = 5000) -> None:
        self.config_key, self.default_ttl, self.size = config_key, ttl, size

    def setup(self) -> None:
        configured = self.container.config.get(self.config_key)
        ttl = float(configured) if configured not in (None, "") else self.default_ttl
        self.cache = TtlCache(ttl, self.size)

    def get_dependency(self, worker_ctx: Any) -> TtlCache:
        return self.cache
