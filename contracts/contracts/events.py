"""Events service contracts: partnership events, sessions and bookings (RPC payloads and
``events.*`` events)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.common import PageQuerySchema, StrictSchema, page_of
from contracts.envelope import EnvelopeSchema

SERVICE = "events"

KINDS = (
    "course",
    "conference",
    "inset",
    "cluster_meeting",
    "teachmeet",
    "briefing",
    "group_meeting",
)
BOOKING_STATUSES = ("confirmed", "waitlisted", "pending_approval", "cancelled")

# Event names (routing keys on ``events.events``).
EVENT_PUBLISHED = "event_published"
BOOKING_CONFIRMED = "booking_confirmed"
BOOKING_WAITLISTED = "booking_waitlisted"
BOOKING_CANCELLED = "booking_cancelled"


class SessionSchema(StrictSchema):
    starts_at = fields.AwareDateTime(required=True, default_timezone=None)
    ends_at = fields.AwareDateTime(required=True, default_timezone=None)
    venue = fields.String(required=True, validate=validate.Length(min=1, max=200))

    @validates_schema
    def ends_after_start(self, data, **kwargs):
        if data["ends_at"] <= data["starts_at"]:
            raise ValidationError("Must be after starts_at.", "ends_at")


class EventCreateSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    sessions = fields.List(
        fields.Nested(SessionSchema), required=True, validate=validate.Length(min=1, max=50)
    )
    capacity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=100000)
    )
    description = fields.String(load_default="", validate=validate.Length(max=5000))


class EventSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    description = fields.String()
    sessions = fields.List(fields.Nested(SessionSchema), required=True)
    capacity = fields.Integer(required=True)
    confirmed_count = fields.Integer(required=True)
    waitlist_count = fields.Integer(required=True)
    status = fields.String(required=True)
    created_by = fields.String(allow_none=True)


class EventQuerySchema(PageQuerySchema):
    from_ = fields.AwareDateTime(data_key="from", load_default=None, default_timezone=None)
    to = fields.AwareDateTime(load_default=None, default_timezone=None)
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))


EventPageSchema = page_of(EventSchema)


class BookingRequestSchema(StrictSchema):
    """HTTP body of ``POST /events/{id}/bookings``."""

    person_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64))


class BookPlaceSchema(StrictSchema):
    """RPC ``book_place``: who is booked, and who asked."""

    event_id = fields.String(required=True)
    person_id = fields.String(required=True)
    booked_by = fields.String(required=True)


class BookingSchema(Schema):
    id = fields.String(required=True)
    event_id = fields.String(required=True)
    person_id = fields.String(required=True)
    booked_by = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(BOOKING_STATUSES))
    created_at = fields.DateTime(required=True)


BookingPageSchema = page_of(BookingSchema)


class BookingEventSchema(EnvelopeSchema):
    """Payload of every booking_* event (``event_id`` is the message's own id, so the CPD event is
    ``cpd_event_id`` in every event payload)."""

    booking_id = fields.String(required=True)
    cpd_event_id = fields.String(required=True)
    event_title = fields.String(required=True)
    person_id = fields.String(required=True)
    booked_by = fields.String(required=True)
    status = fields.String(required=True)
    starts_at = fields.DateTime(allow_none=True)


class EventPublishedSchema(EnvelopeSchema):
    cpd_event_id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)


EVENTS = {
    EVENT_PUBLISHED: EventPublishedSchema,
    BOOKING_CONFIRMED: BookingEventSchema,
    BOOKING_WAITLISTED: BookingEventSchema,
    BOOKING_CANCELLED: BookingEventSchema,
}
