"""Strategic groups: their offices (chair, secretary) and terms, members and phases."""

from typing import Any

from marshmallow import Schema, fields, validate, validates_schema

from contracts.choices import Choice
from contracts.common import StrictSchema, page_of
from contracts.directory.checks import _dates_in_order
from contracts.directory.names import GROUP_OFFICES, PHASES


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
