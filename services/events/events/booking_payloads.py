"""What a booking looks like on the wire: its calendar sessions, the payload and outbox entry of
each booking event (one schema instance, on every booking's path), the event a new booking
announces by its status, and the ``BookingSchema`` item of a booking."""

from contracts import events as c
from contracts.envelope import make_event
from events.context import Context
from events.rules import event_uid, session_uid
from events.storage import now


def calendar_sessions(event_id: str, sessions: list[dict]) -> list[dict]:
    """Each session with its id (its calendar UID) and its number as people see it (1 first)."""
    return [
        {**s, "uid": session_uid(event_id, i), "id": session_uid(event_id, i), "number": i + 1}
        for i, s in enumerate(sessions)
    ]


def booking_payload(booking: dict, event: dict, **extra) -> dict:
    sessions = calendar_sessions(booking["event_id"], event.get("sessions") or [])
    return {
        "booking_id": booking["_id"],
        "cpd_event_id": booking["event_id"],
        "event_title": event["title"],
        "person_id": booking["person_id"],
        "booked_by": booking["booked_by"],
        "status": booking["status"],
        "starts_at": sessions[0]["starts_at"] if sessions else None,
        "kind": event.get("kind"),
        "school_urn": booking.get("school_urn"),
        "version": booking.get("version"),
        "uid": event_uid(booking["event_id"]),
        "sequence": event.get("sequence", 0),
        "sessions": sessions,
        "deadline": booking.get("offer_expires_at") or booking.get("approval_deadline"),
        "approver_id": booking.get("approver_id"),
        "price_pence": booking.get("price_pence", 0),
        "reason": booking.get("reason"),
        **extra,
    }


_BOOKING_EVENT = c.BookingEventSchema()


def booking_entry(name: str, booking: dict, event: dict, ctx: Context, **extra) -> dict:
    """What ``outbox_entry`` makes, with one schema instance (this is on every booking's path)."""
    body = _BOOKING_EVENT.dump(
        make_event(booking_payload(booking, event, **extra), correlation_id=ctx.correlation_id)
    )
    return {"name": name, "body": body, "at": now()}


CREATED_EVENT = {
    "confirmed": c.BOOKING_CONFIRMED,
    "waitlisted": c.BOOKING_WAITLISTED,
    "pending_approval": c.APPROVAL_REQUESTED,
}


def booking_item(booking: dict, position: int | None = None) -> dict:
    return {
        "id": booking["_id"],
        "event_id": booking["event_id"],
        "event_title": booking.get("event_title", ""),
        "person_id": booking["person_id"],
        "booked_by": booking["booked_by"],
        "status": booking["status"],
        "created_at": booking["created_at"],
        "school_urn": booking.get("school_urn"),
        "version": booking.get("version", 1),
        "waitlist_position": position,
        "offer_expires_at": booking.get("offer_expires_at"),
        "approver_id": booking.get("approver_id"),
        "approval_deadline": booking.get("approval_deadline"),
        "price_pence": booking.get("price_pence", 0),
        "attended_sessions": booking.get("attended_sessions") or [],
        "certificate_id": booking.get("certificate_id"),
        "waitlist_reason": booking.get("waitlist_reason")
        if booking["status"] == "waitlisted"
        else None,
    }
