"""No lost facts: a booking stored but not yet announced (a crash between the write and the
publish) is announced by the outbox sweep."""

from datetime import timedelta

from events.booking_payloads import booking_entry
from events.context import Context
from events.places import unannounced_note
from events.storage import (
    bookings_collection,
    dirty_collection,
    now,
    places_collection,
    time_ordered_id,
)
from support.waiting import eventually

from .conftest import COORD, as_


def test_an_unannounced_booking_is_announced_by_the_sweep(
    events_service, rpc, new_event, published
):
    event = rpc.events.create_event(new_event(capacity=3), caller=COORD)
    stored = {
        "_id": time_ordered_id(now() - timedelta(seconds=30)),
        "event_id": event["id"],
        "person_id": "crashed",
        "booked_by": "crashed",
        "status": "confirmed",
        "active": True,
        "version": 1,
        "created_at": now(),
    }
    brief = {"title": event["title"], "kind": "course", "sessions": [], "sequence": 0}
    stored["created_outbox"] = [booking_entry("booking_confirmed", stored, brief, Context())]
    note = unannounced_note([stored["_id"]], now() - timedelta(seconds=30))
    places_collection().update_one({"_id": event["id"]}, {"$push": {"unannounced": note}})
    bookings_collection().insert_one(stored)  # ... and the process died before publishing

    def announced():
        return [b for n, b in published() if n == "booking_confirmed"]

    body = eventually(announced, 15)[0]
    assert body["person_id"] == "crashed" and body["booking_id"] == stored["_id"]

    def notes():
        return places_collection().find_one({"_id": event["id"]}).get("unannounced")

    eventually(lambda: notes() == [], 5)
    rpc.events.book_place({"event_id": event["id"]}, caller=as_("p1"))
    eventually(lambda: notes() == [], 5)  # noted with the place, dropped once announced


def test_a_change_left_unannounced_is_announced_from_the_dirty_list(
    events_service, rpc, new_event, published
):
    event = rpc.events.create_event(new_event(capacity=3), caller=COORD)
    booked = rpc.events.book_place({"event_id": event["id"]}, caller=as_("p9"))
    stored = bookings_collection().find_one({"_id": booked["id"]})
    brief = {"title": event["title"], "kind": "course", "sessions": [], "sequence": 0}
    ended = {**stored, "status": "cancelled"}
    entry = booking_entry("booking_cancelled", ended, brief, Context())
    dirty_collection().insert_one({"_id": stored["_id"], "at": now() - timedelta(seconds=30)})
    bookings_collection().update_one({"_id": stored["_id"]}, {"$push": {"outbox": entry}})

    def announced():
        return [b for n, b in published() if n == "booking_cancelled"]

    assert eventually(announced, 15)[0]["booking_id"] == stored["_id"]
    eventually(lambda: dirty_collection().find_one({"_id": stored["_id"]}) is None, 5)
    assert bookings_collection().find_one({"_id": stored["_id"]})["outbox"] == []
