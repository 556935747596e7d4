"""Events service contracts: partnership events, sessions and bookings (RPC payloads and
``events.*`` events).

Modules (each name is re-exported here: ``contracts.events.X`` finds it):

- ``names``: SERVICE, choice tuples (kinds, owners, statuses, year groups), event names
- ``shapes``: shared shapes: sessions, calendar sessions, owner, audience, pricing
- ``cpd_events``: CPD events: create, update, cancel, price quote, the event, its query
- ``bookings``: booking places (one or many), the booking, offer and approval answers
- ``attendance``: attendance registers, certificates and feedback
- ``statements``: termly statements: what a school, or every school, owes
- ``meetings``: cluster meetings (rota, roles, minutes), Teachmeet slots, running order
- ``pathways``: pathways of courses, enrolment and progress
- ``demand``: training requests, the audit of need, demand, commissioning a course
- ``messages``: domain-event payload schemas and EVENTS (event name -> schema)

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
- ``record_attendance(event_id, AttendanceSchema)`` -> AttendanceResultSchema,
  ``get_certificate(booking_id)`` -> CertificateSchema (base64 PDF),
  ``submit_feedback(event_id, FeedbackCreateSchema)``, ``feedback_summary(id)``
- ``school_statement(urn, StatementQuerySchema)`` / ``school_statement_csv(...)``,
  ``partnership_statement(StatementQuerySchema)`` / ``partnership_statement_csv(...)`` (what
  every school owes: the coordinator and the LA officer),
  ``person_calendar()`` (the caller's) / ``school_calendar(urn)`` (iCal text)
- ``create_rota(RotaCreateSchema)``, ``assign_meeting_roles(id, MeetingRolesSchema)``,
  ``publish_minutes(id, MinutesSchema)`` / ``get_minutes(id)`` -> MeetingMinutesSchema,
  ``claim_slot(id, SlotClaimSchema)``, ``get_running_order(id)``, ``publish_running_order(id)``
- ``submit_training_request(TrainingRequestCreateSchema)``, ``support_training_request(id)``,
  ``list_training_requests(query)`` (``reason`` null unless the caller may see it),
  ``submit_audit(AuditSubmitSchema)`` -> AuditSchema, ``demand(DemandQuerySchema)``,
  ``commission_course(CommissionSchema)``, ``create_pathway(PathwayCreateSchema)``,
  ``list_pathways(page)``, ``enrol_pathway(id)``, ``pathway_progress(id)`` (the caller's)

Approvals go to the booked person's school's designated approver (the directory's
``approver_person_id``); a school with none designated has its bookings approved by the
partnership coordinator. Only that approver, or the coordinator, may answer.

Each RPC's payload and answer schemas are declared once in ``contracts.clients.events``.
"""

from contracts.events.attendance import (
    AttendanceResultSchema,
    AttendanceSchema,
    CertificateSchema,
    FeedbackCreateSchema,
    FeedbackSummarySchema,
)
from contracts.events.bookings import (
    MAX_BOOKINGS_PER_CALL,
    ApprovalAnswerSchema,
    BookingPageSchema,
    BookingQuerySchema,
    BookingRequestSchema,
    BookingSchema,
    BookPlaceItemSchema,
    BookPlaceSchema,
    BookPlacesResultSchema,
    BookPlacesSchema,
    OfferAnswerSchema,
)
from contracts.events.cpd_events import (
    EventCancelSchema,
    EventCreateSchema,
    EventPageSchema,
    EventQuerySchema,
    EventSchema,
    EventUpdateSchema,
    PriceQuoteSchema,
)
from contracts.events.demand import (
    TRAINING_REQUEST_STATUSES,
    AuditSchema,
    AuditSubmitSchema,
    CommissionSchema,
    DemandQuerySchema,
    DemandRowSchema,
    DemandSchema,
    TrainingRequestCloseSchema,
    TrainingRequestCreateSchema,
    TrainingRequestMergeSchema,
    TrainingRequestPageSchema,
    TrainingRequestQuerySchema,
    TrainingRequestSchema,
)
from contracts.events.meetings import (
    ActionSchema,
    MeetingMinutesSchema,
    MeetingRolesSchema,
    MinutesActionSchema,
    MinutesSchema,
    RotaCreateSchema,
    RotaSchema,
    RunningOrderSchema,
    SlotClaimSchema,
    SlotOrderSchema,
    SlotSchema,
)
from contracts.events.messages import (
    EVENTS,
    AttendanceRecordedSchema,
    BookingEventSchema,
    CertificateIssuedSchema,
    CourseCommissionedSchema,
    EventCancelledSchema,
    EventChangedSchema,
    EventPublishedSchema,
    FeedbackRequestedSchema,
    MeetingRolesAssignedSchema,
    MinutesPublishedSchema,
    PathwayEnrolledSchema,
    RunningOrderPublishedSchema,
    TrainingRequestedSchema,
)
from contracts.events.names import (
    ACTIVE_STATUSES,
    APPROVAL_DECLINED,
    APPROVAL_EXPIRED,
    APPROVAL_GRANTED,
    APPROVAL_REQUESTED,
    ATTENDANCE_RECORDED,
    BOOKING_CANCELLED,
    BOOKING_CONFIRMED,
    BOOKING_STATUSES,
    BOOKING_WAITLISTED,
    CERTIFICATE_ISSUED,
    COURSE_COMMISSIONED,
    EVENT_CANCELLED,
    EVENT_CHANGED,
    EVENT_PUBLISHED,
    EVENT_STATUSES,
    FEEDBACK_REQUESTED,
    KINDS,
    MEETING_ROLES_ASSIGNED,
    MINUTES_PUBLISHED,
    OWNER_TYPES,
    PATHWAY_ENROLLED,
    PLACE_OFFER_EXPIRED,
    PLACE_OFFERED,
    RUNNING_ORDER_PUBLISHED,
    SERVICE,
    TRAINING_REQUESTED,
    YEAR_GROUPS,
)
from contracts.events.pathways import (
    PathwayCourseSchema,
    PathwayCreateSchema,
    PathwayPageSchema,
    PathwayProgressQuerySchema,
    PathwayProgressSchema,
    PathwaySchema,
)
from contracts.events.shapes import (
    AudienceSchema,
    CalendarSessionSchema,
    OwnerSchema,
    PricingSchema,
    SessionSchema,
)
from contracts.events.statements import (
    PartnershipStatementSchema,
    SchoolOwesSchema,
    StatementLineSchema,
    StatementQuerySchema,
    StatementSchema,
)

