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
from contracts.common import PageQuerySchema, load
from contracts.delivery import CorrelationId
from contracts.errors import NotFound, invalid_from_marshmallow
from contracts.runtime import FreezeStartupObjects
from events import booking_batch, bookings, demand, meetings, records, usecases
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
    def health(self):
        """-> {"status": "ok", "mongodb": "ok" | "down: <why>"}."""
        try:
            self.db.command("ping")
        except PyMongoError as exc:
            return {"status": "ok", "mongodb": f"down: {exc}"[:200]}
        return {"status": "ok", "mongodb": "ok"}

    # --- events ----------------------------------------------------------------------------

    @rpc
    def create_event(self, data, created_by=None):
        """EventCreateSchema -> EventSchema. Errors: InvalidInput."""
        event = usecases.create_event(self._ctx(), load(c.EventCreateSchema, data), created_by)
        return c.EventSchema().dump(event)

    @rpc
    def list_events(self, query=None):
        """EventQuerySchema -> EventPageSchema. Errors: InvalidInput."""
        return c.EventPageSchema().dump(usecases.list_events(load(c.EventQuerySchema, query)))

    @rpc
    def get_event(self, event_id):
        """event id -> EventSchema. Errors: NotFound."""
        return c.EventSchema().dump(usecases.get_event(event_id))

    @rpc
    def update_event(self, event_id, data, actor=None):
        """EventUpdateSchema -> EventSchema (event_changed). Errors: InvalidInput, NotFound,
        Conflict."""
        changes = load(c.EventUpdateSchema, data)
        return c.EventSchema().dump(usecases.update_event(self._ctx(), event_id, changes, actor))

    @rpc
    def cancel_event(self, event_id, data=None, actor=None):
        """EventCancelSchema -> EventSchema (event_cancelled). Errors: NotFound, Conflict."""
        reason = load(c.EventCancelSchema, data)["reason"]
        return c.EventSchema().dump(usecases.cancel_event(self._ctx(), event_id, reason, actor))

    # --- bookings --------------------------------------------------------------------------

    @rpc
    def book_place(self, data):
        """BookPlaceSchema -> BookingSchema. Errors: InvalidInput, NotFound, Forbidden (audience),
        Conflict (already booked, cancelled, outside the booking window)."""
        booking = booking_batch.book_one(self._ctx(), _load_booking(data))
        return _BOOKING.dump(booking)

    @rpc
    def book_places(self, data):
        """BookPlacesSchema -> BookPlacesResultSchema: several bookings at once, each booked as
        ``book_place`` books it (those of one event share one store batch). Errors:
        InvalidInput for the call; each booking's own error is in its result."""
        items = load(c.BookPlacesSchema, data)["bookings"]
        base = self._ctx()
        requests = []
        for item in items:
            correlation_id = item.pop("correlation_id", None) or base.correlation_id
            requests.append((replace(base, correlation_id=correlation_id), item))
        results = []
        for outcome in booking_batch.book_many(requests):
            if isinstance(outcome, BaseException):
                results.append({"error": serialize(outcome)})
            else:
                results.append({"booking": _BOOKING.dump(outcome)})
        return _BOOK_PLACES_RESULT.dump({"results": results})

    @rpc
    def cancel_booking(self, booking_id, cancelled_by, may_cancel_others=False):
        """-> BookingSchema (cancelled). Errors: NotFound, Forbidden, Conflict (already
        cancelled)."""
        booking = bookings.cancel_booking(self._ctx(), booking_id, cancelled_by, may_cancel_others)
        return c.BookingSchema().dump(booking)

    @rpc
    def get_booking(self, booking_id):
        """booking id -> BookingSchema. Errors: NotFound."""
        return c.BookingSchema().dump(bookings.get_booking(booking_id))

    @rpc
    def list_bookings(self, person_id, query=None):
        """person id, BookingQuerySchema -> BookingPageSchema."""
        page = bookings.list_bookings(person_id, load(c.BookingQuerySchema, query))
        return c.BookingPageSchema().dump(page)

    @rpc
    def list_event_bookings(self, event_id, query=None):
        """event id, BookingQuerySchema -> BookingPageSchema. Errors: NotFound."""
        usecases.get_event_document(event_id)
        page = bookings.list_event_bookings(event_id, load(c.BookingQuerySchema, query))
        return c.BookingPageSchema().dump(page)

    @rpc
    def answer_offer(self, booking_id, actor, data, may_act_for_others=False):
        """OfferAnswerSchema -> BookingSchema. Errors: NotFound, Forbidden, Conflict (not the
        offer's version, answered, expired)."""
        answer = load(c.OfferAnswerSchema, data)
        booking = bookings.answer_offer(self._ctx(), booking_id, actor, answer, may_act_for_others)
        return c.BookingSchema().dump(booking)

    @rpc
    def answer_approval(self, booking_id, actor, data, may_act_for_others=False):
        """ApprovalAnswerSchema -> BookingSchema. Errors: NotFound, Forbidden, Conflict."""
        answer = load(c.ApprovalAnswerSchema, data)
        booking = bookings.answer_approval(
            self._ctx(), booking_id, actor, answer, may_act_for_others
        )
        return c.BookingSchema().dump(booking)

    @rpc
    def list_approvals(self, approver_id, query=None):
        """approver id, PageQuerySchema -> BookingPageSchema of bookings awaiting them."""
        page = bookings.list_approvals(approver_id, load(PageQuerySchema, query))
        return c.BookingPageSchema().dump(page)

    # --- attendance, certificates, feedback, statements, calendars ------------------------

    @rpc
    def record_attendance(self, event_id, data, actor=None):
        """AttendanceSchema -> {present, absent, certificates_issued}. Errors: InvalidInput,
        NotFound."""
        return records.record_attendance(
            self._ctx(), event_id, load(c.AttendanceSchema, data), actor
        )

    @rpc
    def get_certificate(self, booking_id):
        """-> {person_id, booked_by, filename, pdf_base64}. Errors: NotFound (none issued)."""
        booking = bookings.read_booking(booking_id)
        try:
            name = Directory(self.directory).person(booking["person_id"])["name"]
        except Exception:  # noqa: BLE001 - the certificate still names the person by id
            name = None
        return records.certificate(booking_id, name)

    @rpc
    def submit_feedback(self, event_id, person_id, data):
        """FeedbackCreateSchema -> FeedbackSummarySchema. Errors: Forbidden (did not attend),
        Conflict (already given), NotFound."""
        summary = records.submit_feedback(event_id, person_id, load(c.FeedbackCreateSchema, data))
        return c.FeedbackSummarySchema().dump(summary)

    @rpc
    def feedback_summary(self, event_id):
        """-> FeedbackSummarySchema. Errors: NotFound."""
        return c.FeedbackSummarySchema().dump(records.feedback_summary(event_id))

    @rpc
    def school_statement(self, urn, query):
        """school URN, StatementQuerySchema -> StatementSchema. Errors: InvalidInput."""
        term = load(c.StatementQuerySchema, query)["term"]
        return c.StatementSchema().dump(records.school_statement(int(urn), term))

    @rpc
    def school_statement_csv(self, urn, query):
        """school URN, StatementQuerySchema -> the statement as CSV text."""
        term = load(c.StatementQuerySchema, query)["term"]
        return records.statement_csv(records.school_statement(int(urn), term))

    @rpc
    def person_calendar(self, person_id):
        """-> iCal text of the person's bookings."""
        return records.person_feed(person_id)

    @rpc
    def school_calendar(self, urn):
        """-> iCal text of the school's staff bookings and hosted events."""
        return records.school_feed(int(urn))

    # --- cluster meetings and Teachmeets ---------------------------------------------------

    @rpc
    def create_rota(self, data, actor=None):
        """RotaCreateSchema -> RotaSchema. Errors: InvalidInput, Conflict (already a rota)."""
        rota = meetings.create_rota(self._ctx(), load(c.RotaCreateSchema, data), actor)
        return c.RotaSchema().dump(rota)

    @rpc
    def assign_meeting_roles(self, event_id, data):
        """MeetingRolesSchema -> EventSchema. Errors: InvalidInput, NotFound."""
        roles = load(c.MeetingRolesSchema, data)
        return c.EventSchema().dump(meetings.assign_meeting_roles(self._ctx(), event_id, roles))

    @rpc
    def publish_minutes(self, event_id, data):
        """MinutesSchema -> {minutes, actions} (minutes_published). Errors: InvalidInput,
        NotFound."""
        return meetings.publish_minutes(self._ctx(), event_id, load(c.MinutesSchema, data))

    @rpc
    def get_minutes(self, event_id):
        """-> {event_id, minutes, actions}. Errors: NotFound."""
        return meetings.get_minutes(event_id)

    @rpc
    def claim_slot(self, event_id, data):
        """SlotClaimSchema -> RunningOrderSchema. Errors: Conflict (full, already claimed)."""
        order = meetings.claim_slot(event_id, load(c.SlotClaimSchema, data))
        return c.RunningOrderSchema().dump(order)

    @rpc
    def get_running_order(self, event_id):
        """-> RunningOrderSchema. Errors: NotFound."""
        return c.RunningOrderSchema().dump(meetings.get_running_order(event_id))

    @rpc
    def publish_running_order(self, event_id):
        """-> RunningOrderSchema (running_order_published). Errors: NotFound."""
        return c.RunningOrderSchema().dump(meetings.publish_running_order(self._ctx(), event_id))

    # --- demand and pathways ---------------------------------------------------------------

    @rpc
    def submit_training_request(self, data, person_id, school_urn=None):
        """TrainingRequestCreateSchema -> TrainingRequestSchema. Errors: InvalidInput."""
        row = demand.submit_request(
            self._ctx(), load(c.TrainingRequestCreateSchema, data), person_id, school_urn
        )
        return c.TrainingRequestSchema().dump(row)

    @rpc
    def support_training_request(self, request_id, person_id):
        """-> TrainingRequestSchema. Errors: NotFound."""
        return c.TrainingRequestSchema().dump(demand.support_request(request_id, person_id))

    @rpc
    def list_training_requests(self, query=None):
        """TrainingRequestQuerySchema -> TrainingRequestPageSchema."""
        page = demand.list_requests(load(c.TrainingRequestQuerySchema, query))
        return c.TrainingRequestPageSchema().dump(page)

    @rpc
    def submit_audit(self, data, actor=None):
        """AuditSubmitSchema -> AuditSubmitSchema (stored). Errors: InvalidInput."""
        return demand.submit_audit(self._ctx(), load(c.AuditSubmitSchema, data), actor)

    @rpc
    def demand(self, query=None):
        """DemandQuerySchema -> DemandSchema."""
        return c.DemandSchema().dump(demand.demand(load(c.DemandQuerySchema, query)))

    @rpc
    def commission_course(self, data, actor=None):
        """CommissionSchema -> EventSchema (course_commissioned). Errors: InvalidInput, Conflict."""
        event = demand.commission_course(self._ctx(), load(c.CommissionSchema, data), actor)
        return c.EventSchema().dump(event)

    @rpc
    def create_pathway(self, data, actor=None):
        """PathwayCreateSchema -> PathwaySchema. Errors: InvalidInput, NotFound (course)."""
        return c.PathwaySchema().dump(
            demand.create_pathway(load(c.PathwayCreateSchema, data), actor)
        )

    @rpc
    def list_pathways(self, query=None):
        """PageQuerySchema -> PathwayPageSchema."""
        return c.PathwayPageSchema().dump(demand.list_pathways(load(PageQuerySchema, query)))

    @rpc
    def enrol_pathway(self, pathway_id, person_id):
        """-> PathwayProgressSchema (pathway_enrolled). Errors: NotFound, Conflict."""
        return c.PathwayProgressSchema().dump(demand.enrol(self._ctx(), pathway_id, person_id))

    @rpc
    def pathway_progress(self, pathway_id, person_id):
        """-> PathwayProgressSchema. Errors: NotFound (pathway, or not enrolled)."""
        return c.PathwayProgressSchema().dump(demand.progress(pathway_id, person_id))

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
