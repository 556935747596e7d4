"""Who answers for a school when a post is vacant, by the one order in ``contracts.leadership``:
the approver of its bookings, and the leaders told of its support offers and cases."""

from contracts.leadership import LEADER_FALLBACK, leaders, school_leader
from directory.storage import Person, School


def _holders(urn: int | None):
    """role -> ids of the school's staff holding it (one query for every leading post)."""
    found: dict[str, list[str]] = {}
    if urn is not None:
        people = Person.objects(school_urn=urn, roles__in=LEADER_FALLBACK).only("id", "roles")
        for person in people:
            for role in person.roles or []:
                found.setdefault(role, []).append(person.id)
    return lambda role: found.get(role, [])


def leader_ids(urn: int | None) -> list[str]:
    """The school's leaders: its headteachers, else the next filled post in the fallback order."""
    return leaders(_holders(urn))


def coordinator_id() -> str | None:
    ids = sorted(p.id for p in Person.objects(roles="coordinator").only("id"))
    return ids[0] if ids else None


def school_approver(school: School) -> dict:
    """``{"approver_id", "approver_source"}``: who approves the school's bookings now (its
    designated approver, else the first filled post, else the coordinator)."""
    person_id, source = school_leader(_holders(school.urn), school.approver_person_id)
    if person_id is None:
        person_id = coordinator_id()
        source = "coordinator" if person_id else None
    return {"approver_id": person_id, "approver_source": source}
