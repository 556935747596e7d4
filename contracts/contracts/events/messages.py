"""The events service's domain events: each payload's fields beside the envelope (calendar fields
for those that touch a calendar), and ``EVENTS`` (event name -> payload schema)."""

from marshmallow import fields

from contracts import privacy
from contracts.envelope import EnvelopeSchema
from contracts.events.names import (
    APPROVAL_DECLINED,
    APPROVAL_EXPIRED,
    APPROVAL_GRANTED,
    APPROVAL_REQUESTED,
    ATTENDANCE_RECORDED,
    BOOKING_CANCELLED,
    BOOKING_CONFIRMED,
    BOOKING_WAITLISTED,
    CERTIFICATE_ISSUED,
    COURSE_COMMISSIONED,
    EVENT_CANCELLED,
    EVENT_CHANGED,
    EVENT_PUBLISHED,
    FEEDBACK_REQUESTED,
    MEETING_ROLES_ASSIGNED,
    MINUTES_PUBLISHED,
    PATHWAY_ENROLLED,
    PLACE_OFFER_EXPIRED,
    PLACE_OFFERED,
    RUNNING_ORDER_PUBLISHED,
    TRAINING_REQUESTED,
)
from contracts.events.shapes import CalendarSessionSchema


class _CalendarFields(EnvelopeSchema):
    """What a calendar needs: the CPD event, its UID and SEQUENCE, and every session."""

    cpd_event_id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    uid = fields.String(required=True)
    sequence = fields.Integer(required=True)
    sessions = fields.List(fields.Nested(CalendarSessionSchema), required=True)


class EventPublishedSchema(_CalendarFields):
    description = fields.String(load_default="")
    owner = fields.Dict(allow_none=True, load_default=None)
    audience = fields.Dict(allow_none=True, load_default=None)
    cluster = fields.String(allow_none=True, load_default=None)
    year_group = fields.String(allow_none=True, load_default=None)
    host_school_urn = fields.Integer(allow_none=True, load_default=None)
    capacity = fields.Integer(load_default=None)
    requires_approval = fields.Boolean(load_default=False)
    booking_opens_at = fields.DateTime(allow_none=True, load_default=None)
    booking_closes_at = fields.DateTime(allow_none=True, load_default=None)
    created_by = fields.String(allow_none=True, load_default=None)


class EventChangedSchema(_CalendarFields):
    """Time, venue or details changed: ``changed`` names the fields; ``person_ids`` hold an active
    booking (tell them); ``previous_sessions`` is how the sessions were."""

    changed = fields.List(fields.String(), required=True)
    previous_sessions = fields.List(fields.Nested(CalendarSessionSchema), load_default=list)
    person_ids = fields.List(fields.String(), required=True)
    capacity = fields.Integer(load_default=None)


class EventCancelledSchema(_CalendarFields):
    """The whole event is off (``status`` CANCELLED for calendars); ``person_ids`` were booked."""

    reason = fields.String(load_default="")
    person_ids = fields.List(fields.String(), required=True)
    cancelled_by = fields.String(allow_none=True, load_default=None)


class BookingEventSchema(EnvelopeSchema):
    """Payload of every booking_*, place_offer*, approval_* event (``event_id`` is the message's
    own id, so the CPD event is ``cpd_event_id``). ``starts_at`` is the first session's start.
    ``deadline`` is when an offer or an approval request lapses; ``approver_id`` who must answer;
    ``reason`` why a booking ended (``cancelled``, ``event_cancelled``, ``approval_declined``,
    ``approval_expired``, ``offer_declined``, ``offer_expired``)."""

    booking_id = fields.String(required=True)
    cpd_event_id = fields.String(required=True)
    event_title = fields.String(required=True)
    person_id = fields.String(required=True)
    booked_by = fields.String(required=True)
    status = fields.String(required=True)
    starts_at = fields.DateTime(allow_none=True)
    kind = fields.String(load_default=None, allow_none=True)
    school_urn = fields.Integer(load_default=None, allow_none=True)
    version = fields.Integer(load_default=None, allow_none=True)
    uid = fields.String(load_default=None, allow_none=True)
    sequence = fields.Integer(load_default=None, allow_none=True)
    sessions = fields.List(fields.Nested(CalendarSessionSchema), load_default=list)
    deadline = fields.DateTime(load_default=None, allow_none=True)
    approver_id = fields.String(load_default=None, allow_none=True)
    waitlist_position = fields.Integer(load_default=None, allow_none=True)
    price_pence = fields.Integer(load_default=None, allow_none=True)
    reason = fields.String(load_default=None, allow_none=True)
    actor_id = fields.String(load_default=None, allow_none=True)


