"""The directory's RPCs on brokerage: brokering support days from an offer to a request, a
case's consent, reviews, closing and cancelling (each relayed from the case's outbox), reading and
listing cases, and a school's ledger of support days given and received."""

from nameko.rpc import rpc

from contracts import directory as c
from contracts.caller import load_caller
from contracts.common import load
from directory import brokerage
from directory.clock import today
from directory.rpc.arguments import urn_argument
from directory.storage import BrokerageCase


class BrokerageRpc:
    """Mixed into ``DirectoryService``: uses its ``relay`` (``_publish``) and ``correlation_id``."""

    @rpc
    def broker_support(self, data, caller=None):
        """BrokerageCreateSchema -> BrokerageCaseSchema (support_brokered): the coordinator or
        the LA officer. Forbidden, NotFound, Conflict (request not open, too few days left),
        InvalidInput."""
        who = load_caller(caller)
        case = brokerage.broker(load(c.BrokerageCreateSchema, data), who, self.correlation_id)
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def get_case(self, case_id, caller=None):
        """case id -> BrokerageCaseSchema: the coordinator, the LA officer and the two schools'
        heads. Forbidden, NotFound."""
        case = brokerage.get_case(case_id, load_caller(caller))
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def list_cases(self, query=None, caller=None):
        """CaseQuerySchema -> BrokerageCasePageSchema of the cases the caller may see."""
        who = load_caller(caller)
        found = brokerage.list_cases(load(c.CaseQuerySchema, query), who)
        return c.BrokerageCasePageSchema().dump(found)

    @rpc
    def give_consent(self, case_id, data, caller=None):
        """case id, ConsentSchema -> BrokerageCaseSchema (brokerage_consent_given/declined): the
        providing school's head. Forbidden, Conflict."""
        case = brokerage.give_consent(
            case_id, load(c.ConsentSchema, data), load_caller(caller), today(), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def add_case_review(self, case_id, data, caller=None):
        """case id, ReviewSchema -> BrokerageCaseSchema (brokerage_review_recorded): anyone who
        may see the case."""
        case = brokerage.add_review(
            case_id, load(c.ReviewSchema, data), load_caller(caller), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def close_case(self, case_id, data, caller=None):
        """case id, CaseCloseSchema -> BrokerageCaseSchema (brokerage_closed): the coordinator
        or the LA officer."""
        case = brokerage.close_case(
            case_id, load(c.CaseCloseSchema, data), load_caller(caller), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def cancel_case(self, case_id, data, caller=None):
        """case id, CaseCancelSchema -> BrokerageCaseSchema (brokerage_cancelled): days return
        to the offer, the request reopens. The coordinator or the LA officer. Forbidden,
        Conflict."""
        case = brokerage.cancel_case(
            case_id, load(c.CaseCancelSchema, data), load_caller(caller), self.correlation_id
        )
        self._publish(BrokerageCase, case.id)
        return c.BrokerageCaseSchema().dump(brokerage.case_item(case))

    @rpc
    def school_ledger(self, urn, query=None, caller=None):
        """URN, LedgerQuerySchema -> LedgerSchema (support days given and received): the
        partnership roles and the school's staff, each seeing the rows (and days) of the cases
        they may see. NotFound, Forbidden."""
        data = load(c.LedgerQuerySchema, query)
        found = brokerage.ledger(
            urn_argument(urn), data.get("academic_year"), caller=load_caller(caller)
        )
        return c.LedgerSchema().dump(found)
