"""Directory service contracts: schools, people and accounts (RPC payloads and ``directory.*``
events)."""

from marshmallow import Schema, fields, validate

from contracts.common import PageQuerySchema, StrictSchema, page_of
from contracts.envelope import EnvelopeSchema

SERVICE = "directory"

ROLES = (
    "headteacher",
    "deputy_head",
    "assistant_head",
    "senco",
    "business_manager",
    "school_admin",
    "teacher",
    "support_staff",
    "coordinator",
    "la_officer",
)
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

# Event names (routing keys on ``directory.events``).
SCHOOL_IMPORTED = "school_imported"
PERSON_REGISTERED = "person_registered"


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


class SchoolQuerySchema(PageQuerySchema):
    q = fields.String(load_default=None, validate=validate.Length(max=100))
    phase = fields.String(load_default=None)
    cluster = fields.String(load_default=None)


SchoolPageSchema = page_of(SchoolSchema)


class PersonCreateSchema(StrictSchema):
    email = fields.Email(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    school_urn = fields.Integer(load_default=None, allow_none=True, strict=True)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), load_default=list)
    password = fields.String(load_default=None, validate=validate.Length(min=8, max=200))


class PersonSchema(Schema):
    id = fields.String(required=True)
    email = fields.Email(required=True)
    name = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    roles = fields.List(fields.String(), required=True)


class PersonQuerySchema(PageQuerySchema):
    school_urn = fields.Integer(load_default=None)
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
    q = fields.String(load_default=None, validate=validate.Length(max=100))


PersonPageSchema = page_of(PersonSchema)


class CredentialsSchema(StrictSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=320))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class SchoolImportedSchema(EnvelopeSchema):
    urn = fields.Integer(required=True)
    name = fields.String(required=True)
    created = fields.Boolean(required=True)


class PersonRegisteredSchema(EnvelopeSchema):
    person_id = fields.String(required=True)
    email = fields.Email(required=True)
    name = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    roles = fields.List(fields.String(), required=True)


EVENTS = {SCHOOL_IMPORTED: SchoolImportedSchema, PERSON_REGISTERED: PersonRegisteredSchema}
