"""What a booking's life says: confirmed, waitlisted, cancelled, a place offered, declined or
lapsed, and an approval asked for, pending or answered. The person booked hears it (with the
calendar entry where there is one) and so does whoever booked for them, in their own words."""

from collections.abc import Callable

from notifications.messages.message import (
    Message,
    booked,
    each,
    for_booking,
    people,
    title_of,
    when,
)
from notifications.recipients import RoleAddress


def booking_confirmed(p):
    t = title_of(p)
    return for_booking(
        p, "booking_confirmed", f"Booking confirmed: {t}",
        f"Your place on {t} is confirmed.",
        f"The place you booked on {t} for a colleague is confirmed.", "REQUEST",
    )  # fmt: skip


def booking_waitlisted(p):
    t = title_of(p)
    return for_booking(
        p, "booking_waitlisted", f"On the waiting list: {t}",
        f"{t} is full; you are on its waiting list and will be offered a place if one frees up.",
        f"{t} is full; the colleague you booked is on its waiting list.",
    )  # fmt: skip


# Cancellations another message already explains (the event's, an approval's, an offer's).
EXPLAINED_ELSEWHERE = ("event_cancelled", "approval_declined", "approval_expired", "offer_expired")


def booking_cancelled(p):
    if p.get("reason") in EXPLAINED_ELSEWHERE:
        return []
    if p.get("reason") == "offer_declined" or p.get("status") == "declined":
        return place_declined(p)
    t = title_of(p)
    return for_booking(
        p, "booking_cancelled", f"Booking cancelled: {t}",
        f"Your booking for {t} is cancelled.",
        f"The booking you made on {t} for a colleague is cancelled.", "CANCEL",
    )  # fmt: skip


def place_offered(p):
    t = title_of(p)
    until = p.get("deadline") or p.get("expires_at")
    body = f"A place on {t} has become free and is offered to you."
    if until:
        body += f" Accept it by {when(until)}, or it goes to the next person waiting."
    return for_booking(
        p, "place_offered", f"A place is offered: {t}", body,
        f"A place on {t} is offered to the colleague you booked on its waiting list.",
    )  # fmt: skip


def place_declined(p):
    """A declined offer was never a confirmed place: no "Booking cancelled", no calendar CANCEL.
    Whoever did not decline it themselves (the person, or whoever booked for them) hears of it."""
    t = title_of(p)
    body = f"The place offered on {t} was declined and goes to the next person waiting."
    to = [pid for pid in booked(p) if pid != p.get("actor_id")]
    return each(to, "place_declined", f"Place declined: {t}", body, p)


def place_offer_expired(p):
    t = title_of(p)
    body = f"The place offered on {t} was not accepted in time and has gone to the next person."
    return each(booked(p), "place_offer_expired", f"Place offer expired: {t}", body, p)


def approval_requested(p):
    t = title_of(p)
    approvers = people(p.get("approver_id"), p.get("approver_ids") or [])
    if not approvers and p.get("school_urn") is not None:
        approvers = [RoleAddress(p.get("approver_role") or "headteacher", p["school_urn"])]
    who = p.get("person_name") or "A member of your staff"
    body = f"{who} asks to attend {t}. Please approve or decline the booking."
    if p.get("deadline") or p.get("expires_at"):
        body += f" The request lapses on {when(p.get('deadline') or p.get('expires_at'))}."
    asked = each(approvers, "approval_requested", f"Approval needed: {t}", body, p)
    return asked + approval_pending(p)


def approval_pending(p):
    """The person booked (and whoever booked for them) hear that the booking awaits approval."""
    t = title_of(p)
    until = p.get("deadline") or p.get("expires_at")
    lapse = f" If nobody answers by {when(until)}, the request lapses." if until else ""
    return for_booking(
        p, "approval_pending", f"Awaiting approval: {t}",
        f"Your booking for {t} is waiting for your school's approval; you will hear when it "
        f"is answered.{lapse}",
        f"The booking you made on {t} for a colleague is waiting for approval.{lapse}",
    )  # fmt: skip


def _approval_answer(kind: str, verb: str):
    def build(p):
        t = title_of(p)
        return each(booked(p), kind, f"Booking {verb}: {t}", f"The booking for {t} was {verb}.", p)

    return build


BUILDERS: dict[str, Callable[[dict], list[Message]]] = {
    "booking_confirmed": booking_confirmed,
    "booking_waitlisted": booking_waitlisted,
    "booking_cancelled": booking_cancelled,
    "place_offered": place_offered,
    "place_offer_expired": place_offer_expired,
    "approval_requested": approval_requested,
    "approval_granted": _approval_answer("approval_granted", "approved"),
    "approval_declined": _approval_answer("approval_declined", "declined"),
    "approval_expired": _approval_answer("approval_expired", "not approved in time"),
}
