"""The events service's RPCs for what an event leaves behind: the attendance register,
certificates, feedback, the schools' and the partnership's statements (JSON and CSV) and the
personal and school calendar feeds. A mixin of ``EventsService``; a school URN argument is
checked here (``InvalidInput`` naming ``urn`` when it is not a number)."""

from collections.abc import Callable

from contracts import events as c
from contracts.caller import load_caller
from contracts.common import load
from contracts.errors import InvalidInput
from events import permissions, records, statements
from events.context import Context
from events.entrypoints import rpc


def _urn(urn) -> int:
    """A school URN argument as an int (InvalidInput when it is not one)."""
    if isinstance(urn, bool) or not isinstance(urn, int | str):
        raise InvalidInput("A school URN is a number.", {"urn": ["Not a number."]})
    try:
        return int(urn)
    except ValueError:
        raise InvalidInput("A school URN is a number.", {"urn": ["Not a number."]}) from None


class RecordsRpc:
    _ctx: Callable[[], Context]  # the service's use-case context (EventsService._ctx)

    @rpc
    def record_attendance(self, event_id, data, caller=None):
        """AttendanceSchema -> AttendanceResultSchema (the event's organisers). Errors:
        InvalidInput, NotFound, Unauthorized, Forbidden."""
        data = load(c.AttendanceSchema, data)
        result = records.record_attendance(self._ctx(), event_id, data, load_caller(caller))
        return c.AttendanceResultSchema().dump(result)

    @rpc
    def get_certificate(self, booking_id, caller=None):
        """-> CertificateSchema (its holder, booker, the partnership roles). Errors: NotFound
        (none issued), InvalidInput (sessions it counts not all started), Unauthorized,
        Forbidden."""
        found = records.certificate(self._ctx(), booking_id, load_caller(caller))
        return c.CertificateSchema().dump(found)

    @rpc
    def submit_feedback(self, event_id, data, caller=None):
        """FeedbackCreateSchema -> FeedbackSummarySchema (with the caller's own comment only).
        Errors: Unauthorized, Forbidden (did not attend), Conflict (already given), NotFound."""
        data = load(c.FeedbackCreateSchema, data)
        summary = records.submit_feedback(event_id, load_caller(caller), data)
        return c.FeedbackSummarySchema().dump(summary)

    @rpc
    def feedback_summary(self, event_id, caller=None):
        """-> FeedbackSummarySchema (the event's organisers). Errors: NotFound, Unauthorized,
        Forbidden."""
        summary = records.feedback_summary(self._ctx(), event_id, load_caller(caller))
        return c.FeedbackSummarySchema().dump(summary)

    @rpc
    def school_statement(self, urn, query, caller=None):
        """school URN, StatementQuerySchema -> StatementSchema of the term (default: the current
        one) for the school's head, business manager or administrator and the partnership roles.
        Errors: InvalidInput, Unauthorized, Forbidden."""
        term = load(c.StatementQuerySchema, query)["term"]
        found = statements.school_statement(self._ctx(), _urn(urn), term, load_caller(caller))
        return c.StatementSchema().dump(found)

    @rpc
    def school_statement_csv(self, urn, query, caller=None):
        """school URN, StatementQuerySchema -> the statement as CSV text (cells that would be
        spreadsheet formulas start with ``'``). Errors: as ``school_statement``."""
        term = load(c.StatementQuerySchema, query)["term"]
        found = statements.school_statement(self._ctx(), _urn(urn), term, load_caller(caller))
        return statements.statement_csv(found)

    @rpc
    def partnership_statement(self, query, caller=None):
        """StatementQuerySchema -> PartnershipStatementSchema: what every school owes for the
        term (the coordinator, the LA officer). Errors: InvalidInput, Unauthorized, Forbidden."""
        term = load(c.StatementQuerySchema, query)["term"]
        found = statements.partnership_statement(self._ctx(), term, load_caller(caller))
        return c.PartnershipStatementSchema().dump(found)

    @rpc
    def partnership_statement_csv(self, query, caller=None):
        """StatementQuerySchema -> the partnership-wide statement as CSV text. Errors: as
        ``partnership_statement``."""
        term = load(c.StatementQuerySchema, query)["term"]
        found = statements.partnership_statement(self._ctx(), term, load_caller(caller))
        return statements.partnership_statement_csv(found)

    @rpc
    def person_calendar(self, caller=None):
        """-> iCal text of the caller's bookings. Errors: Unauthorized."""
        who = permissions.require_person(load_caller(caller))
        return records.person_feed(who.id)

    @rpc
    def school_calendar(self, urn, caller=None):
        """-> iCal text of the school's staff bookings and hosted events (its staff, the
        partnership roles). Errors: InvalidInput, Unauthorized, Forbidden."""
        return records.school_feed(_urn(urn), load_caller(caller))
