"""Events and bookings: POST/GET /events, GET/PATCH /events/{id}, POST /events/{id}/cancel,
POST/GET /events/{id}/bookings, GET /bookings/{id}, POST /bookings/{id}/cancel|offer|approval,
GET /me/bookings, GET /me/approvals."""

from contracts import events as e
from contracts.clients.events import EventsClient
from contracts.common import PageQuerySchema
from gateway import batching
from gateway.api.blueprint import Blueprint
from gateway.auth import caller, login_required
from gateway.rpc import call

blp = Blueprint("events", __name__, description="Partnership events and bookings")


@blp.route("/events", methods=["POST"])
@login_required
@blp.arguments(e.EventCreateSchema)
@blp.alt_response(201, schema=e.EventSchema, success=True)
def create_event(data):
    """Create an event, announced at once (coordinator, LA officer, owning group's chair or
    secretary). Every session must be in the future (422 naming ``sessions.N.starts_at``)."""
    return call(EventsClient.create_event, e.EventCreateSchema().dump(data)), 201


@blp.route("/events", methods=["GET"])
@login_required
@blp.arguments(e.EventQuerySchema, location="query")
@blp.alt_response(200, schema=e.EventPageSchema, success=True)
def list_events(query):
    """Events starting between ``from`` and ``to``, of a ``kind``, in a ``cluster``."""
    return call(EventsClient.list_events, e.EventQuerySchema().dump(query))


@blp.route("/events/<event_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.EventSchema, success=True)
def get_event(event_id):
    """One event with its capacity, confirmed_count and waitlist_count."""
    return call(EventsClient.get_event, event_id)


@blp.route("/events/<event_id>", methods=["PATCH"])
@login_required
@blp.arguments(e.EventUpdateSchema)
@blp.alt_response(200, schema=e.EventSchema, success=True)
def update_event(data, event_id):
    """Change time, venue, capacity or rules (event_changed: calendars update; the event's
    organisers). 422 when capacity would fall below the places held, or when a session would be
    added or moved into the past (``sessions.N.starts_at``) or one that has taken place dropped
    (``sessions``): a session that has started stays as it was."""
    return call(EventsClient.update_event, event_id, e.EventUpdateSchema().dump(data))


@blp.route("/events/<event_id>/cancel", methods=["POST"])
@login_required
@blp.arguments(e.EventCancelSchema)
@blp.alt_response(200, schema=e.EventSchema, success=True)
def cancel_event(data, event_id):
    """Cancel the event (event_cancelled: every booking ends, calendars mark it cancelled; the
    event's organisers)."""
    return call(EventsClient.cancel_event, event_id, data)


@blp.route("/events/<event_id>/bookings", methods=["POST"])
@login_required
@blp.arguments(e.BookingRequestSchema)
@blp.alt_response(201, schema=e.BookingSchema, success=True)
@blp.alt_response(
    409, description="That person already holds a booking, or booking has closed (started)"
)
def book(data, event_id):
    """Book a place for the caller, or for ``person_id`` (staff of the caller's own school as
    its head or administrator; anyone as the coordinator): confirmed, waitlisted or pending
    approval. Booking (and the waiting list) closes when the first session starts (409
    "Booking has closed"); an offered place and an approval request expire by then at the
    latest."""
    booking = {"event_id": event_id, "person_id": data.get("person_id") or caller().id}
    return batching.book_place(booking), 201


@blp.route("/events/<event_id>/bookings", methods=["GET"])
@login_required
@blp.arguments(e.BookingQuerySchema, location="query")
@blp.alt_response(200, schema=e.BookingPageSchema, success=True)
def event_bookings(query, event_id):
    """Everyone booked on an event, with their status (the event's organisers)."""
    return call(EventsClient.list_event_bookings, event_id, query)


@blp.route("/bookings/<booking_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def get_booking(booking_id):
    """One booking (its holder, booker, school's head, administrator or business manager,
    approver, or the partnership roles)."""
    return call(EventsClient.get_booking, booking_id)


@blp.route("/bookings/<booking_id>/cancel", methods=["POST"])
@login_required
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def cancel(booking_id):
    """Cancel a booking (its holder, whoever made it, or the coordinator)."""
    return call(EventsClient.cancel_booking, booking_id)


@blp.route("/bookings/<booking_id>/offer", methods=["POST"])
@login_required
@blp.arguments(e.OfferAnswerSchema)
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def answer_offer(data, booking_id):
    """Accept or decline an offered place, quoting the booking ``version`` it was offered on
    (409 if already answered or expired)."""
    return call(EventsClient.answer_offer, booking_id, data)


@blp.route("/bookings/<booking_id>/approval", methods=["POST"])
@login_required
@blp.arguments(e.ApprovalAnswerSchema)
@blp.alt_response(200, schema=e.BookingSchema, success=True)
def answer_approval(data, booking_id):
    """Approve or decline a booking awaiting approval: the school's approver now (its designated
    approver, else by the fallback order headteacher > deputy head > business manager > school
    administrator), or the coordinator, who also answers for schools with none of these."""
    return call(EventsClient.answer_approval, booking_id, data)


@blp.route("/me/bookings", methods=["GET"])
@login_required
@blp.arguments(e.BookingQuerySchema, location="query")
@blp.alt_response(200, schema=e.BookingPageSchema, success=True)
def my_bookings(query):
    """The caller's bookings, newest first."""
    return call(EventsClient.list_bookings, query)


@blp.route("/me/approvals", methods=["GET"])
@login_required
@blp.arguments(PageQuerySchema, location="query")
@blp.alt_response(200, schema=e.BookingPageSchema, success=True)
def my_approvals(query):
    """Bookings waiting for the caller's approval, soonest deadline first."""
    return call(EventsClient.list_approvals, query)
