"""Offers and approval requests that lapse: past their deadline, each expires once and its place
passes on to the next person waiting (the events service's expiry timer runs this). What lapses,
and how, is ``booking_rules.lapse``."""

from events import booking_rules
from events.booking_reads import read_event
from events.booking_rules import BookingState
from events.bookings import _settle, _write
from events.context import Context
from events.deadlines import clear_deadline
from events.storage import bookings_collection, deadlines_collection


def expire_lapsed(ctx: Context, limit: int = 200) -> int:
    """Offers and approval requests past their deadline lapse (once each), freeing their place
    for the next person waiting."""
    now = ctx.now()
    lapsed = 0
    due = list(deadlines_collection().find({"deadline": {"$lte": now}}).limit(limit))
    for record in due:
        booking = bookings_collection().find_one({"_id": record["_id"]})
        if booking is None or not booking_rules.lapses(booking["status"]):
            clear_deadline(record["_id"])  # nothing left to lapse: the record is stale
            continue
        decision = booking_rules.lapse(BookingState.of(booking), now)
        if decision is None:  # its deadline is still ahead
            continue
        event = read_event(booking["event_id"])
        done, entries = _write(ctx, booking, event, decision)
        if done is None:
            continue
        lapsed += 1
        _settle(ctx, booking, decision, entries)
    return lapsed
