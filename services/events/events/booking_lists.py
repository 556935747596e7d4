"""What a list of bookings adds to each booking: its place on its event's waiting list (as the
single booking has it) and who it is for, by name, with their school's name."""

from bisect import bisect_left

from events.context import Context
from events.storage import bookings_collection


def waitlist_positions(bookings: list[dict]) -> dict[str, int]:
    """booking id -> its place on its event's waiting list (1 first), for the waitlisted ones:
    one query per event on the page."""
    waiting: dict[str, list[dict]] = {}
    for booking in bookings:
        if booking["status"] == "waitlisted" and booking.get("waitlist_seq") is not None:
            waiting.setdefault(booking["event_id"], []).append(booking)
    positions = {}
    for event_id, page in waiting.items():
        queue = bookings_collection().find(
            {"event_id": event_id, "status": "waitlisted"}, {"waitlist_seq": 1}
        )
        tickets = sorted(row.get("waitlist_seq") or 0 for row in queue)
        for booking in page:
            positions[booking["_id"]] = bisect_left(tickets, booking["waitlist_seq"]) + 1
    return positions


def with_names(ctx: Context | None, items: list[dict]) -> list[dict]:
    """``person_name`` and ``school_name`` beside the ids (one directory call for each, cached
    nowhere: names change); null when the directory does not know them."""
    if ctx is None or not items:
        return items
    people = ctx.directory.person_names(item["person_id"] for item in items)
    schools = ctx.directory.school_names(item.get("school_urn") for item in items)
    return [
        {
            **item,
            "person_name": people.get(item["person_id"]),
            "school_name": schools.get(item.get("school_urn")),
        }
        for item in items
    ]
