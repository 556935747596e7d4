"""After the booking: POST /events/{id}/attendance, GET /bookings/{id}/certificate.pdf,
POST/GET /events/{id}/feedback, GET /schools/{urn}/statement and GET /partnership/statement
(JSON or ``?format=csv``),
GET /me/calendar.ics, GET /schools/{urn}/calendar.ics."""

import base64

from flask import Response

from contracts import events as e
from contracts.choices import Choice
from contracts.clients.events import EventsClient
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("events_records", __name__, description="Attendance, certificates, statements")


class StatementFormatSchema(e.StatementQuerySchema):
    format = Choice(("json", "csv"), load_default="json")


@blp.route("/events/<event_id>/attendance", methods=["POST"])
@login_required
@blp.arguments(e.AttendanceSchema)
@blp.alt_response(200, description="present, absent and certificates issued", success=True)
def record_attendance(data, event_id):
    """Record who attended one session (the event's organisers); certificates follow at the
    threshold. Name the session by ``session_id`` (an ``id`` of the event's ``sessions``) or
    ``session_number`` (1 for the first; ``session``, the 0-based index, still works). 422 naming
    that field when the session has not started yet or the event has no such session."""
    return call(EventsClient.record_attendance, event_id, data)


@blp.route("/bookings/<booking_id>/certificate.pdf", methods=["GET"])
@login_required
@blp.alt_response(200, description="The certificate as application/pdf", success=True)
def certificate(booking_id):
    """The certificate of attendance (whoever may read the booking); 404 until issued, 422 while
    the sessions it counts have not all started."""
    found = call(EventsClient.get_certificate, booking_id)
    return Response(
        base64.b64decode(found["pdf_base64"]),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{found["filename"]}"'},
    )


@blp.route("/events/<event_id>/feedback", methods=["POST"])
@login_required
@blp.arguments(e.FeedbackCreateSchema)
@blp.alt_response(201, schema=e.FeedbackSummarySchema, success=True)
def give_feedback(data, event_id):
    """Feedback on an event the caller attended (409 if they did not, or the second time); 422
    (``event_id``) until the event's last session has started."""
    return call(EventsClient.submit_feedback, event_id, data), 201


@blp.route("/events/<event_id>/feedback", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.FeedbackSummarySchema, success=True)
def feedback(event_id):
    """The feedback summary (the event's organisers)."""
    return call(EventsClient.feedback_summary, event_id)


@blp.route("/schools/<int(max=999999999):urn>/statement", methods=["GET"])
@login_required
@blp.arguments(StatementFormatSchema, location="query")
@blp.alt_response(200, schema=e.StatementSchema, success=True)
def statement(query, urn):
    """What the school owes for a ``term`` (``2027-spring``, ``Spring 2027``, ``2026-27 spring``;
    none: the current term), with the dates the term covers and who was booked, as JSON or
    ``format=csv`` (its head, business manager or administrator, the partnership roles). 422 on
    an unknown term."""
    term = {"term": query["term"]}  # none: the service takes the current term
    if query["format"] == "csv":
        text = call(EventsClient.school_statement_csv, urn, term)
        return _csv(text, f"statement-{urn}-{query['term'] or 'current'}.csv")
    return call(EventsClient.school_statement, urn, term)


@blp.route("/partnership/statement", methods=["GET"])
@login_required
@blp.arguments(StatementFormatSchema, location="query")
@blp.alt_response(200, schema=e.PartnershipStatementSchema, success=True)
def partnership_statement(query):
    """What every school owes for a ``term`` (as for a school's statement), a row per school, as
    JSON or ``format=csv`` (the coordinator and the LA officer). 403, 422."""
    term = {"term": query["term"]}
    if query["format"] == "csv":
        text = call(EventsClient.partnership_statement_csv, term)
        return _csv(text, f"partnership-statement-{query['term'] or 'current'}.csv")
    return call(EventsClient.partnership_statement, term)


def _csv(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _ics(text: str, name: str) -> Response:
    return Response(
        text,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{name}.ics"'},
    )


@blp.route("/me/calendar.ics", methods=["GET"])
@login_required
@blp.alt_response(200, description="iCal feed (text/calendar)", success=True)
def my_calendar():
    """The caller's bookings as an iCal feed."""
    return _ics(call(EventsClient.person_calendar), "my-events")


@blp.route("/schools/<int(max=999999999):urn>/calendar.ics", methods=["GET"])
@login_required
@blp.alt_response(200, description="iCal feed (text/calendar)", success=True)
def school_calendar(urn):
    """The events the school's staff are booked on or the school hosts (its staff, the LA)."""
    return _ics(call(EventsClient.school_calendar, urn), f"school-{urn}")
