"""No lost facts: a booking stored but not yet announced (a crash between the write and the
publish) is announced by the outbox sweep."""

from datetime import timedelta

from events.bookings import booking_entry
from events.context import Context
from events.storage import bookings_collection, now, published_collection, time_ordered_id
from support.waiting import eventually


def test_an_unannounced_booking_is_announced_by_the_sweep(
    events_service, rpc, new_event, published
):
    event = rpc.events.create_event(new_event(capacity=3), "org")
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
    bookings_collection().insert_one(stored)

    def announced():
        return [b for n, b in published() if n == "booking_confirmed"]

    body = eventually(announced, 15)[0]
    assert body["person_id"] == "crashed" and body["booking_id"] == stored["_id"]
    eventually(lambda: published_collection().find_one({"_id": stored["_id"]}), 5)
    booked = rpc.events.book_place({"event_id": event["id"], "person_id": "p1", "booked_by": "p1"})
    eventually(lambda: published_collection().find_one({"_id": booked["id"]}), 5)
