"""Events use cases: creating events and booking places with atomic conditional updates."""

from mongoengine.errors import NotUniqueError
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from contracts import events as c
from contracts.delivery import outbox_entry
from contracts.errors import Conflict, Forbidden, NotFound
from events.storage import Booking, Event, now


def event_item(event: Event | dict) -> dict:
    doc = event if isinstance(event, dict) else event.to_mongo().to_dict()
    return {
        "id": doc["_id"],
        "title": doc["title"],
        "kind": doc["kind"],
        "description": doc.get("description", ""),
        "sessions": doc["sessions"],
        "capacity": doc["capacity"],
        "confirmed_count": doc.get("confirmed_count", 0),
        "waitlist_count": doc.get("waitlist_count", 0),
        "status": doc.get("status", "open"),
        "created_by": doc.get("created_by"),
    }


def create_event(data: dict, created_by: str | None, correlation_id: str | None = None) -> Event:
    sessions = sorted(data["sessions"], key=lambda s: s["starts_at"])
    event = Event(
        title=data["title"],
        kind=data["kind"],
        description=data.get("description", ""),
        sessions=sessions,
        starts_at=sessions[0]["starts_at"],
        capacity=data["capacity"],
        created_by=created_by,
    )
    event.outbox = [
        outbox_entry(
            c.EVENT_PUBLISHED,
            c.EventPublishedSchema,
            {"cpd_event_id": event.id, "title": event.title, "kind": event.kind},
            correlation_id,
        )
    ]
    event.save(force_insert=True)
    return event


def list_events(query: dict) -> dict:
    found = Event.objects
    if query.get("from_"):
        found = found(starts_at__gte=query["from_"])
    if query.get("to"):
        found = found(starts_at__lte=query["to"])
    if query.get("kind"):
        found = found(kind=query["kind"])
    found = found.order_by("starts_at")
    start = (query["page"] - 1) * query["per_page"]
    return {
        "items": [event_item(e) for e in found.skip(start).limit(query["per_page"])],
        "total": found.count(),
    }


def get_event(event_id: str) -> Event:
    event = Event.objects(id=event_id).first()
    if event is None:
        raise NotFound(f"No event with id {event_id}.", {"event_id": ["Unknown event."]})
    return event


def _take_place(event_id: str) -> tuple[dict, str]:
    """Atomically take a confirmed place if one is left, else a waitlist place: (event, status)."""
    events = Event._get_collection()
    open_event = {"_id": event_id, "status": "open"}
    doc = events.find_one_and_update(
        {**open_event, "$expr": {"$lt": ["$confirmed_count", "$capacity"]}},
        {"$inc": {"confirmed_count": 1}},
        return_document=ReturnDocument.AFTER,
    )
    if doc is not None:
        return doc, "confirmed"
    doc = events.find_one_and_update(
        open_event, {"$inc": {"waitlist_count": 1}}, return_document=ReturnDocument.AFTER
    )
    if doc is None:
        if Event.objects(id=event_id).count():
            raise Conflict("This event is not open for booking.", {"event_id": ["Not open."]})
        raise NotFound(f"No event with id {event_id}.", {"event_id": ["Unknown event."]})
    return doc, "waitlisted"


def _release_place(event_id: str, status: str) -> None:
    counter = "confirmed_count" if status == "confirmed" else "waitlist_count"
    Event._get_collection().update_one({"_id": event_id}, {"$inc": {counter: -1}})


def booking_item(booking: Booking) -> dict:
    return {
        "id": booking.id,
        "event_id": booking.event_id,
        "person_id": booking.person_id,
        "booked_by": booking.booked_by,
        "status": booking.status,
        "created_at": booking.created_at,
    }


def _booking_event(name: str, booking: Booking, event: dict, correlation_id: str | None) -> dict:
    sessions = event.get("sessions") or [{}]
    return outbox_entry(
        name,
        c.BookingEventSchema,
        {
            "booking_id": booking.id,
            "cpd_event_id": booking.event_id,
            "event_title": event["title"],
            "person_id": booking.person_id,
            "booked_by": booking.booked_by,
            "status": booking.status,
            "starts_at": sessions[0].get("starts_at"),
        },
        correlation_id,
    )


def book_place(data: dict, correlation_id: str | None = None) -> Booking:
    """Book ``person_id`` on an event: confirmed while places last, then waitlisted; 409 if
    booked."""
    event, status = _take_place(data["event_id"])
    booking = Booking(
        event_id=data["event_id"],
        person_id=data["person_id"],
        booked_by=data["booked_by"],
        status=status,
        created_at=now(),
    )
    name = c.BOOKING_CONFIRMED if status == "confirmed" else c.BOOKING_WAITLISTED
    booking.outbox = [_booking_event(name, booking, event, correlation_id)]
    try:
        booking.save(force_insert=True)
    except (NotUniqueError, DuplicateKeyError):
        _release_place(data["event_id"], status)
        raise Conflict(
            "This person already holds a booking for this event.",
            {"person_id": ["Already booked."]},
        ) from None
    return booking


def cancel_booking(
    booking_id: str, cancelled_by: str, may_cancel_others: bool, correlation_id: str | None = None
) -> Booking:
    """Cancel an active booking (its holder, its booker, or someone allowed to cancel others)."""
    booking = Booking.objects(id=booking_id).first()
    if booking is None:
        raise NotFound(f"No booking with id {booking_id}.", {"booking_id": ["Unknown booking."]})
    if cancelled_by not in (booking.person_id, booking.booked_by) and not may_cancel_others:
        raise Forbidden("You may not cancel someone else's booking.")
    event = Event.objects(id=booking.event_id).first()
    previous = booking.status
    booking.status = "cancelled"
    entry = _booking_event(c.BOOKING_CANCELLED, booking, event.to_mongo().to_dict(), correlation_id)
    done = Booking._get_collection().update_one(
        {"_id": booking_id, "active": True},
        {"$set": {"status": "cancelled", "active": False}, "$push": {"outbox": entry}},
    )
    if not done.modified_count:
        raise Conflict("This booking is already cancelled.", {"booking_id": ["Already cancelled."]})
    _release_place(booking.event_id, previous)
    booking.outbox = [entry]
    return booking


def list_bookings(person_id: str, query: dict) -> dict:
    found = Booking.objects(person_id=person_id).order_by("-created_at")
    start = (query["page"] - 1) * query["per_page"]
    return {
        "items": [booking_item(b) for b in found.skip(start).limit(query["per_page"])],
        "total": found.count(),
    }
