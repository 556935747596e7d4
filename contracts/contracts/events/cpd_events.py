"""CPD events: creating, changing and cancelling one, its price quote, the event as answered and
the calendar query."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts import directory as directory_contract
from contracts.choices import Choice
from contracts.common import PageQuerySchema, StrictSchema, page_of
from contracts.events.names import KINDS, YEAR_GROUPS
from contracts.events.shapes import (
    AudienceSchema,
    CalendarSessionSchema,
    OwnerSchema,
    PricingSchema,
    SessionSchema,
)


class EventCreateSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = Choice(KINDS, required=True)
    sessions = fields.List(
        fields.Nested(SessionSchema), required=True, validate=validate.Length(min=1, max=50)
    )
    capacity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=100000)
    )
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    owner = fields.Nested(OwnerSchema, load_default=None, allow_none=True)
    audience = fields.Nested(AudienceSchema, load_default=None, allow_none=True)
    per_school_cap = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1)
    )
    booking_opens_at = fields.AwareDateTime(
        load_default=None, allow_none=True, default_timezone=None
    )
    booking_closes_at = fields.AwareDateTime(
        load_default=None, allow_none=True, default_timezone=None
    )
    requires_approval = fields.Boolean(load_default=False)
    pricing = fields.Nested(PricingSchema, load_default=None, allow_none=True)
    certificate_min_sessions = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1)
    )
    slot_minutes = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=120)
    )
    slot_count = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=100)
    )
    host_school_urn = fields.Integer(load_default=None, allow_none=True, strict=True)
    cluster = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60))
    year_group = Choice(YEAR_GROUPS, load_default=None, allow_none=True)

    @validates_schema
    def window_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        opens, closes = data.get("booking_opens_at"), data.get("booking_closes_at")
        if opens and closes and closes <= opens:
            raise ValidationError("Must be after booking_opens_at.", "booking_closes_at")
        sessions = data.get("sessions") or []
        wanted = data.get("certificate_min_sessions")
        if wanted and wanted > len(sessions):
            raise ValidationError(
                "Cannot exceed the number of sessions.", "certificate_min_sessions"
            )


class EventUpdateSchema(StrictSchema):
    """A change to an event; only the fields given change (sessions are replaced whole)."""

    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=5000))
    sessions = fields.List(fields.Nested(SessionSchema), validate=validate.Length(min=1, max=50))
    capacity = fields.Integer(strict=True, validate=validate.Range(min=1, max=100000))
    per_school_cap = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1))
    booking_opens_at = fields.AwareDateTime(allow_none=True, default_timezone=None)
    booking_closes_at = fields.AwareDateTime(allow_none=True, default_timezone=None)
    audience = fields.Nested(AudienceSchema, allow_none=True)
    pricing = fields.Nested(PricingSchema, allow_none=True)


class EventCancelSchema(StrictSchema):
    reason = fields.String(load_default="", validate=validate.Length(max=1000))


class PriceQuoteSchema(Schema):
    """What one place on an event costs the signed-in person's school (before booking)."""

    event_id = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True, required=True)
    school_name = fields.String(allow_none=True, required=True)
    price_pence = fields.Integer(required=True)


class EventSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    description = fields.String()
    sessions = fields.List(fields.Nested(CalendarSessionSchema), required=True)
    capacity = fields.Integer(required=True)
    confirmed_count = fields.Integer(required=True)
    waitlist_count = fields.Integer(required=True)
    offered_count = fields.Integer()
    pending_count = fields.Integer()
    status = fields.String(required=True)
    created_by = fields.String(allow_none=True)
    owner = fields.Dict(allow_none=True)
    audience = fields.Dict(allow_none=True)
    per_school_cap = fields.Integer(allow_none=True)
    booking_opens_at = fields.DateTime(allow_none=True)
    booking_closes_at = fields.DateTime(allow_none=True)
    requires_approval = fields.Boolean()
    pricing = fields.Dict(allow_none=True)
    certificate_min_sessions = fields.Integer(allow_none=True)
    slot_minutes = fields.Integer(allow_none=True)
    slot_count = fields.Integer(allow_none=True)
    host_school_urn = fields.Integer(allow_none=True)
    cluster = fields.String(allow_none=True)
    year_group = fields.String(allow_none=True)
    chair_id = fields.String(allow_none=True)
    minute_taker_id = fields.String(allow_none=True)
    uid = fields.String()
    sequence = fields.Integer()


class EventQuerySchema(PageQuerySchema):
    from_ = fields.AwareDateTime(data_key="from", load_default=None, default_timezone=None)
    to = fields.AwareDateTime(load_default=None, default_timezone=None)
    kind = Choice(KINDS, load_default=None)
    cluster = fields.String(load_default=None, validate=validate.Length(max=60))
    # events run by this strategic group (its id in the directory)
    group = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    # events open to this phase: those for it, and those with no phase limit
    phase = Choice(directory_contract.PHASES, load_default=None)
    # only these events (a page of bookings shows its events in one call, not one per row)
    ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        load_default=None,
        validate=validate.Length(min=1, max=200),
    )


EventPageSchema = page_of(EventSchema)
