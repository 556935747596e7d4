"""Booking rules as plain Python: which status a booking moves from and to, what happens to the
place it holds, the deadline it is then watched for, whether it ends, and which domain events
follow. No store and no broker here: ``events.bookings`` and ``events.lapses`` load the booking and
its event, ask these functions for a decision, and write it as the one conditional update of
``booking_writes._transition`` (its condition is the decision's ``condition``); the place counters
move in ``events.places`` as the decision's ``place`` names.

A booking's life (``contracts.events.BOOKING_STATUSES``)::

    cancel          any active status -> cancelled       (a place freed, a ticket given back)
    offer_place     waitlisted -> offered                (a freed place is taken for the offer)
    accept_offer    offered -> confirmed | pending_approval   (the place is kept)
    decline_offer   offered -> declined                  (the place is freed)
    approve         pending_approval -> confirmed        (the place is kept)
    refuse          pending_approval -> declined         (the place is freed)
    lapse           offered | pending_approval, at or past its deadline -> expired  (freed)

Booking itself (confirmed, waitlisted or pending approval) is ``bookings.book_place``: one atomic
update of the event's places takes a place or a waitlist ticket (``places.take_place``).

>>> cancel(BookingState("waitlisted"), "p1").place
'waitlist_left'
>>> reply = OfferReply(BookingState("offered"), "p1", 1, datetime(2026, 3, 2))
>>> decline_offer(reply).held
'offered_count'
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts import events as c
from contracts.errors import Conflict
from events.rules import deadline_after, expired
from events.timing import booking_closed_problem, capped_deadline

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
OFFERED = "offered"
PENDING_APPROVAL = "pending_approval"
CANCELLED = "cancelled"
DECLINED = "declined"
EXPIRED = "expired"
STATUSES = (CONFIRMED, WAITLISTED, OFFERED, PENDING_APPROVAL, CANCELLED, DECLINED, EXPIRED)
ACTIVE_STATUSES = (CONFIRMED, WAITLISTED, OFFERED, PENDING_APPROVAL)

# The counter of the event's places that a booking in each status holds a place under.
HELD = {CONFIRMED: "confirmed_count", PENDING_APPROVAL: "pending_count", OFFERED: "offered_count"}

# What ``events.places`` does with the booking's place, by name.
FREED = "freed"  # the place held is released (release_place) and passed on (bookings.fill)
WAITLIST_LEFT = "waitlist_left"  # the waitlist ticket is given back (leave_waitlist)
KEPT = "kept"  # the place is kept and changes kind, ``held`` -> ``held_after`` (move_held)
TAKEN = "taken"  # a freed place is claimed for the booking BEFORE the write (claim_for_offer),
# and given back (unclaim_offer) if the write finds the booking changed


@dataclass(frozen=True)
class BookingState:
    """What a booking's transitions need of it."""

    status: str
    active: bool = True
    version: int = 1
    person_id: str = ""
    booked_by: str = ""
    school_urn: int | None = None
    approved: bool = False
    offer_expires_at: datetime | None = None
    approval_deadline: datetime | None = None

    @classmethod
    def of(cls, booking: Mapping[str, Any]) -> "BookingState":
        """The state of a stored booking document."""
        return cls(
            status=booking["status"],
            active=bool(booking.get("active")),
            version=booking["version"],
            person_id=booking["person_id"],
            booked_by=booking["booked_by"],
            school_urn=booking.get("school_urn"),
            approved=bool(booking.get("approved")),
            offer_expires_at=booking.get("offer_expires_at"),
            approval_deadline=booking.get("approval_deadline"),
        )


@dataclass(frozen=True)
class Condition:
    """What the stored booking must still be when the decision is written (besides the version it
    was read at): in ``status``, or ``active`` whatever its status, and with its deadline field
    ``open_until`` still after ``now``. The store checks it in the same update that writes the
    decision, so each transition happens exactly once."""

    status: str | None = None
    active: bool = False
    open_until: str | None = None
    now: datetime | None = None

    def met_by(self, booking: BookingState) -> bool:
        if self.active and not booking.active:
            return False
        if self.status is not None and booking.status != self.status:
            return False
        if self.open_until is not None and self.now is not None:
            deadline = getattr(booking, self.open_until)
            return deadline is not None and deadline > self.now
        return True


