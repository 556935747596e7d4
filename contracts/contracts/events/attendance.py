"""Attendance registers and what recording one answers, certificates of attendance, and feedback
on a CPD event with its summary."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.common import StrictSchema


class AttendanceSchema(StrictSchema):
    """The people present at one session, named by exactly one of: ``session_id`` (the ``id``
    of one of the event's ``sessions``), ``session_number`` (1 for the first, as people see it)
    or ``session`` (its 0-based index, kept for older clients). A register is taken once its
    session has started (422 naming the session's field before then)."""

    session_id = fields.String(load_default=None, validate=validate.Length(min=1, max=200))
    session_number = fields.Integer(
        load_default=None, strict=True, validate=validate.Range(min=1, max=50)
    )
    session = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=0))
    present = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(max=5000),
    )

    @validates_schema
    def one_session(self, data: dict[str, Any], **kwargs: Any) -> None:
        named = [k for k in ("session_id", "session_number", "session") if data.get(k) is not None]
        if len(named) != 1:
            raise ValidationError(
                "Name the session by exactly one of session_id or session_number (1 for the "
                "first).",
                "session_id" if not named else named[1],
            )


class AttendanceResultSchema(Schema):
    """What ``record_attendance`` answers: the session the register was taken for (its 0-based
    index, its number and its id), who was present and absent (each a confirmed booking) and how
    many certificates the register issued."""

    event_id = fields.String(required=True)
    session = fields.Integer(required=True)
    session_number = fields.Integer(required=True)
    session_id = fields.String(required=True)
    present = fields.List(fields.String(), required=True)
    absent = fields.List(fields.String(), required=True)
    certificates_issued = fields.Integer(required=True)


class CertificateSchema(Schema):
    """A booking's certificate of attendance: the PDF, base64, and the file name to give it."""

    person_id = fields.String(required=True)
    booked_by = fields.String(required=True)
    filename = fields.String(required=True)
    pdf_base64 = fields.String(required=True)


class FeedbackCreateSchema(StrictSchema):
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    comments = fields.String(load_default="", validate=validate.Length(max=5000))


class FeedbackSummarySchema(Schema):
    event_id = fields.String(required=True)
    responses = fields.Integer(required=True)
    average_rating = fields.Float(allow_none=True)
    comments = fields.List(fields.String())
