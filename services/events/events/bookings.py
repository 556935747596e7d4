"""Booking transitions: book (confirmed, waitlisted or pending approval), cancel, pass freed places
to the waitlist as offers, answer offers and approvals. What each transition after booking does is
decided in ``booking_rules.py`` (plain Python); this module loads, checks permissions and writes
each decision (``_write``, ``_settle``). Lapsed offers and requests expire in
``lapses.py``; payloads and outbox entries are shaped in ``booking_payloads.py``, bookings and their
events read in ``booking_reads.py``, deadlines recorded in ``deadlines.py``.

Each state change stores its event in the booking's outbox in the same atomic write, then asks
``ctx.publish`` to relay it (a new booking's event is in its ``created_outbox``, relayed by
``ctx.publish_created`` once noted on the event's places, see ``relay.py``). Every booking
transition is conditional on the booking's ``version`` (and status, see ``booking_writes.py``), so
an offer or approval is acted on exactly once.
"""

from pymongo.errors import DuplicateKeyError

from contracts.caller import Caller
from contracts.errors import Conflict, Forbidden, InvalidInput
from events import booking_rules, permissions, places
from events.booking_payloads import CREATED_EVENT, booking_entry, booking_item
from events.booking_reads import event_brief, read_booking, read_event
from events.booking_rules import BookingState
from events.booking_writes import _after, _transition, expect_of
from events.context import Context
from events.deadlines import clear_deadline, set_deadline
from events.rules import (
    audience_problem,
    deadline_after,
    eligible_in_order,
    price_for,
    window_problem,
)
from events.storage import bookings_collection, time_ordered_id
from events.timing import booking_closed_problem, capped_deadline

HELD = booking_rules.HELD  # status -> the places counter a booking in it holds a place under


def _why_not_bookable(event_id: str, ctx: Context) -> dict:
    """The event when it is bookable now; else the 404/409 that says why not."""
    event = read_event(event_id)
    if event.get("status") != "open":
        raise Conflict("This event is cancelled.", {"event_id": ["Cancelled."]})
    problem = window_problem(
        event.get("booking_opens_at"), event.get("booking_closes_at"), ctx.now()
    ) or booking_closed_problem(event.get("sessions") or [], ctx.now())
    if problem:
        raise Conflict(problem, {"booking_window": [problem]})
    return event


def booking_for(ctx: Context, caller: Caller, data: dict) -> dict:
    """What ``book_place`` books for a ``BookPlaceSchema`` request by ``caller``, once the policy
    allows it: the person (the caller by default), booked by the caller, and the person's school
    (the caller's own when booking oneself, else the directory's)."""
    permissions.check_may_book(caller)
    person_id = data.get("person_id") or caller.id
    if person_id == caller.id:
        urn = caller.school_urn
    elif permissions.may_book_others(caller):
        urn = ctx.directory.person(person_id).get("school_urn")
    else:
        urn = None
    permissions.check_may_book_for(caller, person_id, urn)
    return {
        "event_id": data["event_id"],
        "person_id": person_id,
        "booked_by": caller.id,
        "school_urn": urn,
    }


def book_place(ctx: Context, data: dict, simple_first: bool = True) -> dict:
    """Book ``person_id``: confirmed while places last (and the school is under its cap), pending
    approval where the event needs it, else waitlisted. 409 if already booked. ``simple_first``
    false skips the try for events without rules (the caller knows this one has some)."""
    now = ctx.now()
    event_id, person_id, booked_by = data["event_id"], data["person_id"], data["booked_by"]
    urn = data.get("school_urn")
    status_if_held, price, approver = "confirmed", 0, None
    event = None
    booking_id = time_ordered_id(now)
    note = places.unannounced_note([booking_id], now)
    if simple_first:
        event = places.take_place(event_id, urn, HELD["confirmed"], now, True, note)
    if event is None:
        rules = _why_not_bookable(event_id, ctx)
        profile = ctx.directory.profile(person_id)
        problem = audience_problem(rules.get("audience"), profile)
        if problem:
            raise Forbidden(problem, {"person_id": [problem]})
        urn = profile.school_urn
        starts = rules["sessions"][0]["starts_at"]
        price = price_for(rules.get("pricing"), rules["kind"], profile, starts)
        if rules.get("requires_approval") and urn is not None:  # no school: no one to ask
            approver = _approver_for(ctx, urn)
            if approver not in (person_id, booked_by):
                status_if_held = "pending_approval"
        event = places.take_place(event_id, urn, HELD[status_if_held], now, False, note)
        if event is None:
            _why_not_bookable(event_id, ctx)
            raise Conflict("This event is not open for booking.", {"event_id": ["Not open."]})
    status = status_if_held if event["last_take"] else "waitlisted"
    event = {**event_brief(event_id, event.get("sequence", 0)), **event}
    booking = new_booking(
        ctx, data, event, status, urn, now, price=price, approver=approver, booking_id=booking_id
    )
    position = booking.pop("_position")
    if status == "pending_approval":
        set_deadline(booking, booking["approval_deadline"])
    try:
        bookings_collection().insert_one(booking)
    except DuplicateKeyError:
        places.drop_notes([event_id], [note["id"]])
        raise undo_booking(ctx, booking) from None
    ctx.publish_created(booking["_id"], booking["created_outbox"], (event_id, note["id"]), 1)
    return booking_item(booking, position)


