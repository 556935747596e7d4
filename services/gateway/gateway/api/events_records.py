"""After the booking: POST /events/{id}/attendance, GET /bookings/{id}/certificate.pdf,
POST/GET /events/{id}/feedback, GET /schools/{urn}/statement (JSON or ``?format=csv``),
GET /me/calendar.ics, GET /schools/{urn}/calendar.ics."""

import base64

from flask import Response
from flask_smorest import Blueprint
from marshmallow import fields, validate

from contracts import events as e
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("events_records", __name__, description="Attendance, certificates, statements")


class StatementFormatSchema(e.StatementQuerySchema):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


@blp.route("/events/<event_id>/attendance", methods=["POST"])
@login_required
@blp.arguments(e.AttendanceSchema)
@blp.alt_response(200, description="present, absent and certificates issued", success=True)
def record_attendance(data, event_id):
    """Record who attended one session (the event's organisers); certificates follow at the
    threshold."""
    return call(e.SERVICE, "record_attendance", event_id, data)


@blp.route("/bookings/<booking_id>/certificate.pdf", methods=["GET"])
@login_required
@blp.alt_response(200, description="The certificate as application/pdf", success=True)
def certificate(booking_id):
    """The certificate of attendance (whoever may read the booking); 404 until issued."""
    found = call(e.SERVICE, "get_certificate", booking_id)
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
    """Feedback on an event the caller attended (409 if they did not, or the second time)."""
    return call(e.SERVICE, "submit_feedback", event_id, data), 201


@blp.route("/events/<event_id>/feedback", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.FeedbackSummarySchema, success=True)
def feedback(event_id):
    """The feedback summary (the event's organisers)."""
    return call(e.SERVICE, "feedback_summary", event_id)


@blp.route("/schools/<int(max=999999999):urn>/statement", methods=["GET"])
@login_required
@blp.arguments(StatementFormatSchema, location="query")
@blp.alt_response(200, schema=e.StatementSchema, success=True)
def statement(query, urn):
    """What the school owes for a ``term`` (``2026-autumn``), as JSON or ``format=csv`` (its
    head, business manager or administrator, the partnership roles)."""
    term = {"term": query["term"]}  # none: the service takes the current term
    if query["format"] == "csv":
        text = call(e.SERVICE, "school_statement_csv", urn, term)
        filename = f"statement-{urn}-{query['term'] or 'current'}.csv"
        return Response(
            text,
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return call(e.SERVICE, "school_statement", urn, term)


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
    return _ics(call(e.SERVICE, "person_calendar"), "my-events")


@blp.route("/schools/<int(max=999999999):urn>/calendar.ics", methods=["GET"])
@login_required
@blp.alt_response(200, description="iCal feed (text/calendar)", success=True)
def school_calendar(urn):
    """The events the school's staff are booked on or the school hosts (its staff, the LA)."""
    return _ics(call(e.SERVICE, "school_calendar", urn), f"school-{urn}")
