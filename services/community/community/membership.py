"""Who belongs where, asked of the directory through its contracts (``list_groups``,
``get_school``, ``list_clusters``, ``list_support_areas``) on the community's own account, and
kept briefly in each service instance's ``DirectoryCache`` (config ``DIRECTORY_CACHE_SECONDS``,
default 30) so a page of posts asks once."""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

import cachetools
from nameko.extensions import DependencyProvider

from community.domain import Viewer
from contracts.caller import Caller
from contracts.errors import NotFound

SERVICE_CALLER = Caller.service("community").dump()
DEFAULT_TTL_SECONDS = 30.0
_MISSING = object()


def _now() -> float:
    return time.monotonic()


class TtlCache:
    """Answers kept ``ttl`` seconds each (a ``cachetools.TTLCache`` of at most ``size``), safe
    across green threads and threads; ``load`` runs outside the lock."""

    def __init__(self, ttl: float, size: int = 5000) -> None:
        self.ttl = ttl
        self._entries: cachetools.TTLCache = cachetools.TTLCache(size, ttl, timer=_now)
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        with self._lock:
            hit = self._entries.get(key, _MISSING)
        if hit is not _MISSING:
            return hit
        value = load()
        with self._lock:
            self._entries[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class DirectoryCache(DependencyProvider):
    """One ``TtlCache`` of the directory's answers per service instance (its lifetime is the
    container's), ``DIRECTORY_CACHE_SECONDS`` from the service's config."""

    def setup(self) -> None:
        ttl = self.container.config.get("DIRECTORY_CACHE_SECONDS")
        self.cache = TtlCache(float(ttl) if ttl not in (None, "") else DEFAULT_TTL_SECONDS)

    def get_dependency(self, worker_ctx: Any) -> TtlCache:
        return self.cache


class DirectoryMembership:
    """The directory's answers the community needs, from an RPC proxy to ``directory``."""

    def __init__(self, directory_rpc: Any, cache: TtlCache) -> None:
        self._rpc = directory_rpc
        self._cache = cache

    def groups(self) -> list[dict]:
        return self._cache.get("groups", lambda: self._items(self._rpc.list_groups))

    def clusters(self) -> list[dict]:
        return self._cache.get("clusters", lambda: self._items(self._rpc.list_clusters))

    @staticmethod
    def _items(list_rpc: Callable[..., dict]) -> list[dict]:
        return list_rpc(caller=SERVICE_CALLER)["items"]

    def support_areas(self) -> dict[str, str]:
        """id -> name of the support-area taxonomy (the tags a post may carry)."""

        def load():
            found = self._rpc.list_support_areas(caller=SERVICE_CALLER)["items"]
            return {area["id"]: area["name"] for area in found}

        return self._cache.get("areas", load)

    def school(self, urn) -> dict:
        """``{"cluster", "phase"}`` of the school ``urn`` (both None when unknown)."""

        def load():
            try:
                found = self._rpc.get_school(urn, caller=SERVICE_CALLER)
            except NotFound:
                return {"cluster": None, "phase": None}
            return {"cluster": found.get("cluster"), "phase": found.get("phase")}

        return self._cache.get(("school", urn), load)

    def viewer(self, caller: Caller) -> Viewer:
        if caller.is_anonymous or caller.is_service:
            return Viewer(caller=caller)
        groups, chairs, secretaries = set(), set(), set()
        for group in self.groups():
            people = {*group.get("members", ()), group.get("chair_person_id")}
            people.add(group.get("secretary_person_id"))
            if caller.id in people:
                groups.add(group["id"])
            if group.get("chair_person_id") == caller.id:
                chairs.add(group["id"])
            if group.get("secretary_person_id") == caller.id:
                secretaries.add(group["id"])
        school = self.school(caller.school_urn) if caller.school_urn is not None else {}
        return Viewer(
            caller=caller,
            groups=frozenset(groups),
            chairs=frozenset(chairs),
            secretaries=frozenset(secretaries),
            cluster=school.get("cluster"),
            phase=school.get("phase"),
        )