def new_booking(
    ctx: Context,
    data: dict,
    event: dict,
    status: str,
    urn: int | None,
    now,
    price: int = 0,
    approver: str | None = None,
    waitlist_seq: int | None = None,
    position: int | None = None,
    booking_id: str | None = None,
) -> dict:
    """The document of a new booking in ``status``, its creation event in ``created_outbox``;
    ``_position`` (popped by the caller) is its place on the waitlist. A waitlisted booking's
    ticket and position default to the event's counters just after it was taken."""
    booking = {
        "_id": booking_id or time_ordered_id(now),
        "event_id": data["event_id"],
        "event_title": event["title"],
        "starts_at": event["sessions"][0]["starts_at"],
        "person_id": data["person_id"],
        "booked_by": data["booked_by"],
        "school_urn": urn,
        "status": status,
        "active": True,
        "version": 1,
        "price_pence": price,
        "approved": status == "confirmed" and approver is not None,
        "created_at": now,
    }
    if status == "waitlisted":
        booking["waitlist_seq"] = event["waitlist_seq"] if waitlist_seq is None else waitlist_seq
        booking["waitlist_reason"] = places.waitlist_reason(event)
        position = event["waitlist_count"] if position is None else position
    else:
        position = None
    if status == "pending_approval":
        booking["approver_id"] = approver
        deadline = deadline_after(now, ctx.settings.approval_ttl_seconds)
        booking["approval_deadline"] = capped_deadline(deadline, event["sessions"])
    entry = booking_entry(CREATED_EVENT[status], booking, event, ctx, waitlist_position=position)
    booking["created_outbox"] = [entry]
    booking["_position"] = position
    return booking


def undo_booking(ctx: Context, booking: dict) -> Conflict:
    """A booking that could not be stored because the person already holds one: give back what
    was taken for it (a held place passes on to the waitlist); returns the 409 to raise."""
    clear_deadline(booking["_id"])
    places.undo_take(booking["event_id"], booking["school_urn"], HELD.get(booking["status"]))
    if booking["status"] != "waitlisted":
        fill(ctx, booking["event_id"])
    return Conflict(
        "This person already holds a booking for this event.",
        {"person_id": ["Already booked."]},
    )


def _approver_for(ctx: Context, urn: int | None) -> str:
    """The school's designated approver; the coordinator when the school has none."""
    approver = ctx.directory.approver(urn) if urn is not None else None
    if approver is None:
        raise InvalidInput(
            "This event needs approval, and neither the person's school nor the partnership has "
            "anyone to approve it.",
            {"person_id": ["No approver for the person's school."]},
        )
    return approver


def cancel_booking(ctx: Context, booking_id: str, caller: Caller) -> dict:
    """Cancel an active booking (its holder, its booker, or the coordinator: see permissions);
    a held place passes to the waitlist."""
    for _ in range(5):
        booking = read_booking(booking_id)
        permissions.check_may_cancel_booking(caller, booking)
        decision = booking_rules.cancel(BookingState.of(booking), caller.id)
        event = read_event(booking["event_id"])
        done, entries = _write(ctx, booking, event, decision)
        if done is not None:
            _settle(ctx, booking, decision, entries)
            return booking_item(done)
    raise Conflict("The booking kept changing; try again.", {"booking_id": ["Busy."]})


def _write(
    ctx: Context, booking: dict, event: dict, decision: booking_rules.Decision
) -> tuple[dict | None, list[dict]]:
    """Write ``decision`` as the one conditional update of ``booking`` (its events in the
    booking's outbox, the deadline it is watched for recorded first); None when it changed."""
    moved = _after(booking, **decision.changes)
    entries = [booking_entry(n, moved, event, ctx, **decision.extra) for n in decision.events]
    if decision.deadline is not None:
        set_deadline(moved, decision.deadline)
    expect = expect_of(decision.condition)
    done = _transition(booking, expect, decision.changes, entries, end=decision.ends)
    return done, entries


