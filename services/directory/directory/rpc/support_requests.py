"""The directory's RPCs on support requests: a school asking for help, reading and listing the
requests a caller may see, and the offers suggested for a request."""

from nameko.rpc import rpc

from contracts import directory as c
from contracts.caller import load_caller
from contracts.common import load
from directory import filters, support_requests
from directory.clock import today
from directory.storage import SupportRequest


class SupportRequestsRpc:
    """Mixed into ``DirectoryService``: uses its ``relay`` (``_publish``) and ``correlation_id``."""

    @rpc
    def create_support_request(self, data, caller=None):
        """SupportRequestCreateSchema -> SupportRequestSchema (support_requested), asked by the
        caller: the school's leaders, SENCO, business manager; the partnership roles."""
        who = load_caller(caller)
        req = support_requests.create_request(
            load(c.SupportRequestCreateSchema, data), who.id, self.correlation_id, caller=who
        )
        self._publish(SupportRequest, req.id)
        return c.SupportRequestSchema().dump(support_requests.request_item(req))

    @rpc
    def get_support_request(self, request_id, caller=None):
        """request id -> SupportRequestSchema: its school's staff, whoever asked, the
        partnership roles. NotFound, Forbidden."""
        req = support_requests.get_request(request_id, caller=load_caller(caller))
        return c.SupportRequestSchema().dump(support_requests.request_item(req))

    @rpc
    def list_support_requests(self, query=None, caller=None):
        """SupportRequestQuerySchema -> SupportRequestPageSchema, newest first: every school's
        for the partnership roles, the caller's own school's for anyone else."""
        who = load_caller(caller)
        query = filters.resolved(load(c.SupportRequestQuerySchema, query), ("area",))
        found = support_requests.list_requests(query, caller=who)
        return c.SupportRequestPageSchema().dump(found)

    @rpc
    def suggest_offers(self, request_id, limit=10, caller=None):
        """request id -> OfferPageSchema of ranked matches (score, reasons): the school's
        leaders and the partnership roles. NotFound, Forbidden."""
        size = max(1, min(int(limit), 50))
        found = support_requests.suggest_offers(
            request_id, today(), size, caller=load_caller(caller)
        )
        return c.OfferPageSchema().dump(found)
