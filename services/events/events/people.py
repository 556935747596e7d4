"""What the events service asks the directory (over nameko RPC), cached for a short while: a
person's profile for the booking rules, a school's facts, and who approves a school's bookings."""

import time

from contracts.errors import InvalidInput, NotFound
from events.rules import Profile

TTL_SECONDS = 60.0
APPROVER_ROLES = ("headteacher", "business_manager")

_cache: dict = {}


def _cached(key, fetch):
    hit = _cache.get(key)
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return hit[1]
    value = fetch()
    _cache[key] = (now + TTL_SECONDS, value)
    if len(_cache) > 20000:
        _cache.clear()
    return value


def clear_cache() -> None:
    _cache.clear()


class Directory:
    """Wraps the ``directory`` RPC proxy a worker was given."""

    def __init__(self, proxy):
        self._proxy = proxy

    def person(self, person_id: str) -> dict:
        def fetch():
            try:
                return self._proxy.get_person(person_id)
            except NotFound:
                raise InvalidInput(
                    f"No person with id {person_id}.", {"person_id": ["Unknown person."]}
                ) from None

        return _cached(("person", person_id), fetch)

    def school(self, urn: int) -> dict | None:
        def fetch():
            try:
                return self._proxy.get_school(urn)
            except NotFound:
                return None

        return _cached(("school", urn), fetch)

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

    def approver(self, urn: int) -> str | None:
        """The school's headteacher, else its business manager (budget holder)."""

        def fetch():
            for role in APPROVER_ROLES:
                page = self._proxy.list_people({"school_urn": urn, "role": role, "per_page": 5})
                if page["items"]:
                    return page["items"][0]["id"]
            return None

        return _cached(("approver", urn), fetch)

    def cluster_schools(self, cluster: str) -> list[dict]:
        page = self._proxy.list_schools({"cluster": cluster, "per_page": 200})
        return page["items"]