def _settle(
    ctx: Context, booking: dict, decision: booking_rules.Decision, entries: list[dict]
) -> None:
    """After a written decision: a deadline no longer watched is cleared, the place moves as the
    decision says, and its events are relayed."""
    if decision.deadline is None:
        clear_deadline(booking["_id"])
    event_id = booking["event_id"]
    if decision.place == booking_rules.FREED and decision.held:
        places.release_place(event_id, booking.get("school_urn"), decision.held)
        fill(ctx, event_id)
    elif decision.place == booking_rules.WAITLIST_LEFT:
        places.leave_waitlist(event_id)
    elif decision.place == booking_rules.KEPT and decision.held and decision.held_after:
        places.move_held(event_id, decision.held, decision.held_after)
    ctx.publish(bookings_collection(), booking["_id"], entries)


def fill(ctx: Context, event_id: str) -> int:
    """Offer freed (or new) places to the first eligible people waiting, in order; a place nobody
    waiting can take is freed for anyone. Returns the number of offers made."""
    offers = 0
    for _ in range(1000):
        event = read_event(event_id)
        if event.get("status") != "open":
            return offers
        free = event.get("releasing", 0) > 0 or event["taken"] < event["capacity"]
        if not free:
            return offers
        if _offer_next(ctx, event):
            offers += 1
            continue
        if not (event.get("releasing", 0) > 0 and places.free_released(event_id)):
            return offers
    return offers


def _offer_next(ctx: Context, event: dict) -> bool:
    waiting = list(
        bookings_collection()
        .find({"event_id": event["_id"], "status": booking_rules.WAITLISTED})
        .sort("waitlist_seq", 1)
        .limit(200)
    )
    cap = event.get("per_school_cap")
    now = ctx.now()
    if booking_rules.offers_closed(event.get("sessions") or [], now):
        return False  # the event has started: no place is offered any more
    ttl = ctx.settings.offer_ttl_seconds
    for booking in eligible_in_order(waiting, event.get("school_taken") or {}, cap):
        decision = booking_rules.offer_place(BookingState.of(booking), now, ttl, event["sessions"])
        if decision is None:
            continue
        urn = booking.get("school_urn")
        if places.claim_for_offer(event["_id"], urn) is None:  # the place is taken (TAKEN)
            continue
        done, entries = _write(ctx, booking, event, decision)
        if done is None:
            clear_deadline(booking["_id"])
            places.unclaim_offer(event["_id"], urn)
            continue
        _settle(ctx, booking, decision, entries)
        return True
    return False


def answer_offer(ctx: Context, booking_id: str, caller: Caller, answer: dict) -> dict:
    """Accept (confirm, or ask for approval where needed) or decline an offered place, once:
    ``version`` must be the booking's version the offer was made on."""
    booking = read_booking(booking_id)
    permissions.check_may_answer_offer(caller, booking)
    state, now = BookingState.of(booking), ctx.now()
    booking_rules.check_offer_open(state, answer["version"], now)
    event = read_event(booking["event_id"])
    reply = booking_rules.OfferReply(
        state,
        caller.id,
        answer["version"],
        now,
        event["sessions"],
        requires_approval=bool(event.get("requires_approval")),
        approval_ttl_seconds=ctx.settings.approval_ttl_seconds,
    )
    if not answer["accept"]:
        decision = booking_rules.decline_offer(reply)
    else:
        booking_rules.check_reply(reply)  # every 409 comes before asking for the approver
        approver = None
        if booking_rules.needs_approver(reply):
            approver = _approver_for(ctx, booking.get("school_urn"))
        decision = booking_rules.accept_offer(reply, approver)
    done, entries = _write(ctx, booking, event, decision)
    if done is None:
        raise booking_rules.offer_already_answered()
    _settle(ctx, booking, decision, entries)
    return booking_item(done)


def answer_approval(ctx: Context, booking_id: str, caller: Caller, answer: dict) -> dict:
    """The approver the request went to (the school's designated approver, else the
    coordinator) approves or declines, once."""
    booking = read_booking(booking_id)
    urn = booking.get("school_urn")
    designated = None
    if urn is not None and not caller.has_role("coordinator") and not caller.is_anonymous:
        designated = ctx.directory.designated_approver(urn)
    permissions.check_may_answer_approval(caller, booking, designated)
    state, now = BookingState.of(booking), ctx.now()
    booking_rules.check_approval_open(state, now)
    event = read_event(booking["event_id"])
    reply = booking_rules.ApprovalReply(state, caller.id, now, event["sessions"])
    decision = booking_rules.approve(reply) if answer["approve"] else booking_rules.refuse(reply)
    done, entries = _write(ctx, booking, event, decision)
    if done is None:
        raise booking_rules.approval_already_answered()
    _settle(ctx, booking, decision, entries)
    return booking_item(done)
