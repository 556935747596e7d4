"""Events and bookings: POST/GET /events, GET/PATCH /events/{id}, POST /events/{id}/cancel,
POST/GET /events/{id}/bookings, GET /bookings/{id}, POST /bookings/{id}/cancel|offer|approval,
GET /me/bookings, GET /me/approvals."""

from flask_smorest import Blueprint

from contracts import directory as d
from contracts import events as e
from contracts.common import PageQuerySchema
from contracts.errors import Forbidden
from gateway import batching
from gateway.auth import caller, login_required
from gateway.rpc import call

blp = Blueprint("events", __name__, description="Partnership events and bookings")

ORGANISERS = ("coordinator", "la_officer")
BOOKS_FOR_OWN_SCHOOL = ("school_admin", "headteacher")


def is_organiser() -> bool:
    return caller().has_role(*ORGANISERS)


def require_organiser(owner: dict | None = None) -> None:
    """The coordinator or LA officer; or the chair or secretary of the owning strategic group."""
    if is_organiser():
        return
    if owner and owner.get("type") == "strategic_group" and owner.get("id"):
        group = call(d.SERVICE, "get_group", owner["id"])
        holders = {group.get("chair_person_id"), group.get("secretary_person_id")}
        if caller().id in holders - {None}:
            return
    raise Forbidden(
        "Only the coordinator, the LA, or the owning group's chair or secretary may do this."
    )


def require_event_organiser(event_id: str) -> dict:
    event = call(e.SERVICE, "get_event", event_id)
    if not is_organiser() and event.get("created_by") != caller().id:
        require_organiser(event.get("owner"))
    return event


@blp.route("/events", methods=["POST"])
@login_required
@blp.arguments(e.EventCreateSchema)
@blp.alt_response(201, schema=e.EventSchema, success=True)
def create_event(data):
    """Create an event, announced at once (coordinator, LA officer, owning group's chair or
    secretary)."""
    require_organiser(data.get("owner"))
    return call(e.SERVICE, "create_event", e.EventCreateSchema().dump(data), caller().id), 201


@blp.route("/events", methods=["GET"])
@login_required
@blp.arguments(e.EventQuerySchema, location="query")
@blp.alt_response(200, schema=e.EventPageSchema, success=True)
def list_events(query):
    """Events starting between ``from`` and ``to``, of a ``kind``, in a ``cluster``."""
    return call(e.SERVICE, "list_events", e.EventQuerySchema().dump(query))


