"""Gateway-only HTTP shapes (token responses, the caller); everything else comes from contracts."""

from marshmallow import Schema, fields, validate


class TokenSchema(Schema):
    access_token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_in = fields.Integer(required=True)


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class StatusSchema(Schema):
    status = fields.String(required=True)


class PasswordChangeSchema(Schema):
    """The caller's current password and the new one (the directory checks both again)."""

    current_password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, validate=validate.Length(min=8, max=200))
