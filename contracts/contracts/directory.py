"""Directory service contracts: schools, clusters, strategic groups, people and accounts, and the
school-to-school support directory (RPC payloads and ``directory.*`` events).

RPC methods of the ``directory`` service (nameko ``RpcProxy("directory")``), payload -> result:

- ``list_schools(SchoolQuerySchema)`` -> SchoolPageSchema; ``get_school(urn)`` -> SchoolSchema
- ``update_school(urn, SchoolUpdateSchema)``, ``update_ofsted(urn, OfstedUpdateSchema)``,
  ``set_moderation_selection(ModerationSelectionSchema)`` -> SchoolSchema / {"selected": [...]}
- ``list_clusters()``, ``list_groups()``, ``get_group(id)`` -> GroupSchema (``chair`` and
  ``secretary`` hold the current office holders, ``chair_person_id``/``secretary_person_id`` too)
- ``register_person``, ``get_person(id)``, ``list_people(PersonQuerySchema)``,
  ``update_person(id, PersonUpdateSchema)``, ``assign_role(id, RoleAssignmentSchema)``
  (a person's ``email`` is null to callers outside their school and the partnership roles)
- ``set_school_approver(urn, ApproverSchema)`` -> SchoolSchema: the school's one designated
  approver of bookings (``approver_person_id``); ``get_school`` also answers ``approver_id``
  and ``approver_source``: who approves now, by the order of ``contracts.leadership``
- accounts: ``authenticate(CredentialsSchema, client_address)`` -> AccountSessionSchema
  (Unauthorized; TooManyRequests while throttled), ``resolve_session(SessionQuerySchema)`` ->
  AccountSessionSchema, ``sign_out()``, ``change_password(PasswordChangeSchema)``,
  ``request_password_reset``, ``reset_password``
- ``find_role_holders(RoleHolderQuerySchema)`` -> PersonPageSchema: who holds ``role`` now (a
  school role, optionally at ``school_urn``; or ``chair``/``secretary``/``member`` of ``group_id``)
- offers, support requests, brokerage cases and the ledger: see the schemas below.

Every method takes ``caller=`` last (``contracts.caller``: the signed-in person, a service's own
caller, or None): the directory decides from it who may do what (``directory.permissions``).
"""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.caller import ROLES  # noqa: F401 - the role identifiers, here too (d.ROLES)
from contracts.choices import Choice
from contracts.common import PageQuerySchema, QuerySchema, StrictSchema, page_of
from contracts.envelope import EnvelopeSchema
from contracts.leadership import APPROVER_SOURCES, FALLBACK_DESCRIPTION
from contracts.school_year import AcademicYearField

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


def _dates_in_order(data: dict, start: str, end: str) -> None:
    if data.get(start) and data.get(end) and data[end] < data[start]:
        raise ValidationError(f"Must not be before {start}.", end)


# ----- schools -----


class ReportCardSchema(StrictSchema):
    """Ofsted report card (since November 2025): a grade per area and safeguarding met or not."""

    inspected_on = fields.Date(load_default=None, allow_none=True)
    grades = fields.Dict(
        keys=Choice(REPORT_CARD_AREAS),
        values=Choice(REPORT_CARD_GRADES),
        load_default=dict,
        validate=validate.Length(max=len(REPORT_CARD_AREAS)),
        metadata={
            "description": "A grade per area; the areas: " + ", ".join(REPORT_CARD_AREAS),
            "x-enum-keys": list(REPORT_CARD_AREAS),
        },
    )
    safeguarding = Choice(SAFEGUARDING, load_default=None, allow_none=True)


