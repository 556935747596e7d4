"""Schools and clusters: search, detail, local data, Ofsted grades, statutory-moderation selection,
the designated approver and each school's support ledger. The directory decides who may do what
(directory.permissions); the gateway only passes the caller along."""

from contracts import directory as d
from contracts.clients.directory import DirectoryClient
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.clusters import ClusterWithMeetingsSchema, cluster_page
from gateway.rpc import call

blp = Blueprint("schools", __name__, description="Schools from GIAS, clusters, Ofsted, moderation")


@blp.route("/schools", methods=["GET"])
@login_required
@blp.arguments(d.SchoolQuerySchema, location="query")
@blp.alt_response(200, schema=d.SchoolPageSchema, success=True)
def list_schools(query):
    """Search schools by name (q), phase, type, type group, cluster, status, moderation year."""
    return call(DirectoryClient.list_schools, d.SchoolQuerySchema().dump(query))


@blp.route("/schools", methods=["POST"])
@login_required
@blp.arguments(d.SchoolCreateSchema)
@blp.alt_response(201, schema=d.SchoolSchema, success=True)
@blp.alt_response(409, description="A school with that URN exists")
def create_school(data):
    """Enter a school GIAS does not list yet (coordinator, LA officer). 403, 409 on a known
    URN."""
    return call(DirectoryClient.create_school, d.SchoolCreateSchema().dump(data)), 201


@blp.route("/schools/<int(max=999999999):urn>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.SchoolSchema, success=True)
def get_school(urn):
    """One school with its Ofsted grades, cluster, predecessors, moderation years, designated
    approver (``approver_person_id``) and who approves its bookings now (``approver_id``,
    ``approver_source``): the designated approver, else the headteacher (an executive head or
    head of school holds that role), else a deputy head, else the business manager, else the
    school administrator, else the partnership coordinator. The coordinator's notes only for the
    partnership roles (null for others). 404."""
    return call(DirectoryClient.get_school, urn)


@blp.route("/schools/<int(max=999999999):urn>", methods=["PATCH"])
@login_required
@blp.arguments(d.SchoolUpdateSchema)
@blp.alt_response(200, schema=d.SchoolSchema, success=True)
def update_school(data, urn):
    """Set local data kept across GIAS re-imports: cluster, notes (coordinator). 403, 404,
    422."""
    return call(DirectoryClient.update_school, urn, d.SchoolUpdateSchema().dump(data))


@blp.route("/schools/<int(max=999999999):urn>/ofsted", methods=["PUT"])
@login_required
@blp.arguments(d.OfstedUpdateSchema)
@blp.alt_response(200, schema=d.SchoolSchema, success=True)
def update_ofsted(data, urn):
    """Set the legacy Ofsted grade and/or the report card (LA officer). 403, 404, 422."""
    return call(DirectoryClient.update_ofsted, urn, d.OfstedUpdateSchema().dump(data))


@blp.route("/schools/<int(max=999999999):urn>/approver", methods=["PUT"])
@login_required
@blp.arguments(d.ApproverSchema)
@blp.alt_response(200, schema=d.SchoolSchema, success=True)
def set_approver(data, urn):
    """Designate the school's one approver of bookings: a headteacher, deputy head or business
    manager of the school (``person_id``; null clears it: approvals then follow the fallback
    order, headteacher > deputy head > business manager > school administrator > coordinator).
    The school's headteacher, the coordinator or the LA officer. 403, 404, 422."""
    return call(DirectoryClient.set_school_approver, urn, d.ApproverSchema().dump(data))


@blp.route("/moderation-selections", methods=["POST"])
@login_required
@blp.arguments(d.ModerationSelectionSchema)
@blp.alt_response(200, schema=d.SchoolPageSchema, success=True)
def select_for_moderation(data):
    """Select (or deselect) schools for statutory moderation in a year (LA officer); returns the
    schools whose selection changed. 403, 422 on an unknown URN."""
    return call(DirectoryClient.set_moderation_selection, d.ModerationSelectionSchema().dump(data))


@blp.route("/clusters", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.ClusterPageSchema, success=True)
def list_clusters():
    """The partnership's regional clusters with their school counts."""
    return call(DirectoryClient.list_clusters)


@blp.route("/clusters/<cluster_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=ClusterWithMeetingsSchema, success=True)
def get_cluster(cluster_id):
    """A cluster with its member schools (name, phase, type, status, Ofsted grade and report
    card; open schools first, by name) and its next meetings (the events service's events of
    the cluster from today, by first session). 404 naming ``cluster_id`` when unknown."""
    return cluster_page(cluster_id)


@blp.route("/schools/<int(max=999999999):urn>/ledger", methods=["GET"])
@login_required
@blp.arguments(d.LedgerQuerySchema, location="query")
@blp.alt_response(200, schema=d.LedgerSchema, success=True)
def school_ledger(query, urn):
    """Support days the school gave and received (coordinator, LA officer, the school's staff):
    the rows, and days, of the brokerage cases the caller may see. 403, 404."""
    return call(DirectoryClient.school_ledger, urn, d.LedgerQuerySchema().dump(query))
