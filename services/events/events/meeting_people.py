"""Who may chair a meeting or take its minutes: someone of the body that meets. A cluster
meeting's chair and minute-taker work at one of the cluster's schools; a strategic group
meeting's are the group's officers or members; the partnership roles may take either part in
any meeting. Anyone else is refused by the field that names them (422)."""

from contracts.caller import PARTNERSHIP_ROLES
from contracts.errors import InvalidInput
from events.context import Context

FIELDS = {"chair_id": "chair", "minute_taker_id": "minute-taker"}


def _group_people(group: dict | None) -> set[str]:
    group = group or {}
    people = {group.get("chair_person_id"), group.get("secretary_person_id")}
    for member in group.get("members") or []:
        people.add(member.get("id") if isinstance(member, dict) else member)
    return people - {None}


def check_meeting_people(ctx: Context, event: dict, data: dict) -> None:
    """InvalidInput naming ``chair_id``/``minute_taker_id`` for an unknown person or one from
    outside the meeting's cluster (or strategic group)."""
    owner = event.get("owner") or {}
    cluster = event.get("cluster") or (owner.get("id") if owner.get("type") == "cluster" else None)
    group = ctx.directory.group(owner["id"]) if owner.get("type") == "group" else None
    problems: dict[str, list[str]] = {}
    for field, part in FIELDS.items():
        try:
            person = ctx.directory.person(data[field])
        except InvalidInput:
            problems[field] = [f"Unknown person {data[field]!r}."]
            continue
        if PARTNERSHIP_ROLES & set(person.get("roles") or ()):
            continue
        if cluster and ctx.directory.cluster_of(person.get("school_urn")) != cluster:
            problems[field] = [f"The {part} must work at a school in the {cluster} cluster."]
        elif group is not None and data[field] not in _group_people(group):
            problems[field] = [f"The {part} must be an officer or member of {group['name']}."]
    if problems:
        raise InvalidInput("The chair and minute-taker must belong to the meeting.", problems)
