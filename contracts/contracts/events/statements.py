"""Termly statements: what a school owes for its places, and what every school owes."""

from marshmallow import Schema, fields

from contracts.common import QuerySchema
from contracts.school_year import AcademicYearField, TermField


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
