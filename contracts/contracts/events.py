"""Events service contracts: partnership events, sessions and bookings (RPC payloads and
``events.*`` events).

Every event payload names the CPD event as ``cpd_event_id`` (``event_id`` is the message's own id).
Payloads that touch a calendar carry ``uid`` (stable for the CPD event), ``sequence`` (higher on
every change) and ``sessions`` each with its own ``uid``, ``starts_at``, ``ends_at`` and ``venue``,
so a consumer can build an iCal entry (same UID, higher SEQUENCE; ``status`` CANCELLED) on its own.

RPC methods of the ``events`` service (nameko ``RpcProxy("events")``), payload -> result. Every
method takes ``caller=`` last (``contracts.caller``: the signed-in person, a service's own
caller, or None) and the service decides from it who may do what (``events/permissions.py``):
Unauthorized for None, Forbidden for a caller who may not act. "The caller's" below means the
person the caller names; no method takes the caller's own id as an argument.

- ``create_event(EventCreateSchema)``, ``list_events(EventQuerySchema)``, ``get_event(id)``
  (these two are public: the course calendar), ``update_event(id, EventUpdateSchema)``,
  ``cancel_event(id, EventCancelSchema)`` -> EventSchema / EventPageSchema
- ``book_place(BookPlaceSchema)`` (the caller books ``person_id``, by default themselves),
  ``book_places(BookPlacesSchema)`` (each item carries its own ``caller``),
  ``cancel_booking(id)``, ``get_booking(id)``, ``list_bookings(BookingQuerySchema)`` (the
  caller's), ``list_event_bookings(event_id, BookingQuerySchema)``, ``list_approvals(page)`` (those
  awaiting the caller), ``answer_offer(id, OfferAnswerSchema)``,
  ``answer_approval(id, ApprovalAnswerSchema)`` -> BookingSchema(s)
- ``record_attendance(event_id, AttendanceSchema)``, ``get_certificate(booking_id)`` (base64
  PDF), ``submit_feedback(event_id, FeedbackCreateSchema)``, ``feedback_summary(id)``
- ``school_statement(urn, StatementQuerySchema)`` / ``school_statement_csv(...)``,
  ``partnership_statement(StatementQuerySchema)`` / ``partnership_statement_csv(...)`` (what
  every school owes: the coordinator and the LA officer),
  ``person_calendar()`` (the caller's) / ``school_calendar(urn)`` (iCal text)
- ``create_rota(RotaCreateSchema)``, ``assign_meeting_roles(id, MeetingRolesSchema)``,
  ``publish_minutes(id, MinutesSchema)``, ``get_minutes(id)``, ``claim_slot(id, SlotClaimSchema)``,
  ``get_running_order(id)``, ``publish_running_order(id)``
- ``submit_training_request(TrainingRequestCreateSchema)``, ``support_training_request(id)``,
  ``list_training_requests(query)`` (``reason`` null unless the caller may see it),
  ``submit_audit(AuditSubmitSchema)``, ``demand(DemandQuerySchema)``,
  ``commission_course(CommissionSchema)``, ``create_pathway(PathwayCreateSchema)``,
  ``list_pathways(page)``, ``enrol_pathway(id)``, ``pathway_progress(id)`` (the caller's)

Approvals go to the booked person's school's designated approver (the directory's
``approver_person_id``); a school with none designated has its bookings approved by the
partnership coordinator. Only that approver, or the coordinator, may answer.
"""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts import directory as directory_contract
from contracts.caller import CallerSchema
from contracts.choices import Choice
from contracts.common import PageQuerySchema, QuerySchema, StrictSchema, page_of
from contracts.envelope import EnvelopeSchema
from contracts.school_year import AcademicYearField, TermField

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
OWNER_TYPES = ("partnership", "strategic_group", "la", "school", "provider", "cluster")
BOOKING_STATUSES = (
    "confirmed",
    "waitlisted",
    "offered",
    "pending_approval",
    "cancelled",
    "declined",
    "expired",
)
ACTIVE_STATUSES = ("confirmed", "waitlisted", "offered", "pending_approval")
EVENT_STATUSES = ("open", "cancelled")
YEAR_GROUPS = directory_contract.YEAR_GROUPS  # "Nursery", "Reception", "Year 1" .. "Year 13"

