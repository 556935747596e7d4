"""Offers and approval requests that lapse: past their deadline, each expires once and its place
passes on to the next person waiting (the events service's expiry timer runs this)."""

from contracts import events as c
from events.booking_payloads import booking_entry
from events.booking_reads import read_event
from events.booking_writes import _after, _transition
from events.bookings import _free
from events.context import Context
from events.deadlines import clear_deadline
from events.rules import expired
from events.storage import bookings_collection, deadlines_collection

LAPSES = {
    "offered": ("offer_expires_at", c.PLACE_OFFER_EXPIRED, "offer_expired"),
    "pending_approval": ("approval_deadline", c.APPROVAL_EXPIRED, "approval_expired"),
}


def expire_lapsed(ctx: Context, limit: int = 200) -> int:
    """Offers and approval requests past their deadline lapse (once each), freeing their place
    for the next person waiting."""
    now = ctx.now()
    lapsed = 0
    due = list(deadlines_collection().find({"deadline": {"$lte": now}}).limit(limit))
    for record in due:
        booking = bookings_collection().find_one({"_id": record["_id"]})
        lapse = LAPSES.get(booking["status"]) if booking else None
        if lapse is None or not expired(booking.get(lapse[0]), now):
            if booking is None or lapse is None:
                clear_deadline(record["_id"])
            continue
        _, name, reason = lapse
        event = read_event(booking["event_id"])
        ended = _after(booking, status="expired", reason=reason)
        entry = booking_entry(name, ended, event, ctx)
        changes = {"status": "expired", "reason": reason}
        expect = {"status": booking["status"]}
        if _transition(booking, expect, changes, [entry], end=True) is None:
            continue
        clear_deadline(record["_id"])
        lapsed += 1
        _free(ctx, booking)
        ctx.publish(bookings_collection(), booking["_id"], [entry])
    return lapsed
