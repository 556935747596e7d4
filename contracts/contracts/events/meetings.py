"""Cluster meetings (the year-group rota, meeting roles, minutes and actions) and Teachmeet
presentation slots with their running order."""

from marshmallow import Schema, fields, validate

from contracts.choices import Choice
from contracts.common import StrictSchema
from contracts.events.cpd_events import EventSchema
from contracts.events.names import YEAR_GROUPS
from contracts.school_year import AcademicYearField


class RotaCreateSchema(StrictSchema):
    """Year-group meetings for each half term of ``academic_year`` (``2026-27``, or its first
    year ``2026``) with hosts rotating round the cluster's schools."""

    cluster = fields.String(required=True, validate=validate.Length(min=1, max=60))
    academic_year = AcademicYearField(required=True)
    year_groups = fields.List(
        Choice(YEAR_GROUPS),
        required=True,
        validate=validate.Length(min=1, max=15),
    )
    exclude_urns = fields.List(
        fields.Integer(strict=True), load_default=list, validate=validate.Length(max=100)
    )
    capacity = fields.Integer(load_default=30, strict=True, validate=validate.Range(min=1))


class RotaSchema(Schema):
    cluster = fields.String(required=True)
    academic_year = AcademicYearField(required=True)
    meetings = fields.List(fields.Nested(lambda: EventSchema()), required=True)


class MeetingRolesSchema(StrictSchema):
    chair_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    minute_taker_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ActionSchema(StrictSchema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    owner = fields.String(load_default="", validate=validate.Length(max=200))
    due = fields.Date(load_default=None, allow_none=True)


class MinutesSchema(StrictSchema):
    minutes = fields.String(required=True, validate=validate.Length(min=1, max=50000))
    actions = fields.List(
        fields.Nested(ActionSchema), load_default=list, validate=validate.Length(max=200)
    )


class MinutesActionSchema(Schema):
    """An action as published minutes answer it: ``due`` is the ISO date it was given (null for
    none), as stored."""

    text = fields.String(required=True)
    owner = fields.String()
    due = fields.String(allow_none=True, metadata={"format": "date"})


class MeetingMinutesSchema(Schema):
    """A meeting's minutes and actions, as published (``minutes`` empty and no actions before
    they are)."""

    event_id = fields.String(required=True)
    minutes = fields.String(required=True)
    actions = fields.List(fields.Nested(MinutesActionSchema), required=True)


class SlotClaimSchema(StrictSchema):
    """A presentation slot for the caller and their school (``person_id`` and ``school_urn``
    are ignored: the slot is always the caller's)."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    person_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    school_urn = fields.Integer(load_default=None, allow_none=True, strict=True)


class SlotSchema(Schema):
    position = fields.Integer(required=True)
    title = fields.String(required=True)
    person_id = fields.String(allow_none=True)
    school_urn = fields.Integer(allow_none=True)
    starts_at = fields.DateTime(allow_none=True)
    minutes = fields.Integer(allow_none=True)


class RunningOrderSchema(Schema):
    event_id = fields.String(required=True)
    slots = fields.List(fields.Nested(SlotSchema), required=True)
    published = fields.Boolean(required=True)


class SlotOrderSchema(StrictSchema):
    """The running order set by the organisers: every presenter's ``person_id`` once, first to
    last (a slot is named by its presenter: one slot per person)."""

    order = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(max=200),
    )
