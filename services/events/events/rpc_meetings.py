"""The events service's RPCs for cluster meetings and Teachmeets: the rota, meeting roles,
minutes, and a Teachmeet's presenter slots and running order. A mixin of ``EventsService``."""

from collections.abc import Callable

from contracts import events as c
from contracts.caller import load_caller
from contracts.common import load
from events import meetings, permissions, slots
from events.context import Context
from events.entrypoints import rpc


class MeetingsRpc:
    _ctx: Callable[[], Context]  # the service's use-case context (EventsService._ctx)

    @rpc
    def create_rota(self, data, caller=None):
        """RotaCreateSchema -> RotaSchema (the partnership roles). Errors: InvalidInput,
        Conflict (already a rota), Unauthorized, Forbidden."""
        data = load(c.RotaCreateSchema, data)
        return c.RotaSchema().dump(meetings.create_rota(self._ctx(), data, load_caller(caller)))

    @rpc
    def assign_meeting_roles(self, event_id, data, caller=None):
        """MeetingRolesSchema -> EventSchema (the host school's leaders, the partnership roles).
        Errors: InvalidInput, NotFound, Unauthorized, Forbidden."""
        roles = load(c.MeetingRolesSchema, data)
        event = meetings.assign_meeting_roles(self._ctx(), event_id, roles, load_caller(caller))
        return c.EventSchema().dump(event)

    @rpc
    def publish_minutes(self, event_id, data, caller=None):
        """MinutesSchema -> MeetingMinutesSchema (minutes_published): the meeting's chair or
        minute-taker, the host school's leaders, the partnership roles. Errors: InvalidInput,
        NotFound, Unauthorized, Forbidden."""
        minutes = load(c.MinutesSchema, data)
        found = meetings.publish_minutes(self._ctx(), event_id, minutes, load_caller(caller))
        return c.MeetingMinutesSchema().dump(found)

    @rpc
    def get_minutes(self, event_id, caller=None):
        """-> MeetingMinutesSchema: people of the meeting's cluster, its strategic group, the
        partnership roles. Errors: NotFound, Unauthorized, Forbidden."""
        found = meetings.get_minutes(self._ctx(), event_id, load_caller(caller))
        return c.MeetingMinutesSchema().dump(found)

    @rpc
    def claim_slot(self, event_id, data, caller=None):
        """SlotClaimSchema -> RunningOrderSchema: a slot for the caller and their school.
        Errors: Conflict (full, already claimed), NotFound, Unauthorized."""
        claim = load(c.SlotClaimSchema, data)
        order = meetings.claim_slot(event_id, claim, load_caller(caller))
        return c.RunningOrderSchema().dump(order)

    @rpc
    def remove_slot(self, event_id, person_id, caller=None):
        """-> RunningOrderSchema without ``person_id``'s slot (the event's organisers; a
        presenter their own). Errors: NotFound, Conflict, Unauthorized, Forbidden."""
        order = slots.remove_slot(self._ctx(), event_id, person_id, load_caller(caller))
        return c.RunningOrderSchema().dump(order)

    @rpc
    def reorder_slots(self, event_id, data, caller=None):
        """SlotOrderSchema -> RunningOrderSchema (the event's organisers). Errors: InvalidInput
        (``order``), Conflict, NotFound, Unauthorized, Forbidden."""
        order = load(c.SlotOrderSchema, data)["order"]
        result = slots.reorder_slots(self._ctx(), event_id, order, load_caller(caller))
        return c.RunningOrderSchema().dump(result)

    @rpc
    def get_running_order(self, event_id, caller=None):
        """-> RunningOrderSchema. Errors: NotFound, Unauthorized."""
        permissions.check_may_read(load_caller(caller))
        return c.RunningOrderSchema().dump(meetings.get_running_order(event_id))

    @rpc
    def publish_running_order(self, event_id, caller=None):
        """-> RunningOrderSchema (running_order_published; the event's organisers). Errors:
        NotFound, Unauthorized, Forbidden."""
        order = meetings.publish_running_order(self._ctx(), event_id, load_caller(caller))
        return c.RunningOrderSchema().dump(order)
