"""People's data in the notifications service: a person's export (inbox, preferences, the
records of the email sent or to send them, the bookings this service has heard of) and what
``person_erased`` does here: all of it deleted, and the person kept on a suppression list
(``suppressed``: their id and the erasure's, nothing else) so no email reaches them again
(``sending`` refuses a delivery to a suppressed person, and ``dispatch`` keeps nothing new of
them: no inbox entry, delivery or booking copy from a later event)."""

from datetime import UTC, datetime

from mongoengine.connection import get_db

from contracts import notifications as c
from contracts.privacy import plain
from notifications.storage import ALIAS, BookingCopy, Delivery, Notification, Preference

SERVICE = c.SERVICE
SUPPRESSED = "suppressed"


def _found(document_class, query: dict) -> list[dict]:
    return [plain(doc) for doc in document_class._get_collection().find(query)]


def export_person(person_id: str) -> dict:
    """Everything the notifications service holds about ``person_id``, as plain JSON."""
    return {
        "service": SERVICE,
        "person_id": person_id,
        "records": {
            "inbox": _found(Notification, {"person_id": person_id}),
            "preferences": _found(Preference, {"_id": person_id}),
            "deliveries": _found(Delivery, {"person_id": person_id}),
            "bookings": _found(BookingCopy, {"person_id": person_id}),
        },
    }


def is_suppressed(person_id: str | None) -> bool:
    """No email may go to this person (their data was erased)."""
    return bool(person_id) and person_id in suppressed_among([person_id])


def suppressed_among(person_ids) -> set[str]:
    """Which of ``person_ids`` were erased (one look-up for them all)."""
    wanted = list(dict.fromkeys(p for p in person_ids if p))
    if not wanted:
        return set()
    found = get_db(ALIAS)[SUPPRESSED].find({"_id": {"$in": wanted}}, {"_id": 1})
    return {doc["_id"] for doc in found}


def erase_person(person_id: str, erasure_id: str = "") -> dict[str, int]:
    """Suppress every future email to ``person_id``, then delete what this service holds of
    them (idempotent): how many of each kind of record went."""
    get_db(ALIAS)[SUPPRESSED].update_one(
        {"_id": person_id},
        {"$setOnInsert": {"erasure_id": erasure_id, "at": datetime.now(UTC)}},
        upsert=True,
    )
    removed = {}
    for name, document_class, query in (
        ("inbox", Notification, {"person_id": person_id}),
        ("preferences", Preference, {"_id": person_id}),
        ("deliveries", Delivery, {"person_id": person_id}),
        ("bookings", BookingCopy, {"person_id": person_id}),
    ):
        removed[name] = document_class._get_collection().delete_many(query).deleted_count
    return removed
