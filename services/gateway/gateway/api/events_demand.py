"""Demand for training: POST/GET /training-requests, POST /training-requests/{id}/support,
POST /training-requests/{id}/close, POST /training-requests/{id}/merge,
POST /needs-audits, GET /demand, POST /commissions; pathways: POST/GET /pathways,
POST /pathways/{id}/enrolments, GET /pathways/{id}/progress."""

from contracts import events as e
from contracts.clients.events import EventsClient
from contracts.common import PageQuerySchema
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("events_demand", __name__, description="Training requests, demand and pathways")


@blp.route("/training-requests", methods=["POST"])
@login_required
@blp.arguments(e.TrainingRequestCreateSchema)
@blp.alt_response(201, schema=e.TrainingRequestSchema, success=True)
def request_training(data):
    """Ask for training on a topic (anyone, for their own school)."""
    return call(EventsClient.submit_training_request, data), 201


@blp.route("/training-requests", methods=["GET"])
@login_required
@blp.arguments(e.TrainingRequestQuerySchema, location="query")
@blp.alt_response(200, schema=e.TrainingRequestPageSchema, success=True)
def list_requests(query):
    """Training requests, newest first; ``reason`` only for the requester, their headteacher,
    the CPD group and the partnership roles (null for others)."""
    return call(EventsClient.list_training_requests, query)


@blp.route("/training-requests/<request_id>/support", methods=["POST"])
@login_required
@blp.alt_response(200, schema=e.TrainingRequestSchema, success=True)
def support(request_id):
    """Add the caller's support to a request."""
    return call(EventsClient.support_training_request, request_id)


@blp.route("/training-requests/<request_id>/close", methods=["POST"])
@login_required
@blp.arguments(e.TrainingRequestCloseSchema)
@blp.alt_response(200, schema=e.TrainingRequestSchema, success=True)
def close_request(data, request_id):
    """Close an open training request with a reason (the coordinator, the LA officer): it
    leaves demand and cannot be commissioned. 409 when it is not open."""
    return call(EventsClient.close_training_request, request_id, data)


@blp.route("/training-requests/<request_id>/merge", methods=["POST"])
@login_required
@blp.arguments(e.TrainingRequestMergeSchema)
@blp.alt_response(200, schema=e.TrainingRequestSchema, success=True)
def merge_requests(data, request_id):
    """Merge duplicates into this open request (the coordinator, the LA officer): each of
    ``request_ids`` becomes ``merged`` (``merged_into`` this one) and its requester and
    supporters support this one, each person once. 422 naming ``request_ids`` for an unknown,
    repeated or the same request; 409 for one not open."""
    return call(EventsClient.merge_training_requests, request_id, data)


@blp.route("/needs-audits", methods=["POST"])
@login_required
@blp.arguments(e.AuditSubmitSchema)
@blp.alt_response(201, schema=e.AuditSubmitSchema, success=True)
def submit_audit(data):
    """A school's priorities for the annual audit of need (its leaders, or the coordinator)."""
    return call(EventsClient.submit_audit, data), 201


@blp.route("/demand", methods=["GET"])
@login_required
@blp.arguments(e.DemandQuerySchema, location="query")
@blp.alt_response(200, schema=e.DemandSchema, success=True)
def demand(query):
    """Demand by topic, cluster or strategic group (coordinator, LA, the CPD group)."""
    return call(EventsClient.demand, query)


@blp.route("/commissions", methods=["POST"])
@login_required
@blp.arguments(e.CommissionSchema)
@blp.alt_response(201, schema=e.EventSchema, success=True)
def commission(data):
    """Commission a course from training requests; every requester is told (whoever may
    organise the course)."""
    return call(EventsClient.commission_course, e.CommissionSchema().dump(data)), 201


@blp.route("/pathways", methods=["POST"])
@login_required
@blp.arguments(e.PathwayCreateSchema)
@blp.alt_response(201, schema=e.PathwaySchema, success=True)
def create_pathway(data):
    """A named sequence of courses (coordinator, LA)."""
    return call(EventsClient.create_pathway, data), 201


@blp.route("/pathways", methods=["GET"])
@login_required
@blp.arguments(PageQuerySchema, location="query")
@blp.alt_response(200, schema=e.PathwayPageSchema, success=True)
def list_pathways(query):
    """Every pathway."""
    return call(EventsClient.list_pathways, query)


@blp.route("/pathways/<pathway_id>/enrolments", methods=["POST"])
@login_required
@blp.alt_response(201, schema=e.PathwayProgressSchema, success=True)
def enrol(pathway_id):
    """Enrol the caller on a pathway (409 if already)."""
    return call(EventsClient.enrol_pathway, pathway_id), 201


@blp.route("/pathways/<pathway_id>/progress", methods=["GET"])
@login_required
@blp.arguments(e.PathwayProgressQuerySchema, location="query")
@blp.alt_response(200, schema=e.PathwayProgressSchema, success=True)
def progress(query, pathway_id):
    """Progress through a pathway: the caller's, or ``person_id``'s (the person, their school's
    head, deputy or assistant head, the coordinator; 403 for others). Only a confirmed place
    counts as booked; a waitlisted, offered or pending one is ``waiting``. Courses and the person
    are named. 404 when not enrolled."""
    return call(
        EventsClient.pathway_progress, pathway_id, e.PathwayProgressQuerySchema().dump(query)
    )
