"""What the events service asks the directory (over nameko RPC, as the service caller), kept
for a short while in the service instance's cache: a person's profile for the booking rules, a
school's facts, a strategic group's officers and members, and who approves a school's bookings."""

from contracts.caller import Caller
from contracts.choices import resolve_named
from contracts.errors import InvalidInput, NotFound
from events.rules import Profile
from runtime.caching import TtlCache

TTL_SECONDS = 60.0  # how long an answer is kept (``directory_cache`` in the service)
SERVICE_CALLER = Caller.service("events").dump()


class Directory:
    """Wraps the ``directory`` RPC proxy a worker was given."""

    def __init__(self, proxy, cache: TtlCache):
        self._proxy = proxy
        self._cache = cache

    def _call(self, method: str, *args):
        return getattr(self._proxy, method)(*args, caller=SERVICE_CALLER)

    def person(self, person_id: str) -> dict:
        def fetch():
            try:
                return self._call("get_person", person_id)
            except NotFound:
                raise InvalidInput(
                    f"No person with id {person_id}.", {"person_id": ["Unknown person."]}
                ) from None

        return self._cache.get(("person", person_id), fetch)

    def school(self, urn: int) -> dict | None:
        def fetch():
            try:
                return self._call("get_school", urn)
            except NotFound:
                return None

        return self._cache.get(("school", urn), fetch)

    def profile(self, person_id: str) -> Profile:
        person = self.person(person_id)
        urn = person.get("school_urn")
        school = self.school(urn) if urn is not None else None
        school = school or {}
        return Profile(
            person_id=person_id,
            roles=tuple(person.get("roles") or ()),
            school_urn=urn,
            phase=school.get("phase"),
            cluster=school.get("cluster"),
            type_group=school.get("type_group"),
            moderation_selected_years=tuple(school.get("moderation_selected_years") or ()),
            year_groups=tuple(person.get("year_groups") or ()),
        )

    def cluster_of(self, urn: int | None) -> str | None:
        """The cluster of a school (None for no school, or one the directory does not know)."""
        if urn is None:
            return None
        return (self.school(urn) or {}).get("cluster")

    def group(self, group_id: str) -> dict | None:
        """A strategic group (chair, secretary, members), or None when there is no such group."""

        def fetch():
            try:
                return self._call("get_group", group_id)
            except NotFound:
                return None

        return self._cache.get(("group", group_id), fetch)

    def approver(self, urn: int) -> str | None:
        """Who approves the school's bookings, as the directory resolves it by the one fallback
        order of ``contracts.leadership`` (``approver_id``: the designated approver, else the
        headteacher, deputy head, business manager, school administrator, else the
        coordinator); the coordinator for a school the directory does not know; None when
        there is no coordinator either."""

        return self.designated_approver(urn) or self.coordinator()

    def designated_approver(self, urn: int) -> str | None:
        """The school's approver now (its designation or the fallback order; None: nobody)."""
        school = self.school(urn) or {}
        return school.get("approver_id") or school.get("approver_person_id")

    def coordinator(self) -> str | None:
        """The partnership coordinator's person id (the approver of last resort)."""

        def fetch():
            page = self._call("find_role_holders", {"role": "coordinator"})
            ids = sorted(item["id"] for item in page.get("items") or [])
            return ids[0] if ids else None

        return self._cache.get(("coordinator",), fetch)

    def cluster_schools(self, cluster: str) -> list[dict]:
        page = self._call("list_schools", {"cluster": cluster, "per_page": 200})
        return page["items"]

    def cluster_id(self, value: str, field: str = "cluster") -> str:
        """The id of the cluster ``value`` names (its id or name, any case); InvalidInput naming
        ``field`` and listing the clusters otherwise."""
        return resolve_named(field, value, self._named("list_clusters"))

    def group_id(self, value: str, field: str = "strategic_group") -> str:
        """The id of the strategic group ``value`` names (its id or name, any case);
        InvalidInput naming ``field`` and listing the groups otherwise."""
        return resolve_named(field, value, self._named("list_groups"))

    def _named(self, method: str) -> dict[str, str]:
        """``{id: name}`` of every cluster or group (cached like the rest)."""
        return self._cache.get(
            (method,), lambda: {x["id"]: x["name"] for x in self._call(method)["items"]}
        )

    def person_names(self, person_ids) -> dict[str, str]:
        """``{id: name}`` of people (one call per 200; those the directory lacks are left out)."""
        return self._names("list_people", "ids", "id", sorted(set(person_ids)))

    def school_names(self, urns) -> dict[int, str]:
        """``{urn: name}`` of schools (one call per 200; unknown ones are left out)."""
        return self._names("list_schools", "urns", "urn", sorted(set(urns) - {None}))

    def _names(self, method: str, by: str, key: str, wanted: list) -> dict:
        names = {}
        for start in range(0, len(wanted), 200):
            chunk = wanted[start : start + 200]
            page = self._call(method, {by: chunk, "per_page": 200})
            names.update({item[key]: item.get("name") for item in page.get("items") or []})
        return names
