"""The events service's RPCs for the CPD events themselves: organise, list, read, change and
cancel an event (the public course calendar is read here). A mixin of ``EventsService``: each
RPC loads its payload with the events contract, calls a use case with the service's context and
dumps the answer with its schema."""

from collections.abc import Callable

from contracts import events as c
from contracts.caller import load_caller
from contracts.common import load
from events import permissions, usecases
from events.context import Context
from events.entrypoints import rpc


class CatalogueRpc:
    _ctx: Callable[[], Context]  # the service's use-case context (EventsService._ctx)

    @rpc
    def create_event(self, data, caller=None):
        """EventCreateSchema -> EventSchema (created by the caller). Errors: InvalidInput,
        Unauthorized, Forbidden (not the coordinator, LA officer, or the owning group's chair or
        secretary)."""
        data = load(c.EventCreateSchema, data)
        event = usecases.organise_event(self._ctx(), data, load_caller(caller))
        return c.EventSchema().dump(event)

    @rpc
    def list_events(self, query=None, caller=None):
        """EventQuerySchema -> EventPageSchema (the public course calendar). Errors:
        InvalidInput."""
        permissions.check_may_read_catalogue(load_caller(caller))
        query = load(c.EventQuerySchema, query)
        directory = self._ctx().directory  # a cluster or group by its id or name, any case
        if query.get("cluster"):
            query["cluster"] = directory.cluster_id(query["cluster"])
        if query.get("group"):
            query["group"] = directory.group_id(query["group"], "group")
        return c.EventPageSchema().dump(usecases.list_events(query))

    @rpc
    def get_event(self, event_id, caller=None):
        """event id -> EventSchema (the public course calendar). Errors: NotFound."""
        permissions.check_may_read_catalogue(load_caller(caller))
        return c.EventSchema().dump(usecases.get_event(event_id))

    @rpc
    def update_event(self, event_id, data, caller=None):
        """EventUpdateSchema -> EventSchema (event_changed). Errors: InvalidInput, NotFound,
        Conflict, Unauthorized, Forbidden (not an organiser of the event)."""
        changes = load(c.EventUpdateSchema, data)
        event = usecases.update_event(self._ctx(), event_id, changes, load_caller(caller))
        return c.EventSchema().dump(event)

    @rpc
    def cancel_event(self, event_id, data=None, caller=None):
        """EventCancelSchema -> EventSchema (event_cancelled). Errors: NotFound, Conflict,
        Unauthorized, Forbidden (not an organiser of the event)."""
        reason = load(c.EventCancelSchema, data)["reason"]
        event = usecases.cancel_event(self._ctx(), event_id, reason, load_caller(caller))
        return c.EventSchema().dump(event)
