"""Demand for training: training requests (raised, supported, closed, merged), the annual audit of
need, demand counted by topic, cluster or group, and commissioning a course from requests."""

from marshmallow import Schema, fields, validate

from contracts import directory as directory_contract
from contracts.choices import Choice
from contracts.common import PageQuerySchema, QuerySchema, StrictSchema, page_of
from contracts.events.cpd_events import EventCreateSchema
from contracts.school_year import AcademicYearField

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


class AuditSchema(Schema):
    """A school's audit of need as stored: its priorities trimmed of surrounding spaces."""

    school_urn = fields.Integer(required=True)
    academic_year = AcademicYearField(required=True)
    priorities = fields.List(fields.String(), required=True)


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
