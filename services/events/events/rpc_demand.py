"""The events service's RPCs for demand and pathways: training requests (submit, support, close,
merge, list), school audits, the demand they add up to, commissioning a course to meet it, and
pathways (create, list, enrol, progress). A mixin of ``EventsService``."""

from collections.abc import Callable

from contracts import events as c
from contracts.caller import load_caller
from contracts.common import PageQuerySchema, load
from events import demand, progress, request_triage
from events.context import Context
from events.entrypoints import rpc


class DemandRpc:
    _ctx: Callable[[], Context]  # the service's use-case context (EventsService._ctx)

    @rpc
    def submit_training_request(self, data, caller=None):
        """TrainingRequestCreateSchema -> TrainingRequestSchema (the caller's, for their
        school). Errors: InvalidInput, Unauthorized."""
        data = load(c.TrainingRequestCreateSchema, data)
        row = demand.submit_request(self._ctx(), data, load_caller(caller))
        return c.TrainingRequestSchema().dump(row)

    @rpc
    def support_training_request(self, request_id, caller=None):
        """-> TrainingRequestSchema (the caller supports it; reason as the caller may see it).
        Errors: NotFound, Unauthorized."""
        row = demand.support_request(self._ctx(), request_id, load_caller(caller))
        return c.TrainingRequestSchema().dump(row)

    @rpc
    def close_training_request(self, request_id, data, caller=None):
        """TrainingRequestCloseSchema -> TrainingRequestSchema (status closed; the coordinator,
        the LA). Errors: InvalidInput, NotFound, Conflict (not open), Unauthorized, Forbidden."""
        reason = load(c.TrainingRequestCloseSchema, data)["reason"]
        row = request_triage.close_request(self._ctx(), request_id, reason, load_caller(caller))
        return c.TrainingRequestSchema().dump(row)

    @rpc
    def merge_training_requests(self, request_id, data, caller=None):
        """TrainingRequestMergeSchema -> TrainingRequestSchema (the request the duplicates were
        merged into; the coordinator, the LA). Errors: InvalidInput (``request_ids``), NotFound,
        Conflict (not open), Unauthorized, Forbidden."""
        ids = load(c.TrainingRequestMergeSchema, data)["request_ids"]
        row = request_triage.merge_requests(self._ctx(), request_id, ids, load_caller(caller))
        return c.TrainingRequestSchema().dump(row)

    @rpc
    def list_training_requests(self, query=None, caller=None):
        """TrainingRequestQuerySchema -> TrainingRequestPageSchema; ``reason`` is null except
        for the requester, their headteacher, the CPD group and the partnership roles. Errors:
        Unauthorized."""
        query = load(c.TrainingRequestQuerySchema, query)
        page = demand.list_requests(self._ctx(), query, load_caller(caller))
        return c.TrainingRequestPageSchema().dump(page)

    @rpc
    def submit_audit(self, data, caller=None):
        """AuditSubmitSchema -> AuditSchema (stored; the school's leaders, the partnership
        roles). Errors: InvalidInput, Unauthorized, Forbidden."""
        data = load(c.AuditSubmitSchema, data)
        return c.AuditSchema().dump(demand.submit_audit(self._ctx(), data, load_caller(caller)))

    @rpc
    def demand(self, query=None, caller=None):
        """DemandQuerySchema -> DemandSchema (the partnership roles, the CPD group). Errors:
        Unauthorized, Forbidden."""
        query = load(c.DemandQuerySchema, query)
        return c.DemandSchema().dump(demand.demand(self._ctx(), query, load_caller(caller)))

    @rpc
    def commission_course(self, data, caller=None):
        """CommissionSchema -> EventSchema (course_commissioned; whoever may organise the
        course). Errors: InvalidInput, Conflict, Unauthorized, Forbidden."""
        data = load(c.CommissionSchema, data)
        event = demand.commission_course(self._ctx(), data, load_caller(caller))
        return c.EventSchema().dump(event)

    @rpc
    def create_pathway(self, data, caller=None):
        """PathwayCreateSchema -> PathwaySchema (the partnership roles). Errors: InvalidInput,
        NotFound (course), Unauthorized, Forbidden."""
        data = load(c.PathwayCreateSchema, data)
        return c.PathwaySchema().dump(demand.create_pathway(data, load_caller(caller)))

    @rpc
    def list_pathways(self, query=None, caller=None):
        """PageQuerySchema -> PathwayPageSchema. Errors: Unauthorized."""
        page = demand.list_pathways(load(PageQuerySchema, query), load_caller(caller))
        return c.PathwayPageSchema().dump(page)

    @rpc
    def enrol_pathway(self, pathway_id, caller=None):
        """-> PathwayProgressSchema (pathway_enrolled; the caller enrols). Errors: NotFound,
        Conflict, Unauthorized."""
        progress = demand.enrol(self._ctx(), pathway_id, load_caller(caller))
        return c.PathwayProgressSchema().dump(progress)

    @rpc
    def pathway_progress(self, pathway_id, query=None, caller=None):
        """PathwayProgressQuerySchema -> PathwayProgressSchema of the caller, or of ``person_id``
        (the person, their school's leaders, the coordinator). Errors: NotFound (pathway, or
        not enrolled), InvalidInput, Unauthorized, Forbidden."""
        person_id = load(c.PathwayProgressQuerySchema, query)["person_id"]
        found = progress.read_progress(self._ctx(), pathway_id, load_caller(caller), person_id)
        return c.PathwayProgressSchema().dump(found)
