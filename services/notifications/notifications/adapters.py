"""The ports wired to nameko RPC: the directory (people, posts) and the events service
(sessions), with a short cache per service instance (the service's ``people_cache`` and
``events_cache``), a deadline per call and a few quick retries when unreachable. Every call is
made as ``Caller.service("notifications")``."""

import eventlet
from nameko.exceptions import MethodNotFound, UnknownService
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from contracts.caller import Caller
from contracts.errors import NotFound
from notifications.ports import Unavailable
from runtime.caching import TtlCache

CALL_SECONDS = 5.0
PERSON_TTL = 60.0
EVENT_TTL = 10.0
# who asks: this service on its own account (the other services' policies allow it look-ups)
AS_SERVICE = Caller.service("notifications").dump()

_retrying = retry(
    retry=retry_if_exception_type(Unavailable),
    stop=stop_after_attempt(3),
    wait=wait_exponential(multiplier=0.2, max=1.0),
    reraise=True,
)


def _call(proxy, method: str, *args):
    try:
        with eventlet.Timeout(CALL_SECONDS, Unavailable(f"{method}: no answer")):
            return getattr(proxy, method)(*args, caller=AS_SERVICE)
    except (UnknownService, OSError, ConnectionError) as exc:
        raise Unavailable(f"{method}: {exc}") from exc


def _ids(result) -> list[str]:
    items = result.get("items", []) if isinstance(result, dict) else (result or [])
    ids = []
    for item in items:
        if isinstance(item, str):
            ids.append(item)
        elif isinstance(item, dict):
            pid = item.get("id") or item.get("person_id")
            if pid:
                ids.append(pid)
    return ids


class DirectoryPeople:
    """``People`` over RPC to ``directory`` (find_role_holders, list_people, get_person), and
    to ``community`` for a post's followers (``list_post_followers``)."""

    def __init__(self, proxy, community_proxy=None, cache: TtlCache | None = None):
        self.proxy = proxy
        self.community = community_proxy
        self.cache = cache if cache is not None else TtlCache(PERSON_TTL)

    @_retrying
    def followers(self, post_id) -> list[str]:
        """Who follows the post (none when the community has no such post any more)."""
        if self.community is None:
            return []
        try:
            found = _call(self.community, "list_post_followers", post_id)
        except NotFound:
            return []
        return [pid for pid in found.get("items", []) if isinstance(pid, str)]

    @_retrying
    def holders(self, role, school_urn=None, group_id=None) -> list[str]:
        query = {"role": role, "school_urn": school_urn, "group_id": group_id}
        query = {k: v for k, v in query.items() if v is not None}
        try:
            return _ids(_call(self.proxy, "find_role_holders", query))
        except MethodNotFound:
            if group_id is not None:
                return []
            listed = {k: v for k, v in query.items() if k != "group_id"}
            return _ids(_call(self.proxy, "list_people", {**listed, "per_page": 200}))

    @_retrying
    def person(self, person_id):
        found = self.cache.peek(person_id)
        if found is not None:
            return found or None
        try:
            found = _call(self.proxy, "get_person", person_id)
        except NotFound:
            found = {}
        self.cache.put(person_id, found)
        return found or None

    @_retrying
    def people(self, person_ids: list[str]) -> dict[str, dict]:
        """The people with these ids (up to 200 a call), by id."""
        found: dict[str, dict] = {}
        for start in range(0, len(person_ids), 200):
            query = {"ids": person_ids[start : start + 200], "per_page": 200}
            for person in _call(self.proxy, "list_people", query).get("items", []):
                found[person["id"]] = person
        return found

    @_retrying
    def school_names(self, urns: list[int]) -> dict[int, str]:
        """The names of the schools with these URNs (up to 200 a call), by URN."""
        names: dict[int, str] = {}
        for start in range(0, len(urns), 200):
            query = {"urns": urns[start : start + 200], "per_page": 200}
            for school in _call(self.proxy, "list_schools", query).get("items", []):
                names[school["urn"]] = school["name"]
        return names

    @_retrying
    def cluster_people(self, cluster) -> list[str]:
        schools = _call(self.proxy, "list_schools", {"cluster": cluster, "per_page": 200})
        people: list[str] = []
        for school in schools.get("items", []):
            query = {"school_urn": school["urn"], "per_page": 200}
            people += _ids(_call(self.proxy, "list_people", query))
        return people


class EventsCatalogue:
    """``CpdEvents`` over RPC to ``events`` (get_event)."""

    def __init__(self, proxy, cache: TtlCache | None = None):
        self.proxy = proxy
        self.cache = cache if cache is not None else TtlCache(EVENT_TTL)

    def event(self, cpd_event_id):
        found = self.cache.peek(cpd_event_id)
        if found is not None:
            return found or None
        try:
            found = _call(self.proxy, "get_event", cpd_event_id)
        except NotFound:
            found = {}
        except Unavailable:
            return None
        self.cache.put(cpd_event_id, found)
        return found or None


class DirectoryAudience:
    """``audience.Directory`` over RPC to ``directory``: who a message to a role reaches."""

    def __init__(self, proxy):
        self.proxy = proxy

    def _pages(self, method: str, query: dict) -> list[dict]:
        found: list[dict] = []
        page = 1
        while True:
            answer = _call(self.proxy, method, {**query, "page": page, "per_page": 200})
            found += answer.get("items", [])
            if len(found) >= answer.get("total", 0) or not answer.get("items"):
                return found
            page += 1

    @_retrying
    def clusters(self) -> list[dict]:
        return _call(self.proxy, "list_clusters").get("items", [])

    @_retrying
    def group_ids(self) -> list[str]:
        return [g["id"] for g in _call(self.proxy, "list_groups").get("items", [])]

    @_retrying
    def _exists(self, method: str, key) -> bool:
        try:
            return bool(_call(self.proxy, method, key))
        except NotFound:
            return False

    def has_group(self, group_id: str) -> bool:
        return self._exists("get_group", group_id)

    def has_school(self, urn: int) -> bool:
        return self._exists("get_school", urn)

    @_retrying
    def cluster_urns(self, cluster: str) -> set[int]:
        return {s["urn"] for s in self._pages("list_schools", {"cluster": cluster})}

    @_retrying
    def people(self, query: dict) -> list[dict]:
        return self._pages("list_people", query)

    @_retrying
    def group_holders(self, role: str, group_id: str) -> list[dict]:
        query = {"role": role, "group_id": group_id}
        return _call(self.proxy, "find_role_holders", query).get("items", [])
