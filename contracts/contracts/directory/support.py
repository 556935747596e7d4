"""School-to-school support requests, brokerage cases (consent, reviews, closing, cancelling) and
the ledger of days given and received."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.choices import Choice
from contracts.common import PageQuerySchema, QuerySchema, StrictSchema, page_of
from contracts.directory.checks import _dates_in_order
from contracts.directory.names import CASE_STATUSES, FUNDING, PHASES, REQUEST_STATUSES, URGENCIES
from contracts.school_year import AcademicYearField


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