class SchoolSchema(Schema):
    urn = fields.Integer(required=True, strict=True)
    name = fields.String(required=True)
    phase = fields.String(required=True)
    type = fields.String(required=True)
    type_group = fields.String(load_default="")
    la_code = fields.String(load_default="")
    la_name = fields.String(load_default="")
    status = fields.String(load_default="Open")
    postcode = fields.String(load_default="")
    cluster = fields.String(load_default=None, allow_none=True)
    open_date = fields.Date(allow_none=True)
    close_date = fields.Date(allow_none=True)
    predecessor_urns = fields.List(fields.Integer(), dump_default=list)
    successor_urn = fields.Integer(allow_none=True)
    ofsted_rating = fields.String(allow_none=True)
    ofsted_last_inspection = fields.Date(allow_none=True)
    report_card = fields.Nested(ReportCardSchema, allow_none=True)
    moderation_selected_years = fields.List(fields.String(), dump_default=list)
    # the coordinator's notes: only the partnership roles see them (null for everyone else)
    notes = fields.String(allow_none=True)
    # the one person who approves the school's bookings (null: none designated)
    approver_person_id = fields.String(allow_none=True)
    # get_school only: who approves now, by the fallback order of contracts.leadership
    # (designated > headteacher > deputy_head > business_manager > school_admin > coordinator)
    approver_id = fields.String(
        allow_none=True, metadata={"description": "Who approves now: " + FALLBACK_DESCRIPTION}
    )
    approver_source = fields.String(
        allow_none=True,
        metadata={"description": "Why: one of " + ", ".join((*APPROVER_SOURCES, "coordinator"))},
    )


class SchoolQuerySchema(PageQuerySchema):
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    phase = Choice(PHASES, load_default=None)
    type = fields.String(load_default=None, validate=validate.Length(max=100))
    type_group = fields.String(load_default=None, validate=validate.Length(max=100))
    cluster = fields.String(load_default=None, validate=validate.Length(max=60))
    status = fields.String(load_default=None, validate=validate.Length(max=60))
    moderation_year = AcademicYearField(load_default=None)
    # only these schools (a page naming schools fetches their names in one call, not one a row)
    urns = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=999_999_999)),
        load_default=None,
        validate=validate.Length(min=1, max=200),
    )


SchoolPageSchema = page_of(SchoolSchema)


class SchoolCreateSchema(StrictSchema):
    """A school entered by hand (one GIAS does not list yet); a later import updates it."""

    urn = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=100000, max=9999999)
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    phase = Choice(PHASES, required=True)
    type = fields.String(required=True, validate=validate.Length(min=1, max=100))
    type_group = fields.String(load_default="", validate=validate.Length(max=100))
    la_code = fields.String(load_default="", validate=validate.Length(max=10))
    la_name = fields.String(load_default="", validate=validate.Length(max=100))
    postcode = fields.String(load_default="", validate=validate.Length(max=10))
    cluster = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60))


class SchoolUpdateSchema(StrictSchema):
    """Local data the partnership keeps about a school (coordinator); GIAS never overwrites it."""

    cluster = fields.String(allow_none=True, validate=validate.Length(min=1, max=60))
    notes = fields.String(validate=validate.Length(max=5000))


class OfstedUpdateSchema(StrictSchema):
    """Ofsted grades (LA officer): the legacy overall grade and/or a report card."""

    ofsted_rating = Choice(LEGACY_GRADES, allow_none=True)
    ofsted_last_inspection = fields.Date(allow_none=True)
    report_card = fields.Nested(ReportCardSchema, allow_none=True)


class ModerationSelectionSchema(StrictSchema):
    """Select (or deselect) schools for statutory moderation in an academic year (LA officer)."""

    academic_year = AcademicYearField(required=True)
    urns = fields.List(
        fields.Integer(strict=True), required=True, validate=validate.Length(max=500)
    )
    selected = fields.Boolean(load_default=True)


class ApproverSchema(StrictSchema):
    """The school's designated approver of bookings: a person of that school holding
    headteacher, deputy_head or business_manager; null clears the designation."""

    person_id = fields.String(required=True, allow_none=True, validate=validate.Length(max=64))


class ClusterSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    school_count = fields.Integer()


ClusterPageSchema = page_of(ClusterSchema)


