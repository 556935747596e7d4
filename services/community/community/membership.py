"""Who belongs where, asked of the directory through its contracts (``list_groups``,
``get_school``, ``list_clusters``, ``list_support_areas``) on the community's own account, and
kept briefly in the service instance's cache (``CommunityService.directory_cache``, config
``DIRECTORY_CACHE_SECONDS``, default 30) so a page of posts asks once."""

from collections.abc import Callable
from typing import Any

from community.domain import Viewer
from contracts.caller import Caller
from contracts.errors import NotFound
from runtime.caching import TtlCache

SERVICE_CALLER = Caller.service("community").dump()


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