@blp.route("/events/<event_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.EventSchema, success=True)
def get_event(event_id):
    """One event with its capacity, confirmed_count and waitlist_count."""
    return call(e.SERVICE, "get_event", event_id)


@blp.route("/events/<event_id>", methods=["PATCH"])
@login_required
@blp.arguments(e.EventUpdateSchema)
@blp.alt_response(200, schema=e.EventSchema, success=True)
def update_event(data, event_id):
    """Change time, venue, capacity or rules (event_changed: calendars update). 422 when
    capacity would fall below the places held."""
    require_event_organiser(event_id)
    changes = e.EventUpdateSchema().dump(data)
    return call(e.SERVICE, "update_event", event_id, changes, caller().id)


@blp.route("/events/<event_id>/cancel", methods=["POST"])
@login_required
@blp.arguments(e.EventCancelSchema)
@blp.alt_response(200, schema=e.EventSchema, success=True)
def cancel_event(data, event_id):
    """Cancel the event (event_cancelled: every booking ends, calendars mark it cancelled)."""
    require_event_organiser(event_id)
    return call(e.SERVICE, "cancel_event", event_id, data, caller().id)


def _school_of(person_id: str):
    """The school of the person being booked, as far as the gateway must know it."""
    me = caller()
    if person_id == me.id:
        return me.school_urn
    return call(d.SERVICE, "get_person", person_id).get("school_urn")


def _check_may_book_for(person_id: str, school_urn) -> None:
    me = caller()
    if person_id == me.id or me.has_role("coordinator"):
        return
    if me.has_role(*BOOKS_FOR_OWN_SCHOOL) and me.school_urn is not None:
        if school_urn == me.school_urn:
            return
    raise Forbidden(
        "You may book only yourself, or staff of your own school as its head or administrator."
    )


@blp.route("/events/<event_id>/bookings", methods=["POST"])
@login_required
@blp.arguments(e.BookingRequestSchema)
@blp.alt_response(201, schema=e.BookingSchema, success=True)
@blp.alt_response(409, description="That person already holds a booking for this event")
def book(data, event_id):
    """Book a place for the caller, or for ``person_id``: confirmed, waitlisted or pending
    approval."""
    person_id = data.get("person_id") or caller().id
    school_urn = _school_of(person_id)
    _check_may_book_for(person_id, school_urn)
    booking = {
        "event_id": event_id,
        "person_id": person_id,
        "booked_by": caller().id,
        "school_urn": school_urn,
    }
    return batching.book_place(booking), 201


@blp.route("/events/<event_id>/bookings", methods=["GET"])
@login_required
@blp.arguments(e.BookingQuerySchema, location="query")
@blp.alt_response(200, schema=e.BookingPageSchema, success=True)
def event_bookings(query, event_id):
    """Everyone booked on an event, with their status (organisers)."""
    require_event_organiser(event_id)
    return call(e.SERVICE, "list_event_bookings", event_id, query)


def _own_booking(booking_id: str) -> dict:
    booking = call(e.SERVICE, "get_booking", booking_id)
    me = caller()
    mine = me.id in (booking["person_id"], booking["booked_by"])
    own_school = me.has_role(*BOOKS_FOR_OWN_SCHOOL, "business_manager") and (
        booking.get("school_urn") is not None and booking.get("school_urn") == me.school_urn
    )
    if not (mine or own_school or is_organiser() or booking.get("approver_id") == me.id):
        raise Forbidden("This booking is someone else's.")
    return booking


@blp.route("/bookings/<booking_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def get_booking(booking_id):
    """One booking (its holder, booker, school's head or admin, approver, or organisers)."""
    return _own_booking(booking_id)


@blp.route("/bookings/<booking_id>/cancel", methods=["POST"])
@login_required
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def cancel(booking_id):
    """Cancel a booking (its holder, whoever made it, or the coordinator)."""
    return call(
        e.SERVICE, "cancel_booking", booking_id, caller().id, caller().has_role("coordinator")
    )


@blp.route("/bookings/<booking_id>/offer", methods=["POST"])
@login_required
@blp.arguments(e.OfferAnswerSchema)
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def answer_offer(data, booking_id):
    """Accept or decline an offered place, quoting the booking ``version`` it was offered on
    (409 if already answered or expired)."""
    return call(
        e.SERVICE,
        "answer_offer",
        booking_id,
        caller().id,
        data,
        caller().has_role("coordinator"),
    )


@blp.route("/bookings/<booking_id>/approval", methods=["POST"])
@login_required
@blp.arguments(e.ApprovalAnswerSchema)
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def answer_approval(data, booking_id):
    """Approve or decline a booking awaiting approval (the person's headteacher or budget
    holder)."""
    return call(
        e.SERVICE,
        "answer_approval",
        booking_id,
        caller().id,
        data,
        caller().has_role("coordinator"),
    )


@blp.route("/me/bookings", methods=["GET"])
@login_required
@blp.arguments(e.BookingQuerySchema, location="query")
@blp.alt_response(200, schema=e.BookingPageSchema, success=True)
def my_bookings(query):
    """The caller's bookings, newest first."""
    return call(e.SERVICE, "list_bookings", caller().id, query)


@blp.route("/me/approvals", methods=["GET"])
@login_required
@blp.arguments(PageQuerySchema, location="query")
@blp.alt_response(200, schema=e.BookingPageSchema, success=True)
def my_approvals(query):
    """Bookings waiting for the caller's approval, soonest deadline first."""
    return call(e.SERVICE, "list_approvals", caller().id, query)
