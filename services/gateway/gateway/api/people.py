"""People, their roles and accounts: POST/GET /people, GET/PATCH /people/{id}, roles, and who holds
a role now. The directory decides who may do what (directory.permissions); the gateway only
passes the caller along."""

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("people", __name__, description="People, roles and accounts")


@blp.route("/people", methods=["POST"])
@login_required
@blp.arguments(d.PersonCreateSchema)
@blp.alt_response(201, schema=d.PersonSchema, success=True)
def create_person(data):
    """Register a person (the coordinator or LA officer with any roles; a school's administrator
    or headteacher for their own school, with the roles schools manage). 403, 409 on email."""
    return call(DirectoryClient.register_person, d.PersonCreateSchema().dump(data)), 201


@blp.route("/people", methods=["GET"])
@login_required
@blp.arguments(d.PersonQuerySchema, location="query")
@blp.alt_response(200, schema=d.PersonPageSchema, success=True)
def list_people(query):
    """Search people by name (q), school, role, their school's cluster, phase and type, subject
    and year group. Emails only of one's own school's people (all for the partnership roles)."""
    return call(DirectoryClient.list_people, d.PersonQuerySchema().dump(query))


@blp.route("/people/<person_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def get_person(person_id):
    """One person with roles, year groups and subjects (email as in the listing). 404."""
    return call(DirectoryClient.get_person, person_id)


@blp.route("/people/<person_id>", methods=["PATCH"])
@login_required
@blp.arguments(d.PersonUpdateSchema)
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def update_person(data, person_id):
    """Change name, job title, year groups, subjects (the person, their school's administrator or
    head, the partnership roles); the school (the partnership roles). 403, 404, 422."""
    return call(DirectoryClient.update_person, person_id, d.PersonUpdateSchema().dump(data))


@blp.route("/people/<person_id>/roles", methods=["POST"])
@login_required
@blp.arguments(d.RoleAssignmentSchema)
@blp.alt_response(200, schema=d.PersonSchema, success=True)
def assign_role(data, person_id):
    """Grant a role, or remove it with ``assigned: false``: never one's own; the coordinator or LA
    officer any role; a school's administrator or headteacher the staff roles schools manage, for
    their own school's people. The person's tokens stop working. 403, 404, 422."""
    return call(DirectoryClient.assign_role, person_id, d.RoleAssignmentSchema().dump(data))


@blp.route("/role-holders", methods=["GET"])
@login_required
@blp.arguments(d.RoleHolderQuerySchema, location="query")
@blp.alt_response(200, schema=d.PersonPageSchema, success=True)
def role_holders(query):
    """Who holds a role now: ``role=senco&school_urn=..`` or ``role=chair&group_id=inclusion``."""
    return call(DirectoryClient.find_role_holders, d.RoleHolderQuerySchema().dump(query))