class ClusterSchoolSchema(Schema):
    """A member school as its cluster's page lists it: GIAS facts and Ofsted grades."""

    urn = fields.Integer(required=True, strict=True)
    name = fields.String(required=True)
    phase = fields.String(required=True)
    type = fields.String(required=True)
    status = fields.String(load_default="Open")
    ofsted_rating = fields.String(allow_none=True)
    ofsted_last_inspection = fields.Date(allow_none=True)
    report_card = fields.Nested(ReportCardSchema, allow_none=True)


class ClusterDetailSchema(ClusterSchema):
    """A cluster with its member schools by name (open schools first, then closed ones)."""

    schools = fields.List(fields.Nested(ClusterSchoolSchema), required=True)


class ImportReportSchema(Schema):
    imported = fields.Integer(required=True)
    created = fields.Integer(required=True)
    closed = fields.Integer(required=True)
    converted = fields.Integer(required=True)
    bad_rows = fields.List(fields.Dict(), required=True)


# ----- people -----


class PersonCreateSchema(StrictSchema):
    email = fields.Email(required=True, validate=validate.Length(max=320))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    school_urn = fields.Integer(load_default=None, allow_none=True, strict=True)
    roles = fields.List(
        Choice(ROLES),
        load_default=list,
        validate=validate.Length(max=len(ROLES)),
    )
    password = fields.String(load_default=None, validate=validate.Length(min=8, max=200))
    job_title = fields.String(load_default="", validate=validate.Length(max=200))
    year_groups = fields.List(
        Choice(YEAR_GROUPS),
        load_default=list,
        validate=validate.Length(max=len(YEAR_GROUPS)),
    )
    subjects = fields.List(
        fields.String(validate=validate.Length(min=1, max=80)),
        load_default=list,
        validate=validate.Length(max=30),
    )


class PersonSchema(Schema):
    id = fields.String(required=True)
    # contact details only for the person's own school, themselves and the partnership roles
    email = fields.String(allow_none=True)
    name = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    roles = fields.List(fields.String(), required=True)
    job_title = fields.String(dump_default="")
    year_groups = fields.List(fields.String(), dump_default=list)
    subjects = fields.List(fields.String(), dump_default=list)


class PersonUpdateSchema(StrictSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    job_title = fields.String(validate=validate.Length(max=200))
    year_groups = fields.List(
        Choice(YEAR_GROUPS),
        validate=validate.Length(max=len(YEAR_GROUPS)),
    )
    subjects = fields.List(
        fields.String(validate=validate.Length(min=1, max=80)), validate=validate.Length(max=30)
    )
    # moving to another school (the coordinator or the LA officer): ends their sessions
    school_urn = fields.Integer(allow_none=True, strict=True)


class RoleAssignmentSchema(StrictSchema):
    role = Choice(ROLES, required=True)
    assigned = fields.Boolean(load_default=True)


class PersonQuerySchema(PageQuerySchema):
    school_urn = fields.Integer(load_default=None)
    role = Choice(ROLES, load_default=None)
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    cluster = fields.String(load_default=None, validate=validate.Length(max=60))
    phase = Choice(PHASES, load_default=None)
    type = fields.String(load_default=None, validate=validate.Length(max=100))
    subject = fields.String(load_default=None, validate=validate.Length(max=80))
    year_group = Choice(YEAR_GROUPS, load_default=None)
    # only these people (a page naming people fetches their names in one call, not one a row)
    ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        load_default=None,
        validate=validate.Length(min=1, max=200),
    )


PersonPageSchema = page_of(PersonSchema)


class RoleHolderQuerySchema(QuerySchema):
    """Who holds ``role`` now: a school role (optionally at ``school_urn``), or ``chair``,
    ``secretary`` or ``member`` of the strategic group ``group_id``."""

    role = Choice((*ROLES, *GROUP_ROLES), required=True)
    school_urn = fields.Integer(load_default=None, allow_none=True)
    group_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))

    @validates_schema
    def group_roles_need_group(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["role"] in GROUP_ROLES and not data.get("group_id"):
            raise ValidationError("Required for a group role.", "group_id")


class CredentialsSchema(StrictSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=320))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class AccountSessionSchema(Schema):
    """Who a sign-in or a token names now: ``token_version`` moves on at every sign-out,
    password change or reset and role change, and a token of an older version is refused."""

    id = fields.String(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    school_urn = fields.Integer(allow_none=True)
    token_version = fields.Integer(required=True)


class CalendarKeySchema(StrictSchema):
    """The key of a person's calendar subscription address (``calendar_owner`` checks it)."""

    person_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    key = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))


