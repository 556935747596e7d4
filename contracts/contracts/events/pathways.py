"""Pathways: a sequence of courses, enrolling on one and a person's progress through it."""

from marshmallow import Schema, fields, validate

from contracts.common import QuerySchema, StrictSchema, page_of


class PathwayCreateSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    course_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(min=1, max=30),
    )
    partners = fields.List(
        fields.String(validate=validate.Length(max=200)),
        load_default=list,
        validate=validate.Length(max=20),
    )


class PathwaySchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String()
    course_ids = fields.List(fields.String(), required=True)
    partners = fields.List(fields.String())


PathwayPageSchema = page_of(PathwaySchema)


class PathwayProgressQuerySchema(QuerySchema):
    """Whose progress: ``person_id`` (default the caller; their school's leaders and the
    coordinator may ask for another's)."""

    person_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64))


class PathwayCourseSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(allow_none=True)
    state = fields.String(
        required=True,
        metadata={"description": "completed, booked (confirmed), waiting or remaining"},
    )


class PathwayProgressSchema(Schema):
    """``booked`` counts confirmed places only; a place waited for, offered or awaiting approval
    is in ``waiting`` (and still in ``remaining``)."""

    pathway_id = fields.String(required=True)
    pathway_title = fields.String()
    person_id = fields.String(required=True)
    person_name = fields.String(allow_none=True)
    completed = fields.List(fields.String(), required=True)
    booked = fields.List(fields.String(), required=True)
    remaining = fields.List(fields.String(), required=True)
    waiting = fields.List(fields.String())
    percent = fields.Integer(required=True)
    courses = fields.List(fields.Nested(PathwayCourseSchema))