@dataclass(frozen=True)
class Decision:
    """A transition of a booking: written only while the stored booking meets ``condition``;
    ``changes`` are set (and read into its events' payloads), ``ends`` makes it inactive; its
    place is ``place`` (FREED, WAITLIST_LEFT, KEPT, TAKEN or None), held under the counter
    ``held`` (``held_after`` once KEPT); ``deadline`` is what it is watched for afterwards (None:
    no deadline is left); ``events`` follow, each payload with ``extra`` (who acted)."""

    condition: Condition
    changes: dict[str, Any]
    events: tuple[str, ...]
    ends: bool = False
    place: str | None = None
    held: str | None = None
    held_after: str | None = None
    deadline: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OfferReply:
    """An answer by ``actor`` to an offered place, on the booking's ``version`` the offer was made
    on, at ``now``; the event's ``sessions`` and whether it ``requires_approval``."""

    booking: BookingState
    actor: str | None
    version: int
    now: datetime
    sessions: list[dict] = field(default_factory=list)
    requires_approval: bool = False
    approval_ttl_seconds: float = 0


@dataclass(frozen=True)
class ApprovalReply:
    """An answer by ``actor`` to an approval request at ``now``; the event's ``sessions``."""

    booking: BookingState
    actor: str | None
    now: datetime
    sessions: list[dict] = field(default_factory=list)


# Refusals (the same messages and fields as the service has always answered)
def already_cancelled() -> Conflict:
    return Conflict("This booking is already cancelled.", {"booking_id": ["Already cancelled."]})


def offer_not_open() -> Conflict:
    return Conflict(
        "This offer is no longer open (already answered, or expired).",
        {"version": ["Not the version the offer was made on."]},
    )


def offer_expired() -> Conflict:
    return Conflict("This offer has expired.", {"booking_id": ["Offer expired."]})


def offer_outlived_start() -> Conflict:
    return Conflict(
        "This offer has expired: the event has started.", {"booking_id": ["Offer expired."]}
    )


def offer_already_answered() -> Conflict:
    """The store's condition refused the answer: someone answered first, or it just lapsed."""
    return Conflict("This offer is no longer open.", {"version": ["Already answered."]})


def not_awaiting_approval() -> Conflict:
    return Conflict(
        "This booking is not awaiting approval.", {"booking_id": ["Not awaiting approval."]}
    )


def approval_expired() -> Conflict:
    return Conflict("This approval request has expired.", {"booking_id": ["Expired."]})


def approval_outlived_start() -> Conflict:
    return Conflict(
        "This approval request has expired: the event has started.", {"booking_id": ["Expired."]}
    )


def approval_already_answered() -> Conflict:
    """The store's condition refused the answer: it was answered first, or it just lapsed."""
    return Conflict("This approval request was already answered.", {"booking_id": ["Done."]})


# Deadlines
def deadline_for(now: datetime, seconds: float, sessions: list[dict]) -> datetime:
    """An offer's or approval request's deadline: ``seconds`` from ``now``, never after the first
    session starts."""
    return capped_deadline(deadline_after(now, seconds), sessions)


def offers_closed(sessions: list[dict], now: datetime) -> bool:
    """Once the first session has started no place is offered any more."""
    return booking_closed_problem(sessions, now) is not None


# Transitions
def cancel(booking: BookingState, actor: str | None) -> Decision:
    """Cancel an active booking, whatever its status: a place it held is freed (and passes to the
    waitlist), a waitlist ticket is given back."""
    if not booking.active:
        raise already_cancelled()
    held = HELD.get(booking.status)
    place = FREED if held else WAITLIST_LEFT if booking.status == WAITLISTED else None
    return Decision(
        Condition(active=True),
        {"status": CANCELLED, "reason": "cancelled"},
        (c.BOOKING_CANCELLED,),
        ends=True,
        place=place,
        held=held,
        extra={"actor_id": actor},
    )


def offer_place(
    booking: BookingState, now: datetime, ttl_seconds: float, sessions: list[dict]
) -> Decision | None:
    """Offer a freed place to a waiting booking (the first eligible in order, see
    ``rules.eligible_in_order``) until its deadline. None for a booking not waiting: nothing to
    offer it (the service passes it by, as when the store finds it changed)."""
    if booking.status != WAITLISTED or not booking.active:
        return None
    deadline = deadline_for(now, ttl_seconds, sessions)
    return Decision(
        Condition(status=WAITLISTED),
        {"status": OFFERED, "offer_expires_at": deadline},
        (c.PLACE_OFFERED,),
        place=TAKEN,
        held=HELD[OFFERED],
        deadline=deadline,
    )


def check_offer_open(booking: BookingState, version: int, now: datetime) -> None:
    """An offer is answered once, on the version it was made on, before its deadline (exactly at
    the deadline it has expired)."""
    if booking.status != OFFERED or booking.version != version:
        raise offer_not_open()
    if expired(booking.offer_expires_at, now):
        raise offer_expired()


def check_reply(reply: OfferReply) -> None:
    """``check_offer_open``, and the event has not started (an offer never outlives the start)."""
    check_offer_open(reply.booking, reply.version, reply.now)
    if booking_closed_problem(reply.sessions, reply.now):
        raise offer_outlived_start()


