"""Bookings: booking a place (one or many at once), the booking as answered and listed, answering
a place offer or an approval request."""

from marshmallow import Schema, fields, validate

from contracts.caller import CallerSchema
from contracts.choices import Choice
from contracts.common import PageQuerySchema, StrictSchema, page_of
from contracts.events.names import BOOKING_STATUSES


class BookingRequestSchema(StrictSchema):
    """HTTP body of ``POST /events/{id}/bookings``."""

    person_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64))


class BookPlaceSchema(StrictSchema):
    """RPC ``book_place``: the event, and who is booked (``person_id``; default: the caller).
    The caller is who asked (``booked_by``); the person's school is the caller's own when they
    book themselves, else the directory's."""

    event_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    person_id = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=64)
    )


MAX_BOOKINGS_PER_CALL = 100


class BookPlaceItemSchema(BookPlaceSchema):
    """One booking of a ``book_places`` call: its own ``caller`` (who asked for this booking:
    the service decides each booking by it; None is refused as Unauthorized) and the
    correlation id of the request it came from (the events it announces carry it)."""

    caller = fields.Nested(CallerSchema, load_default=None, allow_none=True)
    correlation_id = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=200)
    )


class BookPlacesSchema(StrictSchema):
    """RPC ``book_places``: several bookings at once (the gateway sends concurrent requests
    together); each is booked exactly as ``book_place`` would book it."""

    bookings = fields.List(
        fields.Nested(BookPlaceItemSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_BOOKINGS_PER_CALL),
    )


class BookPlacesResultSchema(Schema):
    """One result per booking, in order: ``booking`` (BookingSchema) when it was made, else
    ``error`` (the error ``book_place`` would have raised, in nameko's wire form)."""

    results = fields.List(fields.Dict(), required=True)


class BookingSchema(Schema):
    id = fields.String(required=True)
    event_id = fields.String(required=True)
    person_id = fields.String(required=True)
    booked_by = fields.String(required=True)
    status = Choice(BOOKING_STATUSES, required=True)
    created_at = fields.DateTime(required=True)
    school_urn = fields.Integer(allow_none=True)
    version = fields.Integer()
    waitlist_position = fields.Integer(allow_none=True)
    offer_expires_at = fields.DateTime(allow_none=True)
    approver_id = fields.String(allow_none=True)
    approval_deadline = fields.DateTime(allow_none=True)
    price_pence = fields.Integer()
    attended_sessions = fields.List(fields.Integer())
    certificate_id = fields.String(allow_none=True)
    event_title = fields.String()
    # why a waitlisted booking waits (null otherwise, and for bookings made before it was kept)
    waitlist_reason = fields.String(
        allow_none=True, metadata={"description": "event_full or school_cap_reached"}
    )
    # in lists: who the booking is for, and their school, by name (null when not known)
    person_name = fields.String(allow_none=True)
    school_name = fields.String(allow_none=True)


BookingPageSchema = page_of(BookingSchema)


class BookingQuerySchema(PageQuerySchema):
    status = Choice(BOOKING_STATUSES, load_default=None)


class OfferAnswerSchema(StrictSchema):
    """Accept or decline a place offer; ``version`` is the booking's version the offer was made
    on, so an offer is acted on exactly once."""

    version = fields.Integer(required=True, strict=True)
    accept = fields.Boolean(load_default=True)


class ApprovalAnswerSchema(StrictSchema):
    approve = fields.Boolean(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=1000))
