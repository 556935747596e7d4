"""People's data in the directory: a person's export (their record and account without any
secret, roles, group memberships and terms of office, support offers, support requests and
brokerage cases they are party to) and their erasure.

Erasure anonymises the person where they stand (name "Erased person", an address of the reserved
``.invalid`` domain, job, subjects, year groups and roles cleared, no password, every token
ended), names them "Erased person" in group offices and offers, takes them out of group
memberships, and records an ``erasures`` document: who asked, when, and when each service
finished (``services``). ``person_erased`` (ids only) leaves in the same write as the
anonymisation, through the person's outbox; each other service answers ``person_erasure_done``
and ``mark_done`` notes it. A second request for the same person answers the erasure already
recorded (and finishes the directory's part if a crash interrupted it).
"""

import uuid
from datetime import datetime
from typing import Any

from mongoengine.connection import get_db
from pymongo.errors import DuplicateKeyError

from contracts import directory as c
from contracts.errors import NotFound
from contracts.privacy import (
    ERASED_NAME,
    ERASING_SERVICES,
    PERSON_ERASED,
    PersonErasedSchema,
    plain,
)
from directory.accounts import revoking
from directory.storage import (
    ALIAS,
    BrokerageCase,
    Offer,
    Person,
    StrategicGroup,
    SupportRequest,
    raw,
    stamp,
)
from runtime.delivery import outbox_entry

SERVICE = c.SERVICE
# never part of an export: secrets, and what only the platform's plumbing reads
SECRET_FIELDS = ("password_hash", "reset_token_hash", "token_version", "calendar_key", "outbox")
_indexed: set[str] = set()  # the databases whose erasures collection has its index


def erasures():
    """The ``erasures`` collection (one per person: a unique index on ``person_id``)."""
    db = get_db(ALIAS)
    if db.name not in _indexed:
        db["erasures"].create_index("person_id", unique=True)
        _indexed.add(db.name)
    return db["erasures"]


def erased_email(person_id: str) -> str:
    """A unique address no mail server accepts (RFC 2606 reserves ``.invalid``).

    >>> erased_email("p1")
    'erased-p1@erased.invalid'
    """
    return f"erased-{person_id}@erased.invalid"


def anonymised_fields(person_id: str) -> dict:
    """What an erased person's record becomes (pure)."""
    return {
        "name": ERASED_NAME,
        "name_tokens": [],
        "email": erased_email(person_id),
        "job_title": "",
        "year_groups": [],
        "subjects": [],
        "roles": [],
        "password_hash": None,
        "reset_token_hash": None,
        "reset_expires_at": None,
        "reset_requested_at": None,
    }


def offices_renamed(offices: list[dict], person_id: str) -> list[dict]:
    """A group's terms of office with the person's name replaced (pure).

    >>> offices_renamed([{"person_id": "p1", "name": "Ann"}, {"person_id": "p2"}], "p1")
    [{'person_id': 'p1', 'name': 'Erased person'}, {'person_id': 'p2'}]
    """
    return [
        {**term, "name": ERASED_NAME} if term.get("person_id") == person_id else term
        for term in offices
    ]


def _records(collection, query: dict, hidden: tuple = ("outbox",)) -> list[dict]:
    return [plain(doc) for doc in collection.find(query, {field: 0 for field in hidden})]


def export_person(person_id: str) -> dict:
    """Everything the directory holds about ``person_id``, as plain JSON. NotFound."""
    person = raw(Person).find_one({"_id": person_id}, {field: 0 for field in SECRET_FIELDS})
    if person is None:
        raise NotFound(f"No person {person_id}.", {"person_id": ["Not found."]})
    secrets = raw(Person).find_one({"_id": person_id}, {"password_hash": 1}) or {}
    account = {"email": person.get("email"), "has_password": bool(secrets.get("password_hash"))}
    groups = raw(StrategicGroup).find(
        {"$or": [{"members": person_id}, {"offices.person_id": person_id}]}
    )
    memberships = [
        {
            "group_id": group["_id"],
            "group_name": group.get("name"),
            "member": person_id in (group.get("members") or []),
            "offices": [
                plain(term)
                for term in group.get("offices") or []
                if term.get("person_id") == person_id
            ],
        }
        for group in groups
    ]
    return {
        "service": SERVICE,
        "person_id": person_id,
        "records": {
            "person": [plain(person)],
            "roles": [{"role": role} for role in person.get("roles") or []],
            "account": [account],
            "memberships": memberships,
            "offers": _records(raw(Offer), {"person_id": person_id}),
            "support_requests": _records(raw(SupportRequest), {"requested_by": person_id}),
            "brokerage_cases": _records(
                raw(BrokerageCase),
                {"$or": [{"practitioner_person_id": person_id}, {"brokered_by": person_id}]},
            ),
            "erasures": _records(erasures(), {"person_id": person_id}),
        },
    }


