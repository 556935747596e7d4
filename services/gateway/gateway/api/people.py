"""People, their roles and accounts: POST/GET /people, GET/PATCH /people/{id}, roles, and who holds
a role now."""

from flask_smorest import Blueprint

from contracts import directory as d
from contracts.errors import Forbidden
from gateway.auth import caller, login_required
from gateway.rpc import call

blp = Blueprint("people", __name__, description="People, roles and accounts")

PARTNERSHIP_ROLES = {"coordinator", "la_officer"}


def _may_manage(school_urn) -> bool:
    me = caller()
    own_school = me.has_role("school_admin") and school_urn == me.school_urn
    return me.has_role("coordinator") or own_school


@blp.route("/people", methods=["POST"])
@login_required
@blp.arguments(d.PersonCreateSchema)
@blp.alt_response(201, schema=d.PersonSchema, success=True)
def create_person(data):
    """Register a person (coordinator; a school administrator for their own school). 409 on
    email."""
    me = caller()
    if not _may_manage(data.get("school_urn")):
        raise Forbidden(
            "Only the coordinator, or a school administrator for their own school, may add people."
        )
    if not me.has_role("coordinator") and PARTNERSHIP_ROLES & set(data["roles"]):
        raise Forbidden("Only the coordinator may grant partnership-wide roles.")
    return call(d.SERVICE, "register_person", d.PersonCreateSchema().dump(data)), 201


@blp.route("/people", methods=["GET"])
@login_required
@blp.arguments(d.PersonQuerySchema, location="query")
@blp.alt_response(200, schema=d.PersonPageSchema, success=True)
def list_people(query):
    """Search people by name (q), school, role, their school's cluster, phase and type, subject
    and year group."""
    return call(d.SERVICE, "list_people", d.PersonQuerySchema().dump(query))


@blp.route("/people/<person_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def get_person(person_id):
    """One person with roles, year groups and subjects. 404."""
    return call(d.SERVICE, "get_person", person_id)


@blp.route("/people/<person_id>", methods=["PATCH"])
@login_required
@blp.arguments(d.PersonUpdateSchema)
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def update_person(data, person_id):
    """Change name, job title, year groups, subjects (the person, their school administrator, the
    coordinator). 404, 422."""
    if person_id != caller().id:
        person = call(d.SERVICE, "get_person", person_id)
        if not _may_manage(person["school_urn"]):
            raise Forbidden("You may change only yourself or your own school's staff.")
    return call(d.SERVICE, "update_person", person_id, d.PersonUpdateSchema().dump(data))


@blp.route("/people/<person_id>/roles", methods=["POST"])
@login_required
@blp.arguments(d.RoleAssignmentSchema)
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def assign_role(data, person_id):
    """Grant a role, or remove it with ``assigned: false`` (coordinator; a school administrator
    for school roles of their own staff). 404, 422."""
    person = call(d.SERVICE, "get_person", person_id)
    if not _may_manage(person["school_urn"]):
        raise Forbidden("Only the coordinator or the school's administrator assigns roles.")
    if data["role"] in PARTNERSHIP_ROLES and not caller().has_role("coordinator"):
        raise Forbidden("Only the coordinator may grant partnership-wide roles.")
    return call(d.SERVICE, "assign_role", person_id, d.RoleAssignmentSchema().dump(data))


@blp.route("/role-holders", methods=["GET"])
@login_required
@blp.arguments(d.RoleHolderQuerySchema, location="query")
@blp.alt_response(200, schema=d.PersonPageSchema, success=True)
def role_holders(query):
    """Who holds a role now: ``role=senco&school_urn=..`` or ``role=chair&group_id=inclusion``."""
    return call(d.SERVICE, "find_role_holders", d.RoleHolderQuerySchema().dump(query))