__all__ = [
    "SERVICE",
    "KINDS",
    "OWNER_TYPES",
    "BOOKING_STATUSES",
    "ACTIVE_STATUSES",
    "EVENT_STATUSES",
    "YEAR_GROUPS",
    "EVENT_PUBLISHED",
    "EVENT_CHANGED",
    "EVENT_CANCELLED",
    "BOOKING_CONFIRMED",
    "BOOKING_WAITLISTED",
    "BOOKING_CANCELLED",
    "PLACE_OFFERED",
    "PLACE_OFFER_EXPIRED",
    "APPROVAL_REQUESTED",
    "APPROVAL_GRANTED",
    "APPROVAL_DECLINED",
    "APPROVAL_EXPIRED",
    "ATTENDANCE_RECORDED",
    "CERTIFICATE_ISSUED",
    "FEEDBACK_REQUESTED",
    "COURSE_COMMISSIONED",
    "MEETING_ROLES_ASSIGNED",
    "MINUTES_PUBLISHED",
    "RUNNING_ORDER_PUBLISHED",
    "PATHWAY_ENROLLED",
    "TRAINING_REQUESTED",
    "SessionSchema",
    "CalendarSessionSchema",
    "OwnerSchema",
    "AudienceSchema",
    "PricingSchema",
    "EventCreateSchema",
    "EventUpdateSchema",
    "EventCancelSchema",
    "PriceQuoteSchema",
    "EventSchema",
    "EventQuerySchema",
    "EventPageSchema",
    "BookingRequestSchema",
    "BookPlaceSchema",
    "MAX_BOOKINGS_PER_CALL",
    "BookPlaceItemSchema",
    "BookPlacesSchema",
    "BookPlacesResultSchema",
    "BookingSchema",
    "BookingPageSchema",
    "BookingQuerySchema",
    "OfferAnswerSchema",
    "ApprovalAnswerSchema",
    "AttendanceSchema",
    "AttendanceResultSchema",
    "CertificateSchema",
    "FeedbackCreateSchema",
    "FeedbackSummarySchema",
    "StatementQuerySchema",
    "StatementLineSchema",
    "StatementSchema",
    "SchoolOwesSchema",
    "PartnershipStatementSchema",
    "RotaCreateSchema",
    "RotaSchema",
    "MeetingRolesSchema",
    "ActionSchema",
    "MinutesSchema",
    "MinutesActionSchema",
    "MeetingMinutesSchema",
    "SlotClaimSchema",
    "SlotSchema",
    "RunningOrderSchema",
    "SlotOrderSchema",
    "PathwayCreateSchema",
    "PathwaySchema",
    "PathwayPageSchema",
    "PathwayProgressQuerySchema",
    "PathwayCourseSchema",
    "PathwayProgressSchema",
    "TRAINING_REQUEST_STATUSES",
    "TrainingRequestCloseSchema",
    "TrainingRequestMergeSchema",
    "TrainingRequestCreateSchema",
    "TrainingRequestSchema",
    "TrainingRequestPageSchema",
    "TrainingRequestQuerySchema",
    "AuditSubmitSchema",
    "AuditSchema",
    "DemandQuerySchema",
    "DemandRowSchema",
    "DemandSchema",
    "CommissionSchema",
    "EventPublishedSchema",
    "EventChangedSchema",
    "EventCancelledSchema",
    "BookingEventSchema",
    "AttendanceRecordedSchema",
    "CertificateIssuedSchema",
    "FeedbackRequestedSchema",
    "CourseCommissionedSchema",
    "MeetingRolesAssignedSchema",
    "MinutesPublishedSchema",
    "RunningOrderPublishedSchema",
    "PathwayEnrolledSchema",
    "TrainingRequestedSchema",
    "EVENTS",
]