class SessionQuerySchema(StrictSchema):
    """A token's person and account version, to resolve into the person as they are now."""

    person_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    token_version = fields.Integer(required=True, strict=True)


class SessionsQuerySchema(StrictSchema):
    """Several tokens' sessions at once (the gateway's concurrent requests travel together)."""

    sessions = fields.List(
        fields.Nested(SessionQuerySchema), required=True, validate=validate.Length(min=1, max=500)
    )


class SessionsResultSchema(Schema):
    """One result per session asked, in order: ``session`` (AccountSessionSchema), or ``error``
    (the error ``resolve_session`` would have raised, in nameko's wire form)."""

    results = fields.List(fields.Dict(), required=True)


class TokenVersionsSchema(Schema):
    """``{person id: token version}`` of every account whose tokens were ever revoked."""

    versions = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class PasswordChangeSchema(StrictSchema):
    """The caller's current password and the new one."""

    current_password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, validate=validate.Length(min=8, max=200))


class PasswordResetRequestSchema(StrictSchema):
    """Ask for a reset code by email (answered the same whether or not the address is known)."""

    email = fields.Email(required=True, validate=validate.Length(max=320))


class PasswordResetSchema(StrictSchema):
    """Set a new password with the code the reset email gave."""

    token = fields.String(required=True, validate=validate.Length(min=16, max=200))
    password = fields.String(required=True, validate=validate.Length(min=8, max=200))


# ----- strategic groups -----


class OfficeTermSchema(Schema):
    office = fields.String()
    person_id = fields.String(required=True)
    name = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(allow_none=True)


class NamedPersonSchema(Schema):
    """A person named beside their id, with their school."""

    person_id = fields.String(required=True)
    person_name = fields.String(allow_none=True)
    school_urn = fields.Integer(allow_none=True)
    school_name = fields.String(allow_none=True)


class GroupSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    phases = fields.List(fields.String(), dump_default=list)
    chair = fields.Nested(OfficeTermSchema, allow_none=True)
    secretary = fields.Nested(OfficeTermSchema, allow_none=True)
    chair_person_id = fields.String(allow_none=True)
    secretary_person_id = fields.String(allow_none=True)
    members = fields.List(fields.String(), required=True)
    # the members by name, with their schools (same order as ``members``)
    member_details = fields.List(fields.Nested(NamedPersonSchema), dump_default=list)
    offices = fields.List(fields.Nested(OfficeTermSchema), dump_default=list)


GroupPageSchema = page_of(GroupSchema)


class OfficeAssignmentSchema(StrictSchema):
    office = Choice(GROUP_OFFICES, required=True)
    person_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def ends_after_start(self, data: dict[str, Any], **kwargs: Any) -> None:
        _dates_in_order(data, "starts_on", "ends_on")


class GroupMembershipSchema(StrictSchema):
    person_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    member = fields.Boolean(load_default=True)


class GroupUpdateSchema(StrictSchema):
    phases = fields.List(Choice(PHASES), validate=validate.Length(max=len(PHASES)))


# ----- school-to-school support -----


class SupportAreaSchema(StrictSchema):
    id = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{1,40}$"))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))


SupportAreaPageSchema = page_of(SupportAreaSchema)


class AccreditationSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    expires_on = fields.Date(load_default=None, allow_none=True)


class EndorsementSchema(StrictSchema):
    by_person_id = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=64)
    )
    by_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    on = fields.Date(load_default=None, allow_none=True)


