"""The directory's names: its service name, the values its choices allow (phases, year groups,
Ofsted grades, support areas, statuses), the role lists, and its domain events' names."""

from contracts.caller import ROLES  # noqa: F401 - the role identifiers, here too (d.ROLES)

SERVICE = "directory"

GROUP_OFFICES = ("chair", "secretary")
GROUP_ROLES = (*GROUP_OFFICES, "member")
PHASES = (
    "Not applicable",
    "Nursery",
    "Primary",
    "Middle deemed primary",
    "Secondary",
    "Middle deemed secondary",
    "16 plus",
    "All-through",
)
YEAR_GROUPS = ("Nursery", "Reception", *(f"Year {n}" for n in range(1, 14)))

# Ofsted: the legacy single-word overall grade, and the report cards used since November 2025.
LEGACY_GRADES = (
    "Outstanding",
    "Good",
    "Requires improvement",
    "Inadequate",
    "Serious Weaknesses",
    "Special Measures",
)
REPORT_CARD_AREAS = (
    "inclusion",
    "curriculum_and_teaching",
    "achievement",
    "attendance_and_behaviour",
    "personal_development_and_wellbeing",
    "leadership_and_governance",
)
# Five-point scale, weakest first (index = score 1..5).
REPORT_CARD_GRADES = (
    "urgent_improvement",
    "needs_attention",
    "expected_standard",
    "strong_standard",
    "exceptional",
)
SAFEGUARDING = ("met", "not_met")

# The support directory's managed taxonomy starts with these areas; the coordinator adds more.
DEFAULT_SUPPORT_AREAS = {
    "reading": "Reading",
    "phonics": "Phonics",
    "writing": "Writing",
    "maths": "Maths",
    "send": "SEND",
    "eyfs": "EYFS",
    "behaviour": "Behaviour",
    "attendance": "Attendance",
    "leadership": "Leadership",
    "governance": "Governance",
    "curriculum_design": "Curriculum design",
    "assessment_and_moderation": "Assessment and moderation",
    "sustainability": "Sustainability",
    "wellbeing": "Wellbeing and personal development",
    "safeguarding": "Safeguarding",
}
URGENCIES = ("low", "medium", "high")
REQUEST_STATUSES = ("open", "brokered", "closed", "withdrawn")
CASE_STATUSES = ("awaiting_consent", "active", "closed", "declined", "cancelled")
FUNDING = ("cost", "credit", "free")
# Roles a school manages for its own staff (its school administrator or headteacher); every other
# role comes only from the coordinator or the LA officer.
SCHOOL_MANAGED_ROLES = (
    "assistant_head",
    "senco",
    "business_manager",
    "school_admin",
    "teacher",
    "support_staff",
)
# Who may be a school's designated approver of bookings.
APPROVER_ROLES = ("headteacher", "deputy_head", "business_manager")

# Event names (routing keys on ``directory.events``).
SCHOOL_IMPORTED = "school_imported"
SCHOOL_ADDED = "school_added"
SCHOOL_CLOSED = "school_closed"
SCHOOL_CONVERTED = "school_converted"
SCHOOL_UPDATED = "school_updated"
OFSTED_GRADES_UPDATED = "ofsted_grades_updated"
MODERATION_SELECTION_CHANGED = "moderation_selection_changed"
PERSON_REGISTERED = "person_registered"
PERSON_UPDATED = "person_updated"
SESSIONS_REVOKED = "sessions_revoked"
ROLE_ASSIGNED = "role_assigned"
ROLE_REMOVED = "role_removed"
GROUP_OFFICE_ASSIGNED = "group_office_assigned"
GROUP_MEMBER_ADDED = "group_member_added"
GROUP_MEMBER_REMOVED = "group_member_removed"
SUPPORT_AREA_ADDED = "support_area_added"
OFFER_PUBLISHED = "offer_published"
OFFER_UPDATED = "offer_updated"
OFFER_VERIFIED = "offer_verified"
OFFER_VERIFICATION_DUE = "offer_verification_due"
OFFER_WITHDRAWN = "offer_withdrawn"
SUPPORT_REQUESTED = "support_requested"
SUPPORT_BROKERED = "support_brokered"
BROKERAGE_CONSENT_GIVEN = "brokerage_consent_given"
BROKERAGE_DECLINED = "brokerage_declined"
BROKERAGE_REVIEW_RECORDED = "brokerage_review_recorded"
BROKERAGE_CLOSED = "brokerage_closed"
BROKERAGE_CANCELLED = "brokerage_cancelled"
