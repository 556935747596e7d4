"""School-to-school support offers: the support areas, the evidence behind an offer (accreditations,
endorsements), offers, their verification and the offer search."""

from typing import Any

from marshmallow import Schema, fields, validate, validates_schema

from contracts.choices import Choice
from contracts.common import PageQuerySchema, StrictSchema, page_of
from contracts.directory.checks import _dates_in_order
from contracts.directory.names import PHASES
from contracts.school_year import AcademicYearField


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


class VerificationRemindersSchema(Schema):
    """What ``remind_verification_due`` answers: the ids of the offers whose owners it reminded
    (``offer_verification_due``), none twice for one due date."""

    reminded = fields.List(fields.String(), required=True)


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