class EvidenceSchema(StrictSchema):
    """Accreditations (the offer's owner lists them) and endorsements (only the coordinator, the
    LA officer or an endorsing head of the practitioner's school add them)."""

    accreditations = fields.List(
        fields.Nested(AccreditationSchema), load_default=list, validate=validate.Length(max=20)
    )
    endorsements = fields.List(
        fields.Nested(EndorsementSchema), load_default=list, validate=validate.Length(max=20)
    )


class OfferCreateSchema(StrictSchema):
    """An expertise offer by a practitioner (``person_id``) or a whole school (``school_urn``).
    Without ``person_id`` the offer is the caller's own, unless the caller may offer for the whole
    school (its leaders, the partnership roles): then it is the school's."""

    school_urn = fields.Integer(required=True, strict=True)
    person_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    area = fields.String(required=True, validate=validate.Length(min=1, max=41))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    phases = fields.List(
        Choice(PHASES),
        load_default=list,
        validate=validate.Length(max=len(PHASES)),
    )
    academic_year = AcademicYearField(required=True)
    capacity_days = fields.Float(required=True, validate=validate.Range(min=0.5, max=365))
    evidence = fields.Nested(EvidenceSchema, load_default=dict)
    # verification and endorsements: only the coordinator, the LA officer or an endorsing head
    # (the practitioner's headteacher) set them; from anyone else they are refused (403)
    last_verified_on = fields.Date(load_default=None, allow_none=True)
    verification_due_on = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def due_after_verified(self, data: dict[str, Any], **kwargs: Any) -> None:
        _dates_in_order(data, "last_verified_on", "verification_due_on")


class OfferUpdateSchema(StrictSchema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=5000))
    phases = fields.List(Choice(PHASES), validate=validate.Length(max=len(PHASES)))
    capacity_days = fields.Float(validate=validate.Range(min=0, max=365))
    evidence = fields.Nested(EvidenceSchema)


class OfferVerificationSchema(StrictSchema):
    verified_on = fields.Date(required=True)
    verification_due_on = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def due_after_verified(self, data: dict[str, Any], **kwargs: Any) -> None:
        _dates_in_order(data, "verified_on", "verification_due_on")


class OfferSchema(Schema):
    id = fields.String(required=True)
    school_urn = fields.Integer(required=True)
    school_name = fields.String()
    cluster = fields.String(allow_none=True)
    person_id = fields.String(allow_none=True)
    person_name = fields.String(allow_none=True)
    area = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String()
    phases = fields.List(fields.String())
    academic_year = AcademicYearField()
    capacity_days = fields.Float(required=True)
    days_committed = fields.Float(required=True)
    days_remaining = fields.Float(required=True)
    evidence = fields.Nested(EvidenceSchema)
    last_verified_on = fields.Date(allow_none=True)
    verification_due_on = fields.Date(allow_none=True)
    verification_overdue = fields.Boolean()
    status = fields.String()
    score = fields.Float(allow_none=True)
    reasons = fields.List(fields.String())


OfferPageSchema = page_of(OfferSchema)


class OfferQuerySchema(PageQuerySchema):
    area = fields.String(load_default=None, validate=validate.Length(max=41))
    phase = Choice(PHASES, load_default=None)
    cluster = fields.String(load_default=None, validate=validate.Length(max=60))
    near_urn = fields.Integer(load_default=None, allow_none=True)
    min_days = fields.Float(load_default=None, validate=validate.Range(min=0))
    school_urn = fields.Integer(load_default=None, allow_none=True)
    person_id = fields.String(load_default=None, validate=validate.Length(max=64))
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    include_full = fields.Boolean(load_default=False)


class SupportRequestCreateSchema(StrictSchema):
    school_urn = fields.Integer(required=True, strict=True)
    area = fields.String(required=True, validate=validate.Length(min=1, max=41))
    description = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    urgency = Choice(URGENCIES, load_default="medium")
    phase = Choice(PHASES, load_default=None, allow_none=True)
    days_wanted = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=0.5))


