"""Schools and clusters: search, detail, local data, Ofsted grades, statutory-moderation selection
and each school's support ledger."""

from flask_smorest import Blueprint

from contracts import directory as d
from contracts.errors import Forbidden
from gateway.auth import caller, login_required, require_role
from gateway.rpc import call

blp = Blueprint("schools", __name__, description="Schools from GIAS, clusters, Ofsted, moderation")

LEDGER_VIEWERS = ("coordinator", "la_officer")


@blp.route("/schools", methods=["GET"])
@login_required
@blp.arguments(d.SchoolQuerySchema, location="query")
@blp.alt_response(200, schema=d.SchoolPageSchema, success=True)
def list_schools(query):
    """Search schools by name (q), phase, type, type group, cluster, status, moderation year."""
    return call(d.SERVICE, "list_schools", d.SchoolQuerySchema().dump(query))


@blp.route("/schools", methods=["POST"])
@login_required
@blp.arguments(d.SchoolCreateSchema)
@blp.alt_response(201, schema=d.SchoolSchema, success=True)
@blp.alt_response(409, description="A school with that URN exists")
def create_school(data):
    """Enter a school GIAS does not list yet (coordinator, LA officer). 409 on a known URN."""
    require_role("coordinator", "la_officer")
    return call(d.SERVICE, "create_school", d.SchoolCreateSchema().dump(data)), 201


@blp.route("/schools/<int(max=999999999):urn>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.SchoolSchema, success=True)
def get_school(urn):
    """One school with its Ofsted grades, cluster, predecessors and moderation years. 404."""
    return call(d.SERVICE, "get_school", urn)


@blp.route("/schools/<int(max=999999999):urn>", methods=["PATCH"])
@login_required
@blp.arguments(d.SchoolUpdateSchema)
@blp.alt_response(200, schema=d.SchoolSchema, success=True)
def update_school(data, urn):
    """Set local data kept across GIAS re-imports: cluster, notes (coordinator). 404, 422."""
    require_role("coordinator")
    return call(d.SERVICE, "update_school", urn, d.SchoolUpdateSchema().dump(data))


@blp.route("/schools/<int(max=999999999):urn>/ofsted", methods=["PUT"])
@login_required
@blp.arguments(d.OfstedUpdateSchema)
@blp.alt_response(200, schema=d.SchoolSchema, success=True)
def update_ofsted(data, urn):
    """Set the legacy Ofsted grade and/or the report card (LA officer). 404, 422."""
    require_role("la_officer")
    body = d.OfstedUpdateSchema().dump(data)
    return call(d.SERVICE, "update_ofsted", urn, body, caller().id)


@blp.route("/moderation-selections", methods=["POST"])
@login_required
@blp.arguments(d.ModerationSelectionSchema)
@blp.alt_response(200, schema=d.SchoolPageSchema, success=True)
def select_for_moderation(data):
    """Select (or deselect) schools for statutory moderation in a year (LA officer); returns the
    schools whose selection changed. 422 on an unknown URN."""
    require_role("la_officer")
    return call(d.SERVICE, "set_moderation_selection", d.ModerationSelectionSchema().dump(data))


@blp.route("/clusters", methods=["GET"])
@login_required
@blp.alt_response(200, schema=d.ClusterPageSchema, success=True)
def list_clusters():
    """The partnership's regional clusters with their school counts."""
    return call(d.SERVICE, "list_clusters")


@blp.route("/schools/<int(max=999999999):urn>/ledger", methods=["GET"])
@login_required
@blp.arguments(d.LedgerQuerySchema, location="query")
@blp.alt_response(200, schema=d.LedgerSchema, success=True)
def school_ledger(query, urn):
    """Support days the school gave and received (coordinator, LA officer, the school's staff)."""
    me = caller()
    if not (me.has_role(*LEDGER_VIEWERS) or me.school_urn == urn):
        raise Forbidden("Only the coordinator, the LA officer and the school's staff see this.")
    return call(d.SERVICE, "school_ledger", urn, d.LedgerQuerySchema().dump(query))
