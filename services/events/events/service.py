"""The events nameko service: validates each payload with its contract, calls a use case, dumps."""

import os
from dataclasses import replace

from marshmallow import ValidationError
from nameko.dependency_providers import Config
from nameko.exceptions import serialize
from nameko.rpc import RpcProxy
from nameko.timer import timer
from pymongo.errors import PyMongoError

from contracts import events as c
from contracts.caller import load_caller
from contracts.common import PageQuerySchema, load
from contracts.delivery import CorrelationId
from contracts.errors import InvalidInput, NotFound, ServiceError, invalid_from_marshmallow
from contracts.runtime import FreezeStartupObjects
from events import (
    booking_batch,
    bookings,
    demand,
    meetings,
    permissions,
    progress,
    quotes,
    records,
    request_triage,
    slots,
    statements,
    usecases,
)
from events.context import Context, Settings
from events.entrypoints import rpc
from events.people import Directory
from events.relay import BatchedOutboxRelay
from events.storage import Store, outbox_collections

EXPIRY_SWEEP_SECONDS = float(os.environ.get("EVENTS_EXPIRY_SWEEP_SECONDS", "1"))
_BOOK_PLACE = c.BookPlaceSchema()
_BOOKING = c.BookingSchema()
_BOOK_PLACES_RESULT = c.BookPlacesResultSchema()


def _load_booking(data) -> dict:
    """``load(BookPlaceSchema, data)`` with one schema instance (the hot path)."""
    try:
        return _BOOK_PLACE.load(data if data is not None else {})
    except ValidationError as err:
        raise invalid_from_marshmallow(err) from None


def _urn(urn) -> int:
    """A school URN argument as an int (InvalidInput when it is not one)."""
    if isinstance(urn, bool) or not isinstance(urn, int | str):
        raise InvalidInput("A school URN is a number.", {"urn": ["Not a number."]})
    try:
        return int(urn)
    except ValueError:
        raise InvalidInput("A school URN is a number.", {"urn": ["Not a number."]}) from None