class SupportRequestSchema(Schema):
    id = fields.String(required=True)
    school_urn = fields.Integer(required=True)
    school_name = fields.String()
    area = fields.String(required=True)
    description = fields.String()
    urgency = fields.String()
    phase = fields.String(allow_none=True)
    days_wanted = fields.Float(allow_none=True)
    status = fields.String(required=True)
    requested_by = fields.String(allow_none=True)
    created_at = fields.DateTime()
    case_id = fields.String(allow_none=True)


SupportRequestPageSchema = page_of(SupportRequestSchema)


class SupportRequestQuerySchema(PageQuerySchema):
    school_urn = fields.Integer(load_default=None, allow_none=True)
    status = Choice(REQUEST_STATUSES, load_default=None)
    area = fields.String(load_default=None, validate=validate.Length(max=41))


class BrokerageCreateSchema(StrictSchema):
    request_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    offer_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    scope = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    days = fields.Float(required=True, validate=validate.Range(min=0.5, max=365))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    funding = Choice(FUNDING, load_default="free")
    cost_pence = fields.Integer(load_default=0, strict=True, validate=validate.Range(min=0))
    credit_days = fields.Float(load_default=0, validate=validate.Range(min=0))
    review_dates = fields.List(fields.Date(), load_default=list, validate=validate.Length(max=20))

    @validates_schema
    def dates_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        _dates_in_order(data, "starts_on", "ends_on")
        if any(d < data["starts_on"] for d in data.get("review_dates") or []):
            raise ValidationError("Reviews must not be before starts_on.", "review_dates")


