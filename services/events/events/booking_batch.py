"""Booking many people on one event at once (the group commit's batch, see ``group_commit.py``).

For an event without rules that need each person's profile, a batch of n bookings costs the store
one conditional update of the event's places (the first comers hold what is left, the rest get
waitlist tickets in arrival order, and a note says they are not yet announced) and one insert of
n bookings, instead of n of each. A booking the store refuses as a duplicate gives back what was
taken for it, as a single booking does. An event with rules answers ``NEEDS_RULES`` for every
request: each is then booked the full way.

``book_one`` and ``book_many`` are what the service calls: concurrent bookings of one event (from
several RPC workers, or several bookings of one ``book_places`` call) share batches.
"""

import eventlet
from pymongo.errors import BulkWriteError

from events import places
from events.booking_payloads import booking_item
from events.booking_reads import event_brief
from events.bookings import HELD, book_place, new_booking, undo_booking
from events.context import Context
from events.group_commit import GroupCommit
from events.storage import bookings_collection, time_ordered_id

NEEDS_RULES = object()
DUPLICATE_KEY = 11000


def book_one(ctx: Context, data: dict) -> dict:
    """Book as ``bookings.book_place`` does, in a batch with concurrent bookings of the event."""
    booking = BY_EVENT.submit(data["event_id"], (ctx, data))
    if booking is NEEDS_RULES:
        booking = book_place(ctx, data, simple_first=False)
    return booking


def book_many(requests: list[tuple[Context, dict]]) -> list:
    """``book_one`` for each ``(ctx, data)`` at once; each outcome is the booking or the
    exception that booking met (as a value)."""
    outcomes = BY_EVENT.submit_many([(data["event_id"], (ctx, data)) for ctx, data in requests])
    full_way = {
        i: eventlet.spawn(_outcome_of, book_place, ctx, data, False)
        for i, ((ctx, data), outcome) in enumerate(zip(requests, outcomes, strict=True))
        if outcome is NEEDS_RULES
    }
    for i, thread in full_way.items():
        outcomes[i] = thread.wait()
    return outcomes


def _outcome_of(fn, *args):
    """``fn(*args)``, or the exception it raised as a value (a green thread that raises has the
    hub print it and drop the socket it was woken by)."""
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - this booking's error, not the others'
        return exc


def book_batch(event_id: str, requests: list[tuple[Context, dict]]) -> list:
    """One outcome per ``(ctx, data)`` request, in order: a booking item, an exception to raise
    to that caller, or ``NEEDS_RULES``."""
    ctx = requests[0][0]
    now = ctx.now()
    urns = [data.get("school_urn") for _, data in requests]
    ids = [time_ordered_id(now) for _ in requests]
    note = places.unannounced_note(ids, now)
    if len(requests) == 1:
        taken = places.take_place(event_id, urns[0], HELD["confirmed"], now, True, note)
        if taken is not None:
            taken["last_batch_granted"] = 1 if taken["last_take"] else 0
    else:
        taken = places.take_places(event_id, urns, now, note)
    if taken is None:
        return [NEEDS_RULES] * len(requests)
    granted = taken["last_batch_granted"]
    event = {**event_brief(event_id, taken.get("sequence", 0)), **taken}
    waiting = len(requests) - granted
    first_seq = taken["waitlist_seq"] - waiting + 1
    first_position = taken["waitlist_count"] - waiting + 1
    docs = []
    for i, ((request_ctx, data), urn) in enumerate(zip(requests, urns, strict=True)):
        later = i - granted  # this one's place in the queue when it waits
        ticket = {"waitlist_seq": first_seq + later, "position": first_position + later}
        status = "confirmed" if later < 0 else "waitlisted"
        extra = ticket if status == "waitlisted" else {}
        docs.append(
            new_booking(request_ctx, data, event, status, urn, now, booking_id=ids[i], **extra)
        )
    positions = [doc.pop("_position") for doc in docs]
    refused = _insert(docs)
    stored = len(docs) - len(refused)
    if not stored:
        places.drop_notes([event_id], [note["id"]])
    noted = (event_id, note["id"])
    outcomes: list = []
    for (request_ctx, _), doc, position in zip(requests, docs, positions, strict=True):
        problem = refused.get(doc["_id"])
        if problem is None:
            request_ctx.publish_created(doc["_id"], doc["created_outbox"], noted, stored)
            outcomes.append(booking_item(doc, position))
            continue
        conflict = undo_booking(request_ctx, doc)  # what was taken for it is given back
        if problem.get("code") == DUPLICATE_KEY:
            outcomes.append(conflict)
        else:
            outcomes.append(RuntimeError(f"the store refused a booking: {problem.get('errmsg')}"))
    return outcomes


def _insert(docs: list[dict]) -> dict[str, dict]:
    """Insert every booking (unordered: one refusal stops no other); returns the refused ones'
    ids with the store's error."""
    try:
        bookings_collection().insert_many(docs, ordered=False)
    except BulkWriteError as exc:
        return {docs[e["index"]]["_id"]: e for e in exc.details.get("writeErrors", [])}
    return {}


BY_EVENT = GroupCommit(book_batch)  # concurrent bookings of one event, stored together
