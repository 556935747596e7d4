"""GET /schools: search the directory's schools."""

from flask_smorest import Blueprint

from contracts import directory as d
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("schools", __name__, description="Schools from GIAS")


@blp.route("/schools", methods=["GET"])
@login_required
@blp.arguments(d.SchoolQuerySchema, location="query")
@blp.alt_response(200, schema=d.SchoolPageSchema, success=True)
def list_schools(query):
    """Search schools by name (q), phase and cluster, a page at a time."""
    return call(d.SERVICE, "list_schools", d.SchoolQuerySchema().dump(query))
