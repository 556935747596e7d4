"""Demand for training: POST/GET /training-requests, POST /training-requests/{id}/support,
POST /needs-audits, GET /demand, POST /commissions; pathways: POST/GET /pathways,
POST /pathways/{id}/enrolments, GET /pathways/{id}/progress."""

from flask_smorest import Blueprint

from contracts import directory as d
from contracts import events as e
from contracts.common import PageQuerySchema
from contracts.errors import Forbidden, NotFound
from gateway.api.events import is_organiser, require_organiser
from gateway.auth import caller, login_required
from gateway.rpc import call

blp = Blueprint("events_demand", __name__, description="Training requests, demand and pathways")

AUDIT_ROLES = ("headteacher", "deputy_head", "school_admin", "business_manager")
CPD_GROUP = "cpd"


def require_demand_viewer() -> None:
    """The coordinator, the LA, or a member (or officer) of the CPD strategic group."""
    if is_organiser():
        return
    try:
        group = call(d.SERVICE, "get_group", CPD_GROUP)
    except NotFound:
        group = {}
    people = set(group.get("members") or [])
    people |= {group.get("chair_person_id"), group.get("secretary_person_id")}
    if caller().id not in people - {None}:
        raise Forbidden("Demand is for the coordinator, the LA and the CPD group.")


@blp.route("/training-requests", methods=["POST"])
@login_required
@blp.arguments(e.TrainingRequestCreateSchema)
@blp.alt_response(201, schema=e.TrainingRequestSchema, success=True)
def request_training(data):
    """Ask for training on a topic (anyone)."""
    me = caller()
    return call(e.SERVICE, "submit_training_request", data, me.id, me.school_urn), 201


@blp.route("/training-requests", methods=["GET"])
@login_required
@blp.arguments(e.TrainingRequestQuerySchema, location="query")
@blp.alt_response(200, schema=e.TrainingRequestPageSchema, success=True)
def list_requests(query):
    """Training requests, newest first."""
    return call(e.SERVICE, "list_training_requests", query)


@blp.route("/training-requests/<request_id>/support", methods=["POST"])
@login_required
@blp.alt_response(200, schema=e.TrainingRequestSchema, success=True)
def support(request_id):
    """Add the caller's support to a request."""
    return call(e.SERVICE, "support_training_request", request_id, caller().id)


@blp.route("/needs-audits", methods=["POST"])
@login_required
@blp.arguments(e.AuditSubmitSchema)
@blp.alt_response(201, schema=e.AuditSubmitSchema, success=True)
def submit_audit(data):
    """A school's priorities for the annual audit of need (its leaders, or the coordinator)."""
    me = caller()
    if not (is_organiser() or (me.has_role(*AUDIT_ROLES) and me.school_urn == data["school_urn"])):
        raise Forbidden("Only the school's leaders (or the coordinator) submit its audit.")
    return call(e.SERVICE, "submit_audit", data, me.id), 201


@blp.route("/demand", methods=["GET"])
@login_required
@blp.arguments(e.DemandQuerySchema, location="query")
@blp.alt_response(200, schema=e.DemandSchema, success=True)
def demand(query):
    """Demand by topic, cluster or strategic group (coordinator, LA, the CPD group)."""
    require_demand_viewer()
    return call(e.SERVICE, "demand", query)


@blp.route("/commissions", methods=["POST"])
@login_required
@blp.arguments(e.CommissionSchema)
@blp.alt_response(201, schema=e.EventSchema, success=True)
def commission(data):
    """Commission a course from training requests; every requester is told."""
    require_organiser(data["course"].get("owner"))
    return call(e.SERVICE, "commission_course", e.CommissionSchema().dump(data), caller().id), 201


@blp.route("/pathways", methods=["POST"])
@login_required
@blp.arguments(e.PathwayCreateSchema)
@blp.alt_response(201, schema=e.PathwaySchema, success=True)
def create_pathway(data):
    """A named sequence of courses (coordinator, LA)."""
    require_organiser()
    return call(e.SERVICE, "create_pathway", data, caller().id), 201


@blp.route("/pathways", methods=["GET"])
@login_required
@blp.arguments(PageQuerySchema, location="query")
@blp.alt_response(200, schema=e.PathwayPageSchema, success=True)
def list_pathways(query):
    """Every pathway."""
    return call(e.SERVICE, "list_pathways", query)


@blp.route("/pathways/<pathway_id>/enrolments", methods=["POST"])
@login_required
@blp.alt_response(201, schema=e.PathwayProgressSchema, success=True)
def enrol(pathway_id):
    """Enrol the caller on a pathway (409 if already)."""
    return call(e.SERVICE, "enrol_pathway", pathway_id, caller().id), 201


@blp.route("/pathways/<pathway_id>/progress", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.PathwayProgressSchema, success=True)
def progress(pathway_id):
    """The caller's progress through a pathway."""
    return call(e.SERVICE, "pathway_progress", pathway_id, caller().id)
