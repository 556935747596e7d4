"""Shapes shared by requests, responses and domain events: a session (as booked and as a calendar
sees it), who runs a CPD event, who may book it and what a place costs."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.choices import Choice
from contracts.common import StrictSchema
from contracts.events.names import OWNER_TYPES, YEAR_GROUPS


class SessionSchema(StrictSchema):
    starts_at = fields.AwareDateTime(required=True, default_timezone=None)
    ends_at = fields.AwareDateTime(required=True, default_timezone=None)
    venue = fields.String(required=True, validate=validate.Length(min=1, max=200))
    venue_school_urn = fields.Integer(load_default=None, allow_none=True, strict=True)
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))

    @validates_schema
    def ends_after_start(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["ends_at"] <= data["starts_at"]:
            raise ValidationError("Must be after starts_at.", "ends_at")


class CalendarSessionSchema(Schema):
    """A session as a calendar sees it: its own UID within the CPD event."""

    uid = fields.String(required=True)
    # the session's id (its uid) and number (1 for the first): what attendance names it by
    id = fields.String()
    number = fields.Integer()
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    venue = fields.String(required=True)
    venue_school_urn = fields.Integer(allow_none=True)
    title = fields.String(allow_none=True)


class OwnerSchema(StrictSchema):
    """Who runs the event: the partnership, a strategic group, the LA, a school, a provider."""

    type = Choice(OWNER_TYPES, required=True)
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    name = fields.String(load_default="", validate=validate.Length(max=200))


class AudienceSchema(StrictSchema):
    """Who may book; an empty list means anyone on that axis."""

    roles = fields.List(
        fields.String(validate=validate.Length(min=1, max=40)),
        load_default=list,
        validate=validate.Length(max=20),
    )
    phases = fields.List(
        fields.String(validate=validate.Length(min=1, max=40)),
        load_default=list,
        validate=validate.Length(max=20),
    )
    year_groups = fields.List(
        Choice(YEAR_GROUPS),
        load_default=list,
        validate=validate.Length(max=len(YEAR_GROUPS)),
    )
    clusters = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=list,
        validate=validate.Length(max=50),
    )


class PricingSchema(StrictSchema):
    """Price of one place in pence; academies pay as they go, maintained schools are covered by
    the partnership agreement, moderation-selected schools get moderation briefings free.
    ``by_type_group`` overrides the price for a GIAS establishment type group."""

    price_pence = fields.Integer(load_default=0, strict=True, validate=validate.Range(min=0))
    by_type_group = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=80)),
        values=fields.Integer(strict=True, validate=validate.Range(min=0)),
        load_default=dict,
        validate=validate.Length(max=20),
    )
