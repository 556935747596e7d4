"""The directory's domain events: each payload's fields beside the envelope, and ``EVENTS`` (event
name -> payload schema)."""

from marshmallow import fields

from contracts import privacy
from contracts.directory.names import (
    BROKERAGE_CANCELLED,
    BROKERAGE_CLOSED,
    BROKERAGE_CONSENT_GIVEN,
    BROKERAGE_DECLINED,
    BROKERAGE_REVIEW_RECORDED,
    GROUP_MEMBER_ADDED,
    GROUP_MEMBER_REMOVED,
    GROUP_OFFICE_ASSIGNED,
    MODERATION_SELECTION_CHANGED,
    OFFER_PUBLISHED,
    OFFER_UPDATED,
    OFFER_VERIFICATION_DUE,
    OFFER_VERIFIED,
    OFFER_WITHDRAWN,
    OFSTED_GRADES_UPDATED,
    PERSON_REGISTERED,
    PERSON_UPDATED,
    ROLE_ASSIGNED,
    ROLE_REMOVED,
    SCHOOL_ADDED,
    SCHOOL_CLOSED,
    SCHOOL_CONVERTED,
    SCHOOL_IMPORTED,
    SCHOOL_UPDATED,
    SESSIONS_REVOKED,
    SUPPORT_AREA_ADDED,
    SUPPORT_BROKERED,
    SUPPORT_REQUESTED,
)
from contracts.envelope import EnvelopeSchema
from contracts.school_year import AcademicYearField


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
EVENTS.update(privacy.EVENTS_OF_DIRECTORY)  # person_erased (contracts.privacy)
