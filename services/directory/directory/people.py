"""People: registering them, their details and roles (each change with its event in the
person's outbox; moving school or losing a role ends their sessions and, where it applies, their
designation as their school's approver), reading and listing them, and the view of a person a
caller may see (no email outside their school and the partnership roles). A use case given a
``caller`` asks ``permissions`` first; without one it is an internal call."""

from contracts import directory as c
from contracts.caller import Caller
from contracts.common import paginate
from contracts.errors import NotFound
from directory import catalogue, permissions
from directory.accounts import revoking
from directory.approvers import clear_approver
from directory.domain import normalise_email, tokens
from directory.passwords import hash_password
from directory.storage import Person, School, insert_person, prefix_filter, raw
from runtime.delivery import outbox_entry


def person_item(person: Person) -> dict:
    return {
        "id": person.id,
        "email": person.email,
        "name": person.name,
        "school_urn": person.school_urn,
        "roles": sorted(person.roles or []),
        "job_title": person.job_title or "",
        "year_groups": list(person.year_groups or []),
        "subjects": list(person.subjects or []),
    }


def person_view(item: dict, caller: Caller) -> dict:
    """A person as ``caller`` may see them: no email outside their school and the partnership
    roles."""
    if permissions.may_see_contact(caller, item):
        return item
    return {**item, "email": None}


def page_view(page: dict, caller: Caller) -> dict:
    return {**page, "items": [person_view(item, caller) for item in page["items"]]}


def _school_name(urn: int | None) -> str | None:
    if urn is None:
        return None
    school = School.objects(urn=urn).only("name").first()
    return school.name if school else None


def register_person(
    data: dict, correlation_id: str | None = None, caller: Caller | None = None
) -> Person:
    """Store a new person (409 on a duplicate email) with a person_registered event in its
    outbox. A school's administrator or head registers only their own school's people, with
    school-managed roles."""
    if caller is not None:
        permissions.check_may_register(caller, data)
    if data.get("school_urn") is not None and not School.objects(urn=data["school_urn"]).count():
        raise NotFound(
            f"No school with URN {data['school_urn']}.", {"school_urn": ["Unknown school."]}
        )
    person = Person(
        email=normalise_email(data["email"]),
        name=data["name"],
        name_tokens=tokens(data["name"]),
        school_urn=data.get("school_urn"),
        roles=sorted(set(data.get("roles") or [])),
        job_title=data.get("job_title") or "",
        year_groups=list(dict.fromkeys(data.get("year_groups") or [])),
        subjects=list(dict.fromkeys(data.get("subjects") or [])),
        password_hash=hash_password(data["password"]) if data.get("password") else None,
        token_version=0,
    )
    person.outbox = [
        outbox_entry(
            c.PERSON_REGISTERED,
            c.PersonRegisteredSchema,
            {
                "person_id": person.id,
                "email": person.email,
                "name": person.name,
                "school_urn": person.school_urn,
                "roles": list(person.roles),
            },
            correlation_id,
        )
    ]
    return insert_person(person)


def update_person(
    person_id: str, data: dict, correlation_id: str | None = None, caller: Caller | None = None
) -> Person:
    """Change a person's details; moving them to another school (the partnership roles) ends
    their sessions and their designation as the old school's approver."""
    person = get_person(person_id)
    if caller is not None:
        permissions.check_may_update_person(caller, person_item(person), data)
    if "school_urn" in data and data["school_urn"] is not None:
        if not School.objects(urn=data["school_urn"]).count():
            raise NotFound(
                f"No school with URN {data['school_urn']}.", {"school_urn": ["Unknown school."]}
            )
    fields = dict(data)
    if "name" in fields:
        fields["name_tokens"] = tokens(fields["name"])
    changed = sorted(k for k in data if getattr(person, k) != data[k])
    if not changed:
        return person
    event = outbox_entry(
        c.PERSON_UPDATED,
        c.PersonUpdatedSchema,
        {
            "person_id": person.id,
            "name": data.get("name", person.name),
            "school_urn": data.get("school_urn", person.school_urn),
            "changed": changed,
        },
        correlation_id,
    )
    update: dict = {"$set": fields, "$push": {"outbox": event}}
    if "school_urn" in changed:
        revoking(update, person_id, correlation_id)
    raw(Person).update_one({"_id": person_id}, update)
    if "school_urn" in changed:
        clear_approver(person_id, person.school_urn, correlation_id)
    return get_person(person_id)


def assign_role(
    person_id: str, data: dict, correlation_id: str | None = None, caller: Caller | None = None
) -> Person:
    """Grant (or with ``assigned`` false, remove) a role: ``role_assigned`` / ``role_removed``.
    The person's sessions end (token version); one who no longer holds an approver role stops
    being their school's approver."""
    person = get_person(person_id)
    role, assigned = data["role"], data["assigned"]
    if caller is not None:
        permissions.check_may_assign_role(caller, person_item(person), role)
    roles = sorted(set(person.roles) | {role}) if assigned else sorted(set(person.roles) - {role})
    event = outbox_entry(
        c.ROLE_ASSIGNED if assigned else c.ROLE_REMOVED,
        c.RoleAssignedSchema,
        {
            "person_id": person.id,
            "email": person.email,
            "name": person.name,
            "school_urn": person.school_urn,
            "school_name": _school_name(person.school_urn),
            "role": role,
            "roles": roles,
        },
        correlation_id,
    )
    if assigned:
        query = {"_id": person_id, "roles": {"$ne": role}}
        update = {"$addToSet": {"roles": role}, "$push": {"outbox": event}}
    else:
        query = {"_id": person_id, "roles": role}
        update = {"$pull": {"roles": role}, "$push": {"outbox": event}}
    changed = raw(Person).update_one(query, revoking(update, person_id, correlation_id))
    changed = changed.modified_count
    if changed and not assigned and not set(roles) & set(c.APPROVER_ROLES):
        clear_approver(person_id, person.school_urn, correlation_id)
    return get_person(person_id)


def _school_urns(query: dict) -> list[int] | None:
    filters = {k: query[k] for k in ("cluster", "phase", "type") if query.get(k)}
    if not filters:
        return None
    schools = catalogue.schools.refresh().values()
    return [s["urn"] for s in schools if all(s.get(k) == v for k, v in filters.items())]


def list_people(query: dict) -> dict:
    found = Person.objects.exclude("outbox", "password_hash")
    if query.get("ids"):
        found = found(id__in=query["ids"])
    if query.get("school_urn") is not None:
        found = found(school_urn=query["school_urn"])
    urns = _school_urns(query)
    if urns is not None:
        found = found(school_urn__in=urns)
    if query.get("role"):
        found = found(roles=query["role"])
    if query.get("subject"):
        found = found(subjects=query["subject"])
    if query.get("year_group"):
        found = found(year_groups=query["year_group"])
    if query.get("q"):
        found = found(__raw__=prefix_filter("name_tokens", tokens(query["q"])))
    found = found.order_by("name")
    return paginate(found, query, person_item)


def get_person(person_id: str) -> Person:
    person = Person.objects(id=person_id).exclude("outbox").first()
    if person is None:
        raise NotFound(f"No person with id {person_id}.", {"person_id": ["Unknown person."]})
    return person


def people_by_ids(ids: list[str]) -> list[Person]:
    found = {p.id: p for p in Person.objects(id__in=list(ids)).exclude("outbox")}
    return [found[i] for i in ids if i in found]
