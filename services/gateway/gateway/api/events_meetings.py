"""Cluster meetings and Teachmeets: POST /rotas, PUT /events/{id}/meeting-roles,
POST/GET /events/{id}/minutes, POST /events/{id}/slots, DELETE /events/{id}/slots/{person_id},
GET/PUT /events/{id}/running-order, POST /events/{id}/running-order/publish."""

from contracts import events as e
from contracts.clients.events import EventsClient
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("events_meetings", __name__, description="Cluster meetings and Teachmeets")


@blp.route("/rotas", methods=["POST"])
@login_required
@blp.arguments(e.RotaCreateSchema)
@blp.alt_response(201, schema=e.RotaSchema, success=True)
def create_rota(data):
    """Generate a cluster's year-group meetings for each half term, hosts rotating fairly
    (coordinator, LA officer). Half terms already over get no meeting; 422 (``academic_year``)
    when every half term of the year is over."""
    return call(EventsClient.create_rota, e.RotaCreateSchema().dump(data)), 201


@blp.route("/events/<event_id>/meeting-roles", methods=["PUT"])
@login_required
@blp.arguments(e.MeetingRolesSchema)
@blp.alt_response(200, schema=e.EventSchema, success=True)
def meeting_roles(data, event_id):
    """The host school (or the coordinator) names a meeting's chair and minute-taker: people of a
    school in the meeting's cluster (a group meeting: the group's officers and members), or the
    partnership roles. 422 naming ``chair_id``/``minute_taker_id`` for anyone else."""
    return call(EventsClient.assign_meeting_roles, event_id, data)


@blp.route("/events/<event_id>/minutes", methods=["POST"])
@login_required
@blp.arguments(e.MinutesSchema)
@blp.alt_response(200, description="minutes and actions, published to the cluster", success=True)
def publish_minutes(data, event_id):
    """Attach minutes and actions (the meeting's minute-taker or chair, host, organisers)."""
    return call(EventsClient.publish_minutes, event_id, e.MinutesSchema().dump(data))


@blp.route("/events/<event_id>/minutes", methods=["GET"])
@login_required
@blp.alt_response(200, description="minutes and actions", success=True)
def get_minutes(event_id):
    """A meeting's minutes and actions (people of its cluster's schools, its strategic group,
    the partnership roles)."""
    return call(EventsClient.get_minutes, event_id)


@blp.route("/events/<event_id>/slots", methods=["POST"])
@login_required
@blp.arguments(e.SlotClaimSchema)
@blp.alt_response(201, schema=e.RunningOrderSchema, success=True)
def claim_slot(data, event_id):
    """Claim a presentation slot for the caller (and their school)."""
    return call(EventsClient.claim_slot, event_id, {"title": data["title"]}), 201


@blp.route("/events/<event_id>/slots/<person_id>", methods=["DELETE"])
@login_required
@blp.alt_response(200, schema=e.RunningOrderSchema, success=True)
def remove_slot(event_id, person_id):
    """Remove the slot held by ``person_id`` (a slot is named by its presenter): the event's
    organisers, or the presenter withdrawing their own. The later slots move up; a published
    running order is marked unpublished until published again."""
    return call(EventsClient.remove_slot, event_id, person_id)


@blp.route("/events/<event_id>/running-order", methods=["PUT"])
@login_required
@blp.arguments(e.SlotOrderSchema)
@blp.alt_response(200, schema=e.RunningOrderSchema, success=True)
def reorder_slots(data, event_id):
    """Set the running order (the event's organisers): ``order`` names every presenter's
    ``person_id`` once, first to last; positions and start times follow. 422 naming ``order``
    for a missing, unknown or repeated presenter; 409 when the slots changed meanwhile."""
    return call(EventsClient.reorder_slots, event_id, e.SlotOrderSchema().dump(data))


@blp.route("/events/<event_id>/running-order", methods=["GET"])
@login_required
@blp.alt_response(200, schema=e.RunningOrderSchema, success=True)
def running_order(event_id):
    """The presentation slots in order, with their start times."""
    return call(EventsClient.get_running_order, event_id)


@blp.route("/events/<event_id>/running-order/publish", methods=["POST"])
@login_required
@blp.alt_response(200, schema=e.RunningOrderSchema, success=True)
def publish_running_order(event_id):
    """Publish the running order to everyone booked (the event's organisers)."""
    return call(EventsClient.publish_running_order, event_id)
