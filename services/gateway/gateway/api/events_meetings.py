"""Cluster meetings and Teachmeets: POST /rotas, PUT /events/{id}/meeting-roles,
POST/GET /events/{id}/minutes, POST /events/{id}/slots, GET /events/{id}/running-order,
POST /events/{id}/running-order/publish."""

from flask_smorest import Blueprint

from contracts import events as e
from contracts.errors import Forbidden
from gateway.api.events import is_organiser, require_event_organiser, require_organiser
from gateway.auth import caller, login_required
from gateway.rpc import call

blp = Blueprint("events_meetings", __name__, description="Cluster meetings and Teachmeets")

HOST_ROLES = ("headteacher", "school_admin", "deputy_head")


def _require_host_or_organiser(event_id: str) -> dict:
    event = call(e.SERVICE, "get_event", event_id)
    me = caller()
    host = event.get("host_school_urn")
    if is_organiser() or (me.has_role(*HOST_ROLES) and host is not None and me.school_urn == host):
        return event
    raise Forbidden("Only the host school's head or administrator, or the coordinator.")


@blp.route("/rotas", methods=["POST"])
@login_required
@blp.arguments(e.RotaCreateSchema)
@blp.alt_response(201, schema=e.RotaSchema, success=True)
def create_rota(data):
    """Generate a cluster's year-group meetings for each half term, hosts rotating fairly."""
    require_organiser()
    return call(e.SERVICE, "create_rota", e.RotaCreateSchema().dump(data), caller().id), 201


@blp.route("/events/<event_id>/meeting-roles", methods=["PUT"])
@login_required
@blp.arguments(e.MeetingRolesSchema)
@blp.alt_response(200, schema=e.EventSchema, success=True)
def meeting_roles(data, event_id):
    """The host school names the chair and minute-taker."""
    _require_host_or_organiser(event_id)
    return call(e.SERVICE, "assign_meeting_roles", event_id, data)


@blp.route("/events/<event_id>/minutes", methods=["POST"])
@login_required
@blp.arguments(e.MinutesSchema)
@blp.alt_response(200, description="minutes and actions, published to the cluster", success=True)
def publish_minutes(data, event_id):
    """Attach minutes and actions (the meeting's minute-taker or chair, host, organisers)."""
    event = call(e.SERVICE, "get_event", event_id)
    if caller().id not in (event.get("chair_id"), event.get("minute_taker_id")):
        _require_host_or_organiser(event_id)
    return call(e.SERVICE, "publish_minutes", event_id, e.MinutesSchema().dump(data))


@blp.route("/events/<event_id>/minutes", methods=["GET"])
@login_required
@blp.alt_response(200, description="minutes and actions", success=True)
def get_minutes(event_id):
    """A meeting's minutes and actions."""
    return call(e.SERVICE, "get_minutes", event_id)


@blp.route("/events/<event_id>/slots", methods=["POST"])
@login_required
@blp.arguments(e.SlotClaimSchema)
@blp.alt_response(201, schema=e.RunningOrderSchema, success=True)
def claim_slot(data, event_id):
    """Claim a presentation slot for the caller (or their school)."""
    claim = {"title": data["title"], "person_id": caller().id, "school_urn": caller().school_urn}
    return call(e.SERVICE, "claim_slot", event_id, claim), 201


@blp.route("/events/<event_id>/running-order", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.RunningOrderSchema, success=True)
def running_order(event_id):
    """The presentation slots in order, with their start times."""
    return call(e.SERVICE, "get_running_order", event_id)


@blp.route("/events/<event_id>/running-order/publish", methods=["POST"])
@login_required
@blp.alt_response(200, schema=e.RunningOrderSchema, success=True)
def publish_running_order(event_id):
    """Publish the running order to everyone booked (organisers)."""
    require_event_organiser(event_id)
    return call(e.SERVICE, "publish_running_order", event_id)
