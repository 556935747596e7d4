"""The deadlines of open offers and approval requests, one record per booking in the deadlines
collection: what the expiry sweep (``lapses.py``) finds due and where an approver's requests are
listed from."""

from events.storage import deadlines_collection


def set_deadline(booking: dict, deadline) -> None:
    """Record an open offer or approval request's deadline (before the booking moves into that
    state, so no offer or request can exist without one)."""
    deadlines_collection().replace_one(
        {"_id": booking["_id"]},
        {
            "_id": booking["_id"],
            "event_id": booking["event_id"],
            "status": booking["status"],
            "deadline": deadline,
            **({"approver_id": booking["approver_id"]} if booking.get("approver_id") else {}),
        },
        upsert=True,
    )


def clear_deadline(booking_id: str) -> None:
    deadlines_collection().delete_one({"_id": booking_id})