# Event names (routing keys on ``events.events``).
EVENT_PUBLISHED = "event_published"
EVENT_CHANGED = "event_changed"
EVENT_CANCELLED = "event_cancelled"
BOOKING_CONFIRMED = "booking_confirmed"
BOOKING_WAITLISTED = "booking_waitlisted"
BOOKING_CANCELLED = "booking_cancelled"
PLACE_OFFERED = "place_offered"
PLACE_OFFER_EXPIRED = "place_offer_expired"
APPROVAL_REQUESTED = "approval_requested"
APPROVAL_GRANTED = "approval_granted"
APPROVAL_DECLINED = "approval_declined"
APPROVAL_EXPIRED = "approval_expired"
ATTENDANCE_RECORDED = "attendance_recorded"
CERTIFICATE_ISSUED = "certificate_issued"
FEEDBACK_REQUESTED = "feedback_requested"
COURSE_COMMISSIONED = "course_commissioned"
MEETING_ROLES_ASSIGNED = "meeting_roles_assigned"
MINUTES_PUBLISHED = "minutes_published"
RUNNING_ORDER_PUBLISHED = "running_order_published"
PATHWAY_ENROLLED = "pathway_enrolled"
TRAINING_REQUESTED = "training_requested"


# --- shapes shared by requests, responses and events -----------------------------------------


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


# --- events: RPC requests and responses -------------------------------------------------------


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


# --- bookings ----------------------------------------------------------------------------------


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


# --- attendance, certificates, feedback --------------------------------------------------------


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


class FeedbackCreateSchema(StrictSchema):
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    comments = fields.String(load_default="", validate=validate.Length(max=5000))


class FeedbackSummarySchema(Schema):
    event_id = fields.String(required=True)
    responses = fields.Integer(required=True)
    average_rating = fields.Float(allow_none=True)
    comments = fields.List(fields.String())


# --- statements ---------------------------------------------------------------------------------


class StatementQuerySchema(QuerySchema):
    """``term`` as people write it (``2027-spring``, ``Spring 2027``, ``2026-27 spring``: see
    ``contracts.school_year``); none: the current term. An unknown term is refused."""

    term = TermField(load_default=None, allow_none=True)


class StatementLineSchema(Schema):
    booking_id = fields.String(required=True)
    event_id = fields.String(required=True)
    event_title = fields.String(required=True)
    person_id = fields.String(required=True)
    person_name = fields.String(allow_none=True)
    school_urn = fields.Integer(allow_none=True)
    school_name = fields.String(allow_none=True)
    starts_at = fields.DateTime(required=True)
    status = fields.String(required=True)
    price_pence = fields.Integer(required=True)


class _TermFields(Schema):
    """Which term an answer covers: its name, label, academic year and first and last days."""

    term = fields.String(required=True, metadata={"example": "2027-spring"})
    term_label = fields.String(metadata={"example": "Spring term 2027"})
    academic_year = AcademicYearField()
    starts_on = fields.Date(metadata={"description": "The term's first day"})
    ends_on = fields.Date(metadata={"description": "The term's last day (inclusive)"})


class StatementSchema(_TermFields):
    school_urn = fields.Integer(required=True)
    school_name = fields.String(allow_none=True)
    lines = fields.List(fields.Nested(StatementLineSchema), required=True)
    total_pence = fields.Integer(required=True)


class SchoolOwesSchema(Schema):
    school_urn = fields.Integer(required=True)
    school_name = fields.String(allow_none=True)
    places = fields.Integer(required=True)
    total_pence = fields.Integer(required=True)


class PartnershipStatementSchema(_TermFields):
    """What every school owes for a term (schools with nothing to pay are left out)."""

    schools = fields.List(fields.Nested(SchoolOwesSchema), required=True)
    total_pence = fields.Integer(required=True)


# --- cluster meetings, Teachmeet slots, pathways -------------------------------------------------


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


class PathwayCreateSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    course_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(min=1, max=30),
    )
    partners = fields.List(
        fields.String(validate=validate.Length(max=200)),
        load_default=list,
        validate=validate.Length(max=20),
    )


class PathwaySchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String()
    course_ids = fields.List(fields.String(), required=True)
    partners = fields.List(fields.String())


PathwayPageSchema = page_of(PathwaySchema)


class PathwayProgressQuerySchema(QuerySchema):
    """Whose progress: ``person_id`` (default the caller; their school's leaders and the
    coordinator may ask for another's)."""

    person_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64))


class PathwayCourseSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(allow_none=True)
    state = fields.String(
        required=True,
        metadata={"description": "completed, booked (confirmed), waiting or remaining"},
    )


class PathwayProgressSchema(Schema):
    """``booked`` counts confirmed places only; a place waited for, offered or awaiting approval
    is in ``waiting`` (and still in ``remaining``)."""

    pathway_id = fields.String(required=True)
    pathway_title = fields.String()
    person_id = fields.String(required=True)
    person_name = fields.String(allow_none=True)
    completed = fields.List(fields.String(), required=True)
    booked = fields.List(fields.String(), required=True)
    remaining = fields.List(fields.String(), required=True)
    waiting = fields.List(fields.String())
    percent = fields.Integer(required=True)
    courses = fields.List(fields.Nested(PathwayCourseSchema))


# --- demand ----------------------------------------------------------------------------------


# open: counted in demand; commissioned: a course was made from it; closed: the coordinator
# closed it with a reason; merged: a duplicate folded into another request (``merged_into``)
TRAINING_REQUEST_STATUSES = ("open", "commissioned", "closed", "merged")


class TrainingRequestCloseSchema(StrictSchema):
    """Close an open training request: why (shown to whoever may see the request)."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class TrainingRequestMergeSchema(StrictSchema):
    """Fold duplicates into this request: each becomes ``merged`` (``merged_into``), and its
    requester and supporters support this one (each person once)."""

    request_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(min=1, max=50),
    )


class TrainingRequestCreateSchema(StrictSchema):
    """``phase`` is one of the phases (any case); ``strategic_group`` a strategic group's id or
    name from the directory (``GET /groups``), stored as its id: an unknown one is refused."""

    topic = fields.String(required=True, validate=validate.Length(min=1, max=200))
    phase = Choice(directory_contract.PHASES, required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    strategic_group = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=80),
        metadata={"description": "A strategic group's id or name (GET /api/v1/groups)."},
    )


class TrainingRequestSchema(Schema):
    """A training request; ``reason`` is null for callers who may not see it (only the
    requester, their headteacher, the CPD group and the partnership roles do)."""

    id = fields.String(required=True)
    topic = fields.String(required=True)
    phase = fields.String(required=True)
    reason = fields.String(allow_none=True)
    strategic_group = fields.String(allow_none=True)
    person_id = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    cluster = fields.String(allow_none=True)
    supporters = fields.List(fields.String(), required=True)
    status = fields.String(required=True)
    commissioned_event_id = fields.String(allow_none=True)
    closed_reason = fields.String(allow_none=True, load_default=None)
    closed_at = fields.DateTime(allow_none=True, load_default=None)
    merged_into = fields.String(allow_none=True, load_default=None)
    created_at = fields.DateTime(required=True)


TrainingRequestPageSchema = page_of(TrainingRequestSchema)


class TrainingRequestQuerySchema(PageQuerySchema):
    topic = fields.String(load_default=None, validate=validate.Length(max=200))
    status = Choice(TRAINING_REQUEST_STATUSES, load_default=None)


class AuditSubmitSchema(StrictSchema):
    """A school's priorities for the annual audit of need."""

    school_urn = fields.Integer(required=True, strict=True)
    academic_year = AcademicYearField(required=True)
    priorities = fields.List(
        fields.String(validate=validate.Length(min=1, max=200)),
        required=True,
        validate=validate.Length(min=1, max=20),
    )


class DemandQuerySchema(QuerySchema):
    by = Choice(("topic", "cluster", "strategic_group"), load_default="topic")
    academic_year = AcademicYearField(load_default=None, allow_none=True)


class DemandRowSchema(Schema):
    key = fields.String(allow_none=True, required=True)
    # by topic: the topic as it was first written (the key is its lower-case form)
    label = fields.String(allow_none=True, load_default=None)
    requests = fields.Integer(required=True)
    supporters = fields.Integer(required=True)
    audit_mentions = fields.Integer(required=True)
    schools = fields.Integer(required=True)


class DemandSchema(Schema):
    by = fields.String(required=True)
    rows = fields.List(fields.Nested(DemandRowSchema), required=True)


class CommissionSchema(StrictSchema):
    """Commission a course from training requests: the course is created and every requester (and
    supporter) is told."""

    request_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(min=1, max=500),
    )
    course = fields.Nested(EventCreateSchema, required=True)


# --- event payloads -----------------------------------------------------------------------------


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
