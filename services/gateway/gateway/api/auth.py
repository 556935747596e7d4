"""POST /auth/token, password resets and GET /me."""

from flask_smorest import Blueprint

from contracts import directory as d
from gateway.api.schemas import StatusSchema, TokenSchema
from gateway.auth import caller, issue_token, login_required
from gateway.rpc import call

blp = Blueprint("auth", __name__, description="Tokens and the caller")


@blp.route("/auth/token", methods=["POST"])
@blp.arguments(d.CredentialsSchema)
@blp.alt_response(200, schema=TokenSchema, success=True)
@blp.alt_response(401, description="Email or password is wrong")
def token(credentials):
    """Exchange email and password for a bearer token."""
    person = call(d.SERVICE, "authenticate", credentials)
    access_token, ttl = issue_token(person)
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": ttl}


@blp.route("/auth/password-reset", methods=["POST"])
@blp.arguments(d.PasswordResetRequestSchema)
@blp.alt_response(202, schema=StatusSchema, success=True)
def request_password_reset(data):
    """Email a one-time reset code (valid for an hour) to this address, if someone has it. The
    answer is the same either way, so it does not tell who has an account."""
    return call(d.SERVICE, "request_password_reset", d.PasswordResetRequestSchema().dump(data)), 202


@blp.route("/auth/password-reset/confirm", methods=["POST"])
@blp.arguments(d.PasswordResetSchema)
@blp.alt_response(200, schema=StatusSchema, success=True)
@blp.alt_response(
    422, description="The code is unknown, used or expired, or the password too short"
)
def reset_password(data):
    """Set a new password with the emailed code; the code is then spent."""
    call(d.SERVICE, "reset_password", d.PasswordResetSchema().dump(data))
    return {"status": "changed"}


@blp.route("/me", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def me():
    """The caller: id, email, name, roles, school_urn."""
    return call(d.SERVICE, "get_person", caller().id)