class EventsService:
    name = c.SERVICE
    runtime = FreezeStartupObjects()  # short garbage-collector pauses (contracts.runtime)

    db = Store()
    relay = BatchedOutboxRelay()
    correlation_id = CorrelationId()
    directory = RpcProxy("directory")
    config = Config()

    def _ctx(self) -> Context:
        return Context(
            settings=Settings.from_config(self.config),
            directory=Directory(self.directory),
            correlation_id=self.correlation_id,
            publish=self.relay.publish,
            publish_created=self.relay.publish_created,
        )

    @rpc
    def health(self, caller=None):
        """-> {"status": "ok", "mongodb": "ok" | "down: <why>"}."""
        try:
            self.db.command("ping")
        except PyMongoError as exc:
            return {"status": "ok", "mongodb": f"down: {exc}"[:200]}
        return {"status": "ok", "mongodb": "ok"}

    # --- events ----------------------------------------------------------------------------

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

    # --- bookings --------------------------------------------------------------------------

    @rpc
    def quote_price(self, event_id, caller=None):
        """event id -> PriceQuoteSchema: a place's price for the caller's school, by the rule a
        booking uses. Errors: NotFound, Unauthorized."""
        quote = quotes.quote_price(self._ctx(), event_id, load_caller(caller))
        return c.PriceQuoteSchema().dump(quote)

    @rpc
    def book_place(self, data, caller=None):
        """BookPlaceSchema -> BookingSchema: the caller books ``person_id`` (default: the
        caller). Errors: InvalidInput, NotFound, Unauthorized, Forbidden (may not book that
        person; outside the audience), Conflict (already booked, cancelled, outside the booking
        window)."""
        ctx = self._ctx()
        request = bookings.booking_for(ctx, load_caller(caller), _load_booking(data))
        return _BOOKING.dump(booking_batch.book_one(ctx, request))

    @rpc
    def book_places(self, data, caller=None):
        """BookPlacesSchema -> BookPlacesResultSchema: several bookings at once, each made by
        its own ``caller`` (the item's) and decided and booked as ``book_place`` would (those
        of one event share one store batch). Errors: InvalidInput for the call; each booking's
        own error (Unauthorized, Forbidden, Conflict, ...) is in its result."""
        items = load(c.BookPlacesSchema, data)["bookings"]
        base = self._ctx()
        outcomes: list = [None] * len(items)
        requests, places_of = [], []
        for i, item in enumerate(items):
            ctx = replace(base, correlation_id=item.get("correlation_id") or base.correlation_id)
            try:
                request = bookings.booking_for(ctx, load_caller(item.get("caller")), item)
            except ServiceError as exc:  # this booking's answer; the others go on
                outcomes[i] = exc
                continue
            requests.append((ctx, request))
            places_of.append(i)
        for i, outcome in zip(places_of, booking_batch.book_many(requests), strict=True):
            outcomes[i] = outcome
        results = []
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                results.append({"error": serialize(outcome)})
            else:
                results.append({"booking": _BOOKING.dump(outcome)})
        return _BOOK_PLACES_RESULT.dump({"results": results})

    @rpc
    def cancel_booking(self, booking_id, caller=None):
        """-> BookingSchema (cancelled) by its holder, its booker or the coordinator. Errors:
        NotFound, Unauthorized, Forbidden, Conflict (already cancelled)."""
        booking = bookings.cancel_booking(self._ctx(), booking_id, load_caller(caller))
        return c.BookingSchema().dump(booking)

    @rpc
    def get_booking(self, booking_id, caller=None):
        """booking id -> BookingSchema (its holder, booker, approver, the school's head,
        administrator or business manager, the partnership roles). Errors: NotFound,
        Unauthorized, Forbidden."""
        return c.BookingSchema().dump(bookings.get_booking(booking_id, load_caller(caller)))

    @rpc
    def list_bookings(self, query=None, caller=None):
        """BookingQuerySchema -> BookingPageSchema of the caller's bookings (each with its
        waitlist position and names). Errors: Unauthorized."""
        who = permissions.require_person(load_caller(caller))
        page = bookings.list_bookings(who.id, load(c.BookingQuerySchema, query), self._ctx())
        return c.BookingPageSchema().dump(page)

    @rpc
    def list_event_bookings(self, event_id, query=None, caller=None):
        """event id, BookingQuerySchema -> BookingPageSchema (the event's organisers). Errors:
        NotFound, Unauthorized, Forbidden."""
        event = usecases.get_event_document(event_id)
        ctx = self._ctx()
        usecases.check_may_manage(ctx, load_caller(caller), event)
        page = bookings.list_event_bookings(event_id, load(c.BookingQuerySchema, query), ctx)
        return c.BookingPageSchema().dump(page)

    @rpc
    def answer_offer(self, booking_id, data, caller=None):
        """OfferAnswerSchema -> BookingSchema (the person offered, their booker, or the
        coordinator). Errors: NotFound, Unauthorized, Forbidden, Conflict (not the offer's
        version, answered, expired)."""
        answer = load(c.OfferAnswerSchema, data)
        booking = bookings.answer_offer(self._ctx(), booking_id, load_caller(caller), answer)
        return c.BookingSchema().dump(booking)

    @rpc
    def answer_approval(self, booking_id, data, caller=None):
        """ApprovalAnswerSchema -> BookingSchema (the approver asked, or the coordinator).
        Errors: NotFound, Unauthorized, Forbidden, Conflict."""
        answer = load(c.ApprovalAnswerSchema, data)
        booking = bookings.answer_approval(self._ctx(), booking_id, load_caller(caller), answer)
        return c.BookingSchema().dump(booking)

    @rpc
    def list_approvals(self, query=None, caller=None):
        """PageQuerySchema -> BookingPageSchema of bookings awaiting the caller's approval.
        Errors: Unauthorized."""
        who = permissions.require_person(load_caller(caller))
        page = bookings.list_approvals(who.id, load(PageQuerySchema, query), self._ctx())
        return c.BookingPageSchema().dump(page)

    # --- attendance, certificates, feedback, statements, calendars ------------------------

    @rpc
    def record_attendance(self, event_id, data, caller=None):
        """AttendanceSchema -> {present, absent, certificates_issued} (the event's organisers).
        Errors: InvalidInput, NotFound, Unauthorized, Forbidden."""
        data = load(c.AttendanceSchema, data)
        return records.record_attendance(self._ctx(), event_id, data, load_caller(caller))

    @rpc
    def get_certificate(self, booking_id, caller=None):
        """-> {person_id, booked_by, filename, pdf_base64} (its holder, booker, the partnership
        roles). Errors: NotFound (none issued), Unauthorized, Forbidden."""
        return records.certificate(self._ctx(), booking_id, load_caller(caller))

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

    # --- cluster meetings and Teachmeets ---------------------------------------------------

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
        """MinutesSchema -> {minutes, actions} (minutes_published): the meeting's chair or
        minute-taker, the host school's leaders, the partnership roles. Errors: InvalidInput,
        NotFound, Unauthorized, Forbidden."""
        minutes = load(c.MinutesSchema, data)
        return meetings.publish_minutes(self._ctx(), event_id, minutes, load_caller(caller))

    @rpc
    def get_minutes(self, event_id, caller=None):
        """-> {event_id, minutes, actions}: people of the meeting's cluster, its strategic group,
        the partnership roles. Errors: NotFound, Unauthorized, Forbidden."""
        return meetings.get_minutes(self._ctx(), event_id, load_caller(caller))

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

    # --- demand and pathways ---------------------------------------------------------------

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
        """AuditSubmitSchema -> AuditSubmitSchema (stored; the school's leaders, the partnership
        roles). Errors: InvalidInput, Unauthorized, Forbidden."""
        data = load(c.AuditSubmitSchema, data)
        return demand.submit_audit(self._ctx(), data, load_caller(caller))

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

    # --- timers ----------------------------------------------------------------------------

    @timer(interval=EXPIRY_SWEEP_SECONDS)
    def expire_lapsed(self):
        """Offers and approval requests past their deadline lapse; their places move on."""
        try:
            bookings.expire_lapsed(self._ctx())
        except (PyMongoError, NotFound):
            pass

    @timer(interval=5)
    def sweep_outbox(self):
        """Republish events a crash left in an outbox, in a dirty booking, or in new bookings
        still noted as unannounced."""
        self.relay.sweep(outbox_collections())
        self.relay.sweep_dirty()
        self.relay.sweep_created()