def erasure_item(doc: dict) -> dict:
    """An erasure as ``ErasureSchema`` answers it (pure)."""
    services = {
        name: (doc.get("services") or {}).get(name) for name in (SERVICE, *ERASING_SERVICES)
    }
    return {
        "id": doc["_id"],
        "person_id": doc["person_id"],
        "requested_by": doc["requested_by"],
        "requested_at": doc["requested_at"],
        "services": services,
        "complete": all(at is not None for at in services.values()),
    }


def _anonymise(person_id: str, erasure_id: str, correlation_id: str | None) -> None:
    """The person's record anonymised, their tokens ended and ``person_erased`` in its outbox,
    in one write; then their names elsewhere in the directory."""
    event = outbox_entry(
        PERSON_ERASED,
        PersonErasedSchema,
        {"person_id": person_id, "erasure_id": erasure_id},
        correlation_id,
    )
    update = revoking(
        {"$set": anonymised_fields(person_id), "$push": {"outbox": event}},
        person_id,
        correlation_id,
    )
    raw(Person).update_one({"_id": person_id}, update)
    raw(StrategicGroup).update_many({"members": person_id}, {"$pull": {"members": person_id}})
    for group in raw(StrategicGroup).find({"offices.person_id": person_id}, {"offices": 1}):
        raw(StrategicGroup).update_one(
            {"_id": group["_id"]},
            {
                "$set": {"offices": offices_renamed(group["offices"], person_id)},
                "$inc": {"version": 1},
            },
        )
    raw(Offer).update_many(
        {"person_id": person_id}, {"$set": {"person_name": ERASED_NAME, "rev": stamp()}}
    )


def erase_person(
    person_id: str, requested_by: str, at: datetime, correlation_id: str | None = None
) -> dict:
    """Erase ``person_id`` (see the module); the erasure as ``ErasureSchema``. NotFound."""
    if raw(Person).find_one({"_id": person_id}, {"_id": 1}) is None:
        raise NotFound(f"No person {person_id}.", {"person_id": ["Not found."]})
    doc: dict[str, Any] = {
        "_id": uuid.uuid4().hex,
        "person_id": person_id,
        "requested_by": requested_by,
        "requested_at": at,
        "services": {name: None for name in (SERVICE, *ERASING_SERVICES)},
    }
    try:
        erasures().insert_one(doc)
    except DuplicateKeyError:
        doc = erasures().find_one({"person_id": person_id})
    if doc["services"].get(SERVICE) is None:
        _anonymise(person_id, doc["_id"], correlation_id)
        erasures().update_one({"_id": doc["_id"]}, {"$set": {f"services.{SERVICE}": at}})
        doc["services"][SERVICE] = at
    return erasure_item(doc)


def get_erasure(person_id: str) -> dict:
    """The erasure of ``person_id``. NotFound (none requested)."""
    doc = erasures().find_one({"person_id": person_id})
    if doc is None:
        raise NotFound("This person's data has not been erased.", {"person_id": ["No erasure."]})
    return erasure_item(doc)


def mark_done(erasure_id: str, service: str, done_at: datetime) -> bool:
    """A service finished its part (the first answer counts; a repeat changes nothing)."""
    if service not in ERASING_SERVICES:
        return False
    result = erasures().update_one(
        {"_id": erasure_id, f"services.{service}": None},
        {"$set": {f"services.{service}": done_at}},
    )
    return result.modified_count == 1
