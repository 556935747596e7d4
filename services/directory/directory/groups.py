"""Strategic groups (members, chair and secretary terms) and who holds a role now."""

from datetime import date

from contracts import directory as c
from contracts.errors import Conflict, InvalidInput, NotFound
from directory.domain import assign_office as next_terms
from directory.domain import office_holder
from directory.people import get_person, people_by_ids, person_item
from directory.person_names import named_people
from directory.storage import Person, StrategicGroup, raw
from directory.stored_dates import as_date, as_datetime
from runtime.delivery import outbox_entry


def _terms(group: StrategicGroup) -> list[dict]:
    return [
        {**t, "starts_on": as_date(t["starts_on"]), "ends_on": as_date(t.get("ends_on"))}
        for t in group.offices or []
    ]


def _stored(terms: list[dict]) -> list[dict]:
    return [
        {**t, "starts_on": as_datetime(t["starts_on"]), "ends_on": as_datetime(t.get("ends_on"))}
        for t in terms
    ]


def group_item(group: StrategicGroup, today: date) -> dict:
    """The group as ``GroupSchema`` has it: its members named, its chair and secretary now."""
    return group_items([group], today)[0]


def group_items(found: list[StrategicGroup], today: date) -> list[dict]:
    """``group_item`` for each group, every member named by one look-up for them all (two
    queries, however many groups: naming each group's members apart took two each)."""
    everyone = list(dict.fromkeys(m for group in found for m in group.members or []))
    named = {detail["person_id"]: detail for detail in named_people(everyone)}
    return [_item(group, today, named) for group in found]


def _item(group: StrategicGroup, today: date, named: dict[str, dict]) -> dict:
    terms = _terms(group)
    holders = {office: office_holder(terms, office, today) for office in c.GROUP_OFFICES}
    members = list(group.members or [])
    item = {
        "id": group.id,
        "name": group.name,
        "phases": list(group.phases or []),
        "members": members,
        "member_details": [named[m] for m in members],
        "offices": terms,
    }
    for office, term in holders.items():
        item[office] = (
            {k: term.get(k) for k in ("person_id", "name", "starts_on", "ends_on")}
            if term
            else None
        )
        item[f"{office}_person_id"] = term["person_id"] if term else None
    return item


def get_group(group_id: str) -> StrategicGroup:
    group = StrategicGroup.objects(id=group_id).exclude("outbox").first()
    if group is None:
        raise NotFound(f"No group {group_id!r}.", {"group_id": ["Unknown group."]})
    return group


def list_groups() -> list[StrategicGroup]:
    return list(StrategicGroup.objects.exclude("outbox").order_by("name"))


def _write(group: StrategicGroup, update: dict) -> None:
    """Apply ``update`` only if nobody changed the group meanwhile (409 otherwise)."""
    update.setdefault("$inc", {})["version"] = 1
    done = raw(StrategicGroup).update_one({"_id": group.id, "version": group.version}, update)
    if not done.modified_count:
        raise Conflict("The group changed meanwhile; try again.", {"group_id": ["Changed."]})


def assign_office(
    group_id: str, data: dict, today: date, correlation_id: str | None = None
) -> StrategicGroup:
    """Make a person chair or secretary for a term (and a member); ``group_office_assigned``."""
    group = get_group(group_id)
    person = get_person(data["person_id"])
    terms = _terms(group)
    previous = office_holder(terms, data["office"], data["starts_on"])
    term = {
        "office": data["office"],
        "person_id": person.id,
        "name": person.name,
        "starts_on": data["starts_on"],
        "ends_on": data.get("ends_on"),
    }
    event = outbox_entry(
        c.GROUP_OFFICE_ASSIGNED,
        c.GroupOfficeAssignedSchema,
        {
            "group_id": group.id,
            "group_name": group.name,
            "office": data["office"],
            "person_id": person.id,
            "person_name": person.name,
            "starts_on": data["starts_on"],
            "ends_on": data.get("ends_on"),
            "previous_person_id": previous["person_id"] if previous else None,
        },
        correlation_id,
    )
    _write(
        group,
        {
            "$set": {"offices": _stored(next_terms(terms, term))},
            "$addToSet": {"members": person.id},
            "$push": {"outbox": event},
        },
    )
    return get_group(group_id)


def set_membership(group_id: str, data: dict, correlation_id: str | None = None) -> StrategicGroup:
    """Add or remove a member: ``group_member_added`` / ``group_member_removed``."""
    group = get_group(group_id)
    person = get_person(data["person_id"])
    member = data["member"]
    if member == (person.id in group.members):
        return group
    event = outbox_entry(
        c.GROUP_MEMBER_ADDED if member else c.GROUP_MEMBER_REMOVED,
        c.GroupMembershipChangedSchema,
        {
            "group_id": group.id,
            "group_name": group.name,
            "person_id": person.id,
            "person_name": person.name,
        },
        correlation_id,
    )
    op = {"$addToSet": {"members": person.id}} if member else {"$pull": {"members": person.id}}
    _write(group, {**op, "$push": {"outbox": event}})
    return get_group(group_id)


def update_group(group_id: str, data: dict) -> StrategicGroup:
    group = get_group(group_id)
    if not data:
        return group
    _write(group, {"$set": dict(data)})
    return get_group(group_id)


def find_role_holders(query: dict, today: date) -> dict:
    """People holding ``role`` now: a school role (at ``school_urn`` when given), or an office or
    membership of ``group_id``."""
    role = query["role"]
    if role in c.GROUP_ROLES:
        group = get_group(query["group_id"])
        if role == "member":
            ids = list(group.members or [])
        else:
            term = office_holder(_terms(group), role, today)
            ids = [term["person_id"]] if term else []
        people = people_by_ids(ids)
    else:
        if query.get("group_id"):
            raise InvalidInput(
                "group_id goes with chair, secretary or member.",
                {"group_id": ["Not a group role."]},
            )
        found = Person.objects(roles=role).exclude("outbox", "password_hash")
        if query.get("school_urn") is not None:
            found = found(school_urn=query["school_urn"])
        people = list(found.order_by("name").limit(500))
    items = [person_item(p) for p in people]
    return {"items": items, "total": len(items)}
