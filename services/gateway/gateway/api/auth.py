"""POST /auth/token and GET /me."""

from flask_smorest import Blueprint

from contracts import directory as d
from gateway.api.schemas import TokenSchema
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


@blp.route("/me", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def me():
    """The caller: id, email, name, roles, school_urn."""
    return call(d.SERVICE, "get_person", caller().id)
