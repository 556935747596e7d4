"""Reading bookings and the events they are for: an event's booking rules with its places
counters, its brief (title, kind, sessions and rules, cached in this process by sequence), a
booking, its place on the waiting list, and the pages of bookings (a person's, an event's, the
approvals waiting for an approver).

``_briefs`` is a process-wide cache in this module's globals: event id -> (sequence, brief),
filled by ``read_event`` and ``event_brief``, cleared whole past 5000 events."""

from contracts.caller import Caller
from contracts.common import page_start
from contracts.errors import NotFound
from events import booking_lists, permissions, places
from events.booking_payloads import booking_item
from events.context import Context
from events.storage import bookings_collection, deadlines_collection, events_collection

EVENT_FIELDS = {
    "title": 1,
    "kind": 1,
    "sessions": 1,
    "sequence": 1,
    "status": 1,
    "requires_approval": 1,
    "audience": 1,
    "pricing": 1,
    "booking_opens_at": 1,
    "booking_closes_at": 1,
}
_briefs: dict = {}


def read_event(event_id: str) -> dict:
    """The event's booking rules and descriptive fields, with its places counters."""
    event = events_collection().find_one({"_id": event_id}, EVENT_FIELDS)
    counts = places.read_places(event_id)
    if event is None or counts is None:
        raise NotFound(f"No event with id {event_id}.", {"event_id": ["Unknown event."]})
    _briefs[event_id] = (event.get("sequence", 0), event)
    return {**event, **counts}


def event_brief(event_id: str, sequence: int) -> dict:
    """Title, kind, sessions and rules of an event at ``sequence``, cached in this process (a
    change raises the sequence, so a stale copy is never used)."""
    hit = _briefs.get(event_id)
    if hit is not None and hit[0] >= sequence:
        return hit[1]
    event = events_collection().find_one({"_id": event_id}, EVENT_FIELDS)
    if event is None:
        raise NotFound(f"No event with id {event_id}.", {"event_id": ["Unknown event."]})
    if len(_briefs) > 5000:
        _briefs.clear()
    _briefs[event_id] = (event.get("sequence", 0), event)
    return event


def read_booking(booking_id: str) -> dict:
    booking = bookings_collection().find_one({"_id": booking_id})
    if booking is None:
        raise NotFound(f"No booking with id {booking_id}.", {"booking_id": ["Unknown booking."]})
    return booking


def waitlist_position(booking: dict) -> int | None:
    if booking["status"] != "waitlisted":
        return None
    ahead = bookings_collection().count_documents(
        {
            "event_id": booking["event_id"],
            "status": "waitlisted",
            "waitlist_seq": {"$lt": booking["waitlist_seq"]},
        }
    )
    return ahead + 1


def get_booking(booking_id: str, caller: Caller) -> dict:
    booking = read_booking(booking_id)
    permissions.check_may_read_booking(caller, booking)
    return booking_item(booking, waitlist_position(booking))


def list_bookings(person_id: str, query: dict, ctx: Context | None = None) -> dict:
    found = {"person_id": person_id}
    if query.get("status"):
        found["status"] = query["status"]
    return _page(found, query, [("created_at", -1)], ctx)


def list_event_bookings(event_id: str, query: dict, ctx: Context | None = None) -> dict:
    found = {"event_id": event_id}
    if query.get("status"):
        found["status"] = query["status"]
    return _page(found, query, [("created_at", 1)], ctx)


def list_approvals(approver_id: str, query: dict, ctx: Context | None = None) -> dict:
    waiting = deadlines_collection().find(
        {"approver_id": approver_id, "status": "pending_approval"}, {"_id": 1}
    )
    found = {"_id": {"$in": [row["_id"] for row in waiting]}, "status": "pending_approval"}
    return _page(found, query, [("approval_deadline", 1)], ctx)


def _page(found: dict, query: dict, order, ctx: Context | None = None) -> dict:
    """A page of bookings, each with its waitlist position and (given ``ctx``) names."""
    start = page_start(query)
    cursor = bookings_collection().find(found, {"outbox": 0, "created_outbox": 0}).sort(order)
    rows = list(cursor.skip(start).limit(query["per_page"]))
    positions = booking_lists.waitlist_positions(rows)
    items = [booking_item(b, positions.get(b["_id"])) for b in rows]
    return {
        "items": booking_lists.with_names(ctx, items),
        "total": bookings_collection().count_documents(found),
    }