class AttendanceRecordedSchema(EnvelopeSchema):
    cpd_event_id = fields.String(required=True)
    event_title = fields.String(required=True)
    session = fields.Integer(required=True)  # 0-based index
    session_number = fields.Integer(load_default=None, allow_none=True)  # 1 for the first
    session_id = fields.String(load_default=None, allow_none=True)
    present = fields.List(fields.String(), required=True)
    absent = fields.List(fields.String(), required=True)
    recorded_by = fields.String(allow_none=True, load_default=None)


class CertificateIssuedSchema(EnvelopeSchema):
    certificate_id = fields.String(required=True)
    booking_id = fields.String(required=True)
    cpd_event_id = fields.String(required=True)
    event_title = fields.String(required=True)
    person_id = fields.String(required=True)
    sessions_attended = fields.Integer(required=True)
    download_path = fields.String(required=True)


class FeedbackRequestedSchema(EnvelopeSchema):
    """Attendees (only) are asked for feedback once the event is over."""

    cpd_event_id = fields.String(required=True)
    event_title = fields.String(required=True)
    person_ids = fields.List(fields.String(), required=True)


class CourseCommissionedSchema(EnvelopeSchema):
    cpd_event_id = fields.String(required=True)
    title = fields.String(required=True)
    request_ids = fields.List(fields.String(), required=True)
    requester_ids = fields.List(fields.String(), required=True)
    topics = fields.List(fields.String(), required=True)
    starts_at = fields.DateTime(allow_none=True)
    commissioned_by = fields.String(allow_none=True, load_default=None)


class MeetingRolesAssignedSchema(EnvelopeSchema):
    cpd_event_id = fields.String(required=True)
    title = fields.String(required=True)
    cluster = fields.String(allow_none=True)
    host_school_urn = fields.Integer(allow_none=True)
    chair_id = fields.String(required=True)
    minute_taker_id = fields.String(required=True)
    starts_at = fields.DateTime(allow_none=True, load_default=None)  # the meeting's start


class MinutesPublishedSchema(EnvelopeSchema):
    """Minutes and actions of a meeting, for the cluster's schools (``cluster``)."""

    cpd_event_id = fields.String(required=True)
    title = fields.String(required=True)
    cluster = fields.String(allow_none=True)
    year_group = fields.String(allow_none=True)
    minutes = fields.String(required=True)
    actions = fields.List(fields.Dict(), required=True)
    person_ids = fields.List(fields.String(), required=True)


class RunningOrderPublishedSchema(EnvelopeSchema):
    """``person_ids``: everyone booked and every presenter holding a slot (booked or not)."""

    cpd_event_id = fields.String(required=True)
    title = fields.String(required=True)
    slots = fields.List(fields.Dict(), required=True)
    person_ids = fields.List(fields.String(), required=True)
    starts_at = fields.DateTime(allow_none=True, load_default=None)  # the event's start


class PathwayEnrolledSchema(EnvelopeSchema):
    pathway_id = fields.String(required=True)
    title = fields.String(required=True)
    person_id = fields.String(required=True)


class TrainingRequestedSchema(EnvelopeSchema):
    request_id = fields.String(required=True)
    topic = fields.String(required=True)
    phase = fields.String(required=True)
    person_id = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    cluster = fields.String(allow_none=True)


EVENTS = {
    EVENT_PUBLISHED: EventPublishedSchema,
    EVENT_CHANGED: EventChangedSchema,
    EVENT_CANCELLED: EventCancelledSchema,
    BOOKING_CONFIRMED: BookingEventSchema,
    BOOKING_WAITLISTED: BookingEventSchema,
    BOOKING_CANCELLED: BookingEventSchema,
    PLACE_OFFERED: BookingEventSchema,
    PLACE_OFFER_EXPIRED: BookingEventSchema,
    APPROVAL_REQUESTED: BookingEventSchema,
    APPROVAL_GRANTED: BookingEventSchema,
    APPROVAL_DECLINED: BookingEventSchema,
    APPROVAL_EXPIRED: BookingEventSchema,
    ATTENDANCE_RECORDED: AttendanceRecordedSchema,
    CERTIFICATE_ISSUED: CertificateIssuedSchema,
    FEEDBACK_REQUESTED: FeedbackRequestedSchema,
    COURSE_COMMISSIONED: CourseCommissionedSchema,
    MEETING_ROLES_ASSIGNED: MeetingRolesAssignedSchema,
    MINUTES_PUBLISHED: MinutesPublishedSchema,
    RUNNING_ORDER_PUBLISHED: RunningOrderPublishedSchema,
    PATHWAY_ENROLLED: PathwayEnrolledSchema,
    TRAINING_REQUESTED: TrainingRequestedSchema,
}
EVENTS.update(privacy.EVENTS_OF_ERASING_SERVICE)  # person_erasure_done (contracts.privacy)
