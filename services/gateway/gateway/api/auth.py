"""POST /auth/token, sign-out, password changes and resets, and GET /me.

The directory owns accounts and decides: it checks the password, counts failed sign-ins per
account and per client address (429 with ``Retry-After`` when throttled) and moves an
account's token version on at every sign-out, password change or reset, and role change, so
older tokens stop working at once.
"""

from flask import request

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from gateway.api.blueprint import Blueprint
from gateway.api.schemas import PasswordChangeSchema, StatusSchema, TokenSchema
from gateway.auth import caller, forget, issue_token, login_required
from gateway.rpc import call

blp = Blueprint("auth", __name__, description="Tokens and the caller")


def client_address() -> str:
    """The address sign-in attempts are counted under (the peer the gateway sees)."""
    return request.remote_addr or "unknown"


@blp.route("/auth/token", methods=["POST"])
@blp.arguments(d.CredentialsSchema)
@blp.alt_response(200, schema=TokenSchema, success=True)
@blp.alt_response(401, description="Email or password is wrong")
@blp.alt_response(429, description="Too many failed attempts: wait Retry-After seconds")
def token(credentials):
    """Exchange email and password for a bearer token."""
    session = call(DirectoryClient.authenticate, credentials, client_address())
    access_token, ttl = issue_token(session)
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": ttl}


@blp.route("/auth/sign-out", methods=["POST"])
@login_required
@blp.alt_response(200, schema=StatusSchema, success=True)
def sign_out():
    """End every session of the caller: all their tokens stop working at once."""
    result = call(DirectoryClient.sign_out)
    forget(caller().id)
    return result


@blp.route("/me/password", methods=["POST"])
@login_required
@blp.arguments(PasswordChangeSchema)
@blp.alt_response(200, schema=StatusSchema, success=True)
@blp.alt_response(422, description="The current password is wrong, or the new one too short")
def change_password(data):
    """Change the caller's password; every token issued before stops working."""
    result = call(DirectoryClient.change_password, data)
    forget(caller().id)
    return result


@blp.route("/auth/password-reset", methods=["POST"])
@blp.arguments(d.PasswordResetRequestSchema)
@blp.alt_response(202, schema=StatusSchema, success=True)
def request_password_reset(data):
    """Email a one-time reset code (valid for an hour) to this address, if someone has it. The
    answer is the same either way, so it does not tell who has an account."""
    return call(
        DirectoryClient.request_password_reset, d.PasswordResetRequestSchema().dump(data)
    ), 202


@blp.route("/auth/password-reset/confirm", methods=["POST"])
@blp.arguments(d.PasswordResetSchema)
@blp.alt_response(200, schema=StatusSchema, success=True)
@blp.alt_response(
    422, description="The code is unknown, used or expired, or the password too short"
)
def reset_password(data):
    """Set a new password with the emailed code; the code is then spent and every token issued
    before stops working."""
    call(DirectoryClient.reset_password, d.PasswordResetSchema().dump(data))
    return {"status": "changed"}


@blp.route("/me", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def me():
    """The caller: id, email, name, roles, school_urn."""
    return call(DirectoryClient.get_person, caller().id)
