"""Schools (GIAS facts, Ofsted grades and report cards, moderation, the designated approver),
clusters and the GIAS import report."""

from marshmallow import Schema, fields, validate

from contracts.choices import Choice
from contracts.common import PageQuerySchema, StrictSchema, page_of
from contracts.directory.names import (
    LEGACY_GRADES,
    PHASES,
    REPORT_CARD_AREAS,
    REPORT_CARD_GRADES,
    SAFEGUARDING,
)
from contracts.leadership import APPROVER_SOURCES, FALLBACK_DESCRIPTION
from contracts.school_year import AcademicYearField


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