def _offer_condition(now: datetime) -> Condition:
    return Condition(status=OFFERED, open_until="offer_expires_at", now=now)


def needs_approver(reply: OfferReply) -> bool:
    """Accepting needs the school's approver: the event requires approval, the booking has a
    school (no school: no one to ask) and was not approved before."""
    booking = reply.booking
    return reply.requires_approval and booking.school_urn is not None and not booking.approved


def accept_offer(reply: OfferReply, approver: str | None = None) -> Decision:
    """Accept an open offer: confirmed, or pending approval until a deadline when ``approver``
    (see ``needs_approver``) is neither the person nor their booker. The place is kept; an
    answered offer no longer expires."""
    check_reply(reply)
    booking = reply.booking
    pending = approver is not None and approver not in (booking.person_id, booking.booked_by)
    deadline = None
    changes: dict[str, Any] = {"status": CONFIRMED, "offer_expires_at": None}
    if pending:
        deadline = deadline_for(reply.now, reply.approval_ttl_seconds, reply.sessions)
        changes = {
            "status": PENDING_APPROVAL,
            "approver_id": approver,
            "approval_deadline": deadline,
            "offer_expires_at": None,
        }
    return Decision(
        _offer_condition(reply.now),
        changes,
        (c.APPROVAL_REQUESTED if pending else c.BOOKING_CONFIRMED,),
        place=KEPT,
        held=HELD[OFFERED],
        held_after=HELD[changes["status"]],
        deadline=deadline,
        extra={"actor_id": reply.actor},
    )


def decline_offer(reply: OfferReply) -> Decision:
    """Decline an open offer: declined, not cancelled (the place was never confirmed), though it
    is announced as a cancellation; the place is freed."""
    check_reply(reply)
    return Decision(
        _offer_condition(reply.now),
        {"status": DECLINED, "reason": "offer_declined", "offer_expires_at": None},
        (c.BOOKING_CANCELLED,),
        ends=True,
        place=FREED,
        held=HELD[OFFERED],
        extra={"actor_id": reply.actor},
    )


def check_approval_open(booking: BookingState, now: datetime) -> None:
    """An approval request is answered once, before its deadline (exactly at it, it expired)."""
    if booking.status != PENDING_APPROVAL:
        raise not_awaiting_approval()
    if expired(booking.approval_deadline, now):
        raise approval_expired()


def _check_approval(reply: ApprovalReply) -> Condition:
    check_approval_open(reply.booking, reply.now)
    if booking_closed_problem(reply.sessions, reply.now):  # nor does an approval request
        raise approval_outlived_start()
    return Condition(status=PENDING_APPROVAL, open_until="approval_deadline", now=reply.now)


def approve(reply: ApprovalReply) -> Decision:
    """The approver approves: confirmed, the place kept."""
    condition = _check_approval(reply)
    return Decision(
        condition,
        {"status": CONFIRMED, "approved": True, "approval_deadline": None},
        (c.APPROVAL_GRANTED, c.BOOKING_CONFIRMED),
        place=KEPT,
        held=HELD[PENDING_APPROVAL],
        held_after=HELD[CONFIRMED],
        extra={"actor_id": reply.actor},
    )


def refuse(reply: ApprovalReply) -> Decision:
    """The approver declines: declined, the place freed."""
    condition = _check_approval(reply)
    return Decision(
        condition,
        {"status": DECLINED, "reason": "approval_declined"},
        (c.APPROVAL_DECLINED,),
        ends=True,
        place=FREED,
        held=HELD[PENDING_APPROVAL],
        extra={"actor_id": reply.actor},
    )


# Lapses: the status that lapses, the deadline field it lapses at, its event and reason
LAPSES = {
    OFFERED: ("offer_expires_at", c.PLACE_OFFER_EXPIRED, "offer_expired"),
    PENDING_APPROVAL: ("approval_deadline", c.APPROVAL_EXPIRED, "approval_expired"),
}


def lapses(status: str) -> bool:
    """Whether a booking in ``status`` has a deadline it can lapse at."""
    return status in LAPSES


def lapse(booking: BookingState, now: datetime) -> Decision | None:
    """An open offer or approval request at or past its deadline expires, once; the place is
    freed. None while it does not lapse: another status, or the deadline is still ahead."""
    if booking.status not in LAPSES:
        return None
    deadline_field, name, reason = LAPSES[booking.status]
    if not expired(getattr(booking, deadline_field), now):
        return None
    return Decision(
        Condition(status=booking.status),
        {"status": EXPIRED, "reason": reason},
        (name,),
        ends=True,
        place=FREED,
        held=HELD[booking.status],
    )
