"""POST/GET /people: people and their accounts."""

from flask_smorest import Blueprint

from contracts import directory as d
from contracts.errors import Forbidden
from gateway.auth import caller, login_required
from gateway.rpc import call

blp = Blueprint("people", __name__, description="People, roles and accounts")


@blp.route("/people", methods=["POST"])
@login_required
@blp.arguments(d.PersonCreateSchema)
@blp.alt_response(201, schema=d.PersonSchema, success=True)
def create_person(data):
    """Register a person (coordinator; a school administrator for their own school). 409 on
    email."""
    me = caller()
    own_school = me.has_role("school_admin") and data.get("school_urn") == me.school_urn
    if not (me.has_role("coordinator") or own_school):
        raise Forbidden(
            "Only the coordinator, or a school administrator for their own school, may add people."
        )
    if not me.has_role("coordinator") and {"coordinator", "la_officer"} & set(data["roles"]):
        raise Forbidden("Only the coordinator may grant partnership-wide roles.")
    return call(d.SERVICE, "register_person", d.PersonCreateSchema().dump(data)), 201


@blp.route("/people", methods=["GET"])
@login_required
@blp.arguments(d.PersonQuerySchema, location="query")
@blp.alt_response(200, schema=d.PersonPageSchema, success=True)
def list_people(query):
    """List people by school and role."""
    return call(d.SERVICE, "list_people", d.PersonQuerySchema().dump(query))
