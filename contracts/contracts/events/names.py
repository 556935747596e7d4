"""The events service's names: its service name, the values its choices allow (kinds of CPD
event, owners, booking and event statuses, year groups), and its domain events' names."""

from contracts import directory as directory_contract

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
