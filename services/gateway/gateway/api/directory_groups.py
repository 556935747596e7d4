"""Strategic groups: members, chair and secretary terms, phase associations."""

from flask_smorest import Blueprint

from contracts import directory as d
from contracts.errors import Forbidden
from gateway.auth import caller, login_required, require_role
from gateway.rpc import call

blp = Blueprint("groups", __name__, description="Strategic groups and their officers")


@blp.route("/groups", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.GroupPageSchema, success=True)
def list_groups():
    """Every strategic group with its current chair and secretary."""
    return call(d.SERVICE, "list_groups")


@blp.route("/groups/<group_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.GroupSchema, success=True)
def get_group(group_id):
    """One group: members, current officers and every term of office. 404."""
    return call(d.SERVICE, "get_group", group_id)


@blp.route("/groups/<group_id>", methods=["PATCH"])
@login_required
@blp.arguments(d.GroupUpdateSchema)
@blp.alt_response(200, schema=d.GroupSchema, success=True)
def update_group(data, group_id):
    """Set the group's phase associations (coordinator). 404, 422."""
    require_role("coordinator")
    return call(d.SERVICE, "update_group", group_id, d.GroupUpdateSchema().dump(data))


@blp.route("/groups/<group_id>/offices", methods=["POST"])
@login_required
@blp.arguments(d.OfficeAssignmentSchema)
@blp.alt_response(200, schema=d.GroupSchema, success=True)
def assign_office(data, group_id):
    """Appoint a chair or secretary for a term (coordinator); the holder of a running term hands
    over the day before. 404, 422 (ends_on before starts_on)."""
    require_role("coordinator")
    return call(d.SERVICE, "assign_group_office", group_id, d.OfficeAssignmentSchema().dump(data))


@blp.route("/groups/<group_id>/members", methods=["POST"])
@login_required
@blp.arguments(d.GroupMembershipSchema)
@blp.alt_response(200, schema=d.GroupSchema, success=True)
def set_membership(data, group_id):
    """Add a member, or remove with ``member: false`` (coordinator, the group's chair or
    secretary). 404."""
    me = caller()
    if not me.has_role("coordinator"):
        group = call(d.SERVICE, "get_group", group_id)
        if me.id not in (group["chair_person_id"], group["secretary_person_id"]):
            raise Forbidden("Only the coordinator or the group's officers change its members.")
    return call(d.SERVICE, "set_group_membership", group_id, d.GroupMembershipSchema().dump(data))
