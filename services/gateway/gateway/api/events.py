"""Events and bookings: POST/GET /events, POST /events/{id}/bookings, POST /bookings/{id}/cancel,
GET /me/bookings."""

from flask_smorest import Blueprint

from contracts import directory as d
from contracts import events as e
from contracts.common import PageQuerySchema
from contracts.errors import Forbidden
from gateway.auth import caller, login_required, require_role
from gateway.rpc import call

blp = Blueprint("events", __name__, description="Partnership events and bookings")

ORGANISERS = ("coordinator",)
BOOKS_FOR_OWN_SCHOOL = ("school_admin", "headteacher")


@blp.route("/events", methods=["POST"])
@login_required
@blp.arguments(e.EventCreateSchema)
@blp.alt_response(201, schema=e.EventSchema, success=True)
def create_event(data):
    """Create an event, open for booking at once (coordinator)."""
    require_role(*ORGANISERS)
    return call(e.SERVICE, "create_event", e.EventCreateSchema().dump(data), caller().id), 201


@blp.route("/events", methods=["GET"])
@login_required
@blp.arguments(e.EventQuerySchema, location="query")
@blp.alt_response(200, schema=e.EventPageSchema, success=True)
def list_events(query):
    """Events starting between ``from`` and ``to``, of a ``kind``."""
    return call(e.SERVICE, "list_events", e.EventQuerySchema().dump(query))


@blp.route("/events/<event_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.EventSchema, success=True)
def get_event(event_id):
    """One event with its capacity, confirmed_count and waitlist_count."""
    return call(e.SERVICE, "get_event", event_id)


def _check_may_book_for(person_id: str) -> None:
    me = caller()
    if person_id == me.id or me.has_role("coordinator"):
        return
    if me.has_role(*BOOKS_FOR_OWN_SCHOOL) and me.school_urn is not None:
        person = call(d.SERVICE, "get_person", person_id)
        if person["school_urn"] == me.school_urn:
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
    _check_may_book_for(person_id)
    booking = {"event_id": event_id, "person_id": person_id, "booked_by": caller().id}
    return call(e.SERVICE, "book_place", booking), 201


@blp.route("/bookings/<booking_id>/cancel", methods=["POST"])
@login_required
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def cancel(booking_id):
    """Cancel a booking (its holder, whoever made it, or the coordinator)."""
    return call(
        e.SERVICE, "cancel_booking", booking_id, caller().id, caller().has_role("coordinator")
    )


@blp.route("/me/bookings", methods=["GET"])
@login_required
@blp.arguments(PageQuerySchema, location="query")
@blp.alt_response(200, schema=e.BookingPageSchema, success=True)
def my_bookings(query):
    """The caller's bookings, newest first."""
    return call(e.SERVICE, "list_bookings", caller().id, query)
