"""People, their roles and who holds a role; accounts: sign-in, sessions and token versions,
calendar keys, password change and reset."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.caller import ROLES
from contracts.choices import Choice
from contracts.common import PageQuerySchema, QuerySchema, StrictSchema, page_of
from contracts.directory.names import GROUP_ROLES, PHASES, YEAR_GROUPS


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


class AccountStatusSchema(Schema):
    """What ``sign_out``, ``change_password`` and ``request_password_reset`` answer: the one
    word of what happened (``request_password_reset`` answers the same whether or not anyone
    has the address)."""

    status = fields.String(
        required=True, validate=validate.OneOf(("signed_out", "changed", "requested"))
    )


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
