"""Directory use cases: plain functions over the repository in ``storage``; entrypoints stay
thin."""

from pymongo import UpdateOne

from contracts import directory as c
from contracts.delivery import outbox_entry
from contracts.errors import NotFound, Unauthorized
from directory.domain import normalise_email, tokens
from directory.gias import SchoolRow
from directory.passwords import hash_password, verify_password
from directory.storage import Person, School, insert_person, prefix_filter


def import_schools(rows: list[SchoolRow]) -> int:
    """Upsert GIAS rows by URN, keeping local fields (cluster); each school gets a school_imported
    event."""
    if not rows:
        return 0
    ops = []
    for row in rows:
        event = outbox_entry(
            c.SCHOOL_IMPORTED,
            c.SchoolImportedSchema,
            {"urn": row.urn, "name": row.name, "created": False},
        )
        ops.append(
            UpdateOne(
                {"_id": row.urn},
                {
                    "$set": {
                        "name": row.name,
                        "name_tokens": tokens(row.name),
                        "phase": row.phase,
                        "type": row.type,
                        "type_group": row.type_group,
                        "la_code": row.la_code,
                        "la_name": row.la_name,
                        "status": row.status,
                        "postcode": row.postcode,
                    },
                    "$push": {"outbox": event},
                },
                upsert=True,
            )
        )
    School._get_collection().bulk_write(ops, ordered=False)
    return len(ops)


def _school_item(school: School) -> dict:
    return {
        "urn": school.urn,
        "name": school.name,
        "phase": school.phase,
        "type": school.type,
        "type_group": school.type_group,
        "la_code": school.la_code,
        "la_name": school.la_name,
        "status": school.status,
        "postcode": school.postcode,
        "cluster": school.cluster,
    }


def search_schools(query: dict) -> dict:
    filters = {}
    if query.get("q"):
        filters.update(prefix_filter("name_tokens", tokens(query["q"])))
    if query.get("phase"):
        filters["phase"] = query["phase"]
    if query.get("cluster"):
        filters["cluster"] = query["cluster"]
    found = School.objects(__raw__=filters).order_by("name")
    start = (query["page"] - 1) * query["per_page"]
    items = [_school_item(s) for s in found.skip(start).limit(query["per_page"])]
    return {"items": items, "total": found.count()}


def assign_cluster(urn: int, cluster: str) -> None:
    if not School.objects(urn=urn).update_one(set__cluster=cluster):
        raise NotFound(f"No school with URN {urn}.", {"urn": ["Unknown school."]})


def person_item(person: Person) -> dict:
    return {
        "id": person.id,
        "email": person.email,
        "name": person.name,
        "school_urn": person.school_urn,
        "roles": list(person.roles),
    }


def register_person(data: dict, correlation_id: str | None = None) -> Person:
    """Store a new person (409 on a duplicate email) with a person_registered event in its
    outbox."""
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
        password_hash=hash_password(data["password"]) if data.get("password") else None,
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


def list_people(query: dict) -> dict:
    found = Person.objects
    if query.get("school_urn") is not None:
        found = found(school_urn=query["school_urn"])
    if query.get("role"):
        found = found(roles=query["role"])
    if query.get("q"):
        found = found(__raw__=prefix_filter("name_tokens", tokens(query["q"])))
    found = found.order_by("name")
    start = (query["page"] - 1) * query["per_page"]
    return {
        "items": [person_item(p) for p in found.skip(start).limit(query["per_page"])],
        "total": found.count(),
    }


def get_person(person_id: str) -> Person:
    person = Person.objects(id=person_id).first()
    if person is None:
        raise NotFound(f"No person with id {person_id}.", {"person_id": ["Unknown person."]})
    return person


def authenticate(email: str, password: str) -> Person:
    person = Person.objects(email=normalise_email(email)).first()
    if person is None or not verify_password(person.password_hash, password):
        raise Unauthorized("Email or password is wrong.")
    return person
