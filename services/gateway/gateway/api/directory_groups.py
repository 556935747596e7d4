"""Strategic groups: members, chair and secretary terms, phase associations. The directory
decides who may do what (directory.permissions); the gateway only passes the caller along."""

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("groups", __name__, description="Strategic groups and their officers")


@blp.route("/groups", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.GroupPageSchema, success=True)
def list_groups():
    """Every strategic group with its current chair and secretary."""
    return call(DirectoryClient.list_groups)


@blp.route("/groups/<group_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.GroupSchema, success=True)
def get_group(group_id):
    """One group: members, current officers and every term of office. 404."""
    return call(DirectoryClient.get_group, group_id)


@blp.route("/groups/<group_id>", methods=["PATCH"])
@login_required
@blp.arguments(d.GroupUpdateSchema)
@blp.alt_response(200, schema=d.GroupSchema, success=True)
def update_group(data, group_id):
    """Set the group's phase associations (coordinator). 403, 404, 422."""
    return call(DirectoryClient.update_group, group_id, d.GroupUpdateSchema().dump(data))


@blp.route("/groups/<group_id>/offices", methods=["POST"])
@login_required
@blp.arguments(d.OfficeAssignmentSchema)
@blp.alt_response(200, schema=d.GroupSchema, success=True)
def assign_office(data, group_id):
    """Appoint a chair or secretary for a term (coordinator); the holder of a running term hands
    over the day before. 403, 404, 422 (ends_on before starts_on)."""
    return call(
        DirectoryClient.assign_group_office, group_id, d.OfficeAssignmentSchema().dump(data)
    )


@blp.route("/groups/<group_id>/members", methods=["POST"])
@login_required
@blp.arguments(d.GroupMembershipSchema)
@blp.alt_response(200, schema=d.GroupSchema, success=True)
def set_membership(data, group_id):
    """Add a member, or remove with ``member: false`` (coordinator, the group's chair or
    secretary). 403, 404."""
    return call(
        DirectoryClient.set_group_membership, group_id, d.GroupMembershipSchema().dump(data)
    )