class ConsentSchema(StrictSchema):
    given = fields.Boolean(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class ReviewSchema(StrictSchema):
    on = fields.Date(required=True)
    notes = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    next_review_on = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def next_after(self, data: dict[str, Any], **kwargs: Any) -> None:
        _dates_in_order(data, "on", "next_review_on")


class CaseCancelSchema(StrictSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CaseCloseSchema(StrictSchema):
    impact = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    days_delivered = fields.Float(
        load_default=None, allow_none=True, validate=validate.Range(min=0)
    )


class ReviewRecordSchema(Schema):
    on = fields.Date()
    notes = fields.String()
    by = fields.String(allow_none=True)


class ConsentRecordSchema(Schema):
    status = fields.String()  # pending | given | refused
    by = fields.String(allow_none=True)
    on = fields.Date(allow_none=True)
    note = fields.String()


class BrokerageCaseSchema(Schema):
    id = fields.String(required=True)
    request_id = fields.String(required=True)
    offer_id = fields.String(required=True)
    area = fields.String()
    provider_urn = fields.Integer(required=True)
    provider_name = fields.String()
    receiver_urn = fields.Integer(required=True)
    receiver_name = fields.String()
    practitioner_person_id = fields.String(allow_none=True)
    scope = fields.String()
    days = fields.Float(required=True)
    days_delivered = fields.Float(allow_none=True)
    academic_year = AcademicYearField()
    starts_on = fields.Date()
    ends_on = fields.Date()
    funding = fields.String()
    cost_pence = fields.Integer()
    credit_days = fields.Float()
    review_dates = fields.List(fields.Date())
    reviews = fields.List(fields.Nested(ReviewRecordSchema))
    consent = fields.Nested(ConsentRecordSchema, allow_none=True)
    impact = fields.String(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    status = fields.String(required=True)
    brokered_by = fields.String(allow_none=True)
    created_at = fields.DateTime()


BrokerageCasePageSchema = page_of(BrokerageCaseSchema)


class CaseQuerySchema(PageQuerySchema):
    school_urn = fields.Integer(load_default=None, allow_none=True)
    status = Choice(CASE_STATUSES, load_default=None)


class LedgerQuerySchema(QuerySchema):
    academic_year = AcademicYearField(load_default=None)


class LedgerEntrySchema(Schema):
    case_id = fields.String()
    direction = fields.String()  # "given" | "received"
    counterpart_urn = fields.Integer()
    counterpart_name = fields.String()
    area = fields.String()
    days = fields.Float()
    academic_year = AcademicYearField()
    status = fields.String()


class LedgerSchema(Schema):
    urn = fields.Integer(required=True)
    academic_year = AcademicYearField(allow_none=True)
    days_given = fields.Float(required=True)
    days_received = fields.Float(required=True)
    balance = fields.Float(required=True)
    entries = fields.List(fields.Nested(LedgerEntrySchema), required=True)


# ----- events (payload fields beside the envelope) -----


class SchoolImportedSchema(EnvelopeSchema):
    urn = fields.Integer(required=True)
    name = fields.String(required=True)
    created = fields.Boolean(required=True)
    status = fields.String(load_default="Open")


class SchoolClosedSchema(EnvelopeSchema):
    urn = fields.Integer(required=True)
    name = fields.String(required=True)
    close_date = fields.Date(allow_none=True)
    successor_urn = fields.Integer(allow_none=True)


class SchoolConvertedSchema(EnvelopeSchema):
    """A school reopened under a new URN (e.g. as an academy): ``urn`` is the new one."""

    urn = fields.Integer(required=True)
    name = fields.String(required=True)
    predecessor_urn = fields.Integer(required=True)
    predecessor_name = fields.String(allow_none=True)


class SchoolUpdatedSchema(EnvelopeSchema):
    urn = fields.Integer(required=True)
    name = fields.String(required=True)
    cluster = fields.String(allow_none=True)
    changed = fields.List(fields.String(), required=True)


class OfstedGradesUpdatedSchema(EnvelopeSchema):
    urn = fields.Integer(required=True)
    name = fields.String(required=True)
    ofsted_rating = fields.String(allow_none=True)
    report_card = fields.Dict(allow_none=True)
    updated_by = fields.String(allow_none=True)


class ModerationSelectionChangedSchema(EnvelopeSchema):
    urn = fields.Integer(required=True)
    name = fields.String(required=True)
    academic_year = AcademicYearField(required=True)
    selected = fields.Boolean(required=True)


class PersonRegisteredSchema(EnvelopeSchema):
    person_id = fields.String(required=True)
    email = fields.Email(required=True)
    name = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    roles = fields.List(fields.String(), required=True)


class PersonUpdatedSchema(EnvelopeSchema):
    person_id = fields.String(required=True)
    name = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    changed = fields.List(fields.String(), required=True)


class SessionsRevokedSchema(EnvelopeSchema):
    """``sessions_revoked``: every token the person holds has ended (a sign-out, a password
    change or reset, a role or school change). Gateways forget what they know of the person's
    sessions and ask the directory again. Carries no secret."""

    person_id = fields.String(required=True)


class RoleAssignedSchema(EnvelopeSchema):
    """``role_assigned`` / ``role_removed``: ``roles`` is the person's roles afterwards."""

    person_id = fields.String(required=True)
    email = fields.Email(required=True)
    name = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    school_name = fields.String(allow_none=True)
    role = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)


class GroupOfficeAssignedSchema(EnvelopeSchema):
    group_id = fields.String(required=True)
    group_name = fields.String(required=True)
    office = fields.String(required=True)
    person_id = fields.String(required=True)
    person_name = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(allow_none=True)
    previous_person_id = fields.String(allow_none=True)


class GroupMembershipChangedSchema(EnvelopeSchema):
    """``group_member_added`` / ``group_member_removed``."""

    group_id = fields.String(required=True)
    group_name = fields.String(required=True)
    person_id = fields.String(required=True)
    person_name = fields.String(required=True)


class SupportAreaAddedSchema(EnvelopeSchema):
    area = fields.String(required=True)
    name = fields.String(required=True)


class OfferEventSchema(EnvelopeSchema):
    """``offer_published`` / ``offer_updated`` / ``offer_verified`` / ``offer_withdrawn`` /
    ``offer_verification_due`` (the owner is reminded: ``owner_person_id``; for a whole-school
    offer, the school's head(s) in ``owner_person_ids``)."""

    offer_id = fields.String(required=True)
    title = fields.String(required=True)
    area = fields.String(required=True)
    school_urn = fields.Integer(required=True)
    school_name = fields.String(allow_none=True)
    owner_person_id = fields.String(allow_none=True)
    owner_person_ids = fields.List(fields.String(), dump_default=list)
    owner_name = fields.String(allow_none=True)
    capacity_days = fields.Float(allow_none=True)
    days_remaining = fields.Float(allow_none=True)
    last_verified_on = fields.Date(allow_none=True)
    verification_due_on = fields.Date(allow_none=True)


class SupportRequestedSchema(EnvelopeSchema):
    request_id = fields.String(required=True)
    school_urn = fields.Integer(required=True)
    school_name = fields.String(required=True)
    area = fields.String(required=True)
    area_name = fields.String(allow_none=True)
    urgency = fields.String(required=True)
    title = fields.String(required=True)
    requested_by = fields.String(allow_none=True)
    requested_by_name = fields.String(allow_none=True)


class BrokerageEventSchema(EnvelopeSchema):
    """``support_brokered`` / ``brokerage_consent_given`` / ``brokerage_declined`` /
    ``brokerage_review_recorded`` / ``brokerage_closed`` / ``brokerage_cancelled``.
    ``provider_head_ids`` are the sending school's heads (asked for consent),
    ``receiver_head_ids`` the receiving school's."""

    case_id = fields.String(required=True)
    request_id = fields.String(required=True)
    offer_id = fields.String(required=True)
    title = fields.String(required=True)
    area = fields.String(required=True)
    days = fields.Float(required=True)
    status = fields.String(required=True)
    provider_urn = fields.Integer(required=True)
    provider_name = fields.String(required=True)
    receiver_urn = fields.Integer(required=True)
    receiver_name = fields.String(required=True)
    practitioner_person_id = fields.String(allow_none=True)
    provider_head_ids = fields.List(fields.String(), dump_default=list)
    receiver_head_ids = fields.List(fields.String(), dump_default=list)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    next_review_on = fields.Date(allow_none=True)


EVENTS = {
    SCHOOL_IMPORTED: SchoolImportedSchema,
    SCHOOL_ADDED: SchoolImportedSchema,
    SCHOOL_CLOSED: SchoolClosedSchema,
    SCHOOL_CONVERTED: SchoolConvertedSchema,
    SCHOOL_UPDATED: SchoolUpdatedSchema,
    OFSTED_GRADES_UPDATED: OfstedGradesUpdatedSchema,
    MODERATION_SELECTION_CHANGED: ModerationSelectionChangedSchema,
    PERSON_REGISTERED: PersonRegisteredSchema,
    PERSON_UPDATED: PersonUpdatedSchema,
    SESSIONS_REVOKED: SessionsRevokedSchema,
    ROLE_ASSIGNED: RoleAssignedSchema,
    ROLE_REMOVED: RoleAssignedSchema,
    GROUP_OFFICE_ASSIGNED: GroupOfficeAssignedSchema,
    GROUP_MEMBER_ADDED: GroupMembershipChangedSchema,
    GROUP_MEMBER_REMOVED: GroupMembershipChangedSchema,
    SUPPORT_AREA_ADDED: SupportAreaAddedSchema,
    OFFER_PUBLISHED: OfferEventSchema,
    OFFER_UPDATED: OfferEventSchema,
    OFFER_VERIFIED: OfferEventSchema,
    OFFER_VERIFICATION_DUE: OfferEventSchema,
    OFFER_WITHDRAWN: OfferEventSchema,
    SUPPORT_REQUESTED: SupportRequestedSchema,
    SUPPORT_BROKERED: BrokerageEventSchema,
    BROKERAGE_CONSENT_GIVEN: BrokerageEventSchema,
    BROKERAGE_DECLINED: BrokerageEventSchema,
    BROKERAGE_REVIEW_RECORDED: BrokerageEventSchema,
    BROKERAGE_CLOSED: BrokerageEventSchema,
    BROKERAGE_CANCELLED: BrokerageEventSchema,
}
