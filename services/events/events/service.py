"""The events nameko service: validates each payload with its contract, calls a use case, dumps."""

from nameko.rpc import rpc
from nameko.timer import timer
from pymongo.errors import PyMongoError

from contracts import events as c
from contracts.common import PageQuerySchema, load
from contracts.delivery import CorrelationId, OutboxRelay
from events import usecases
from events.storage import Store, outbox_collections


class EventsService:
    name = c.SERVICE

    db = Store()
    relay = OutboxRelay()
    correlation_id = CorrelationId()

    def _publish(self, document):
        self.relay.publish(document._get_collection(), document.id, document.outbox)

    @rpc
    def health(self):
        """-> {"status": "ok", "mongodb": "ok" | "down: <why>"}."""
        try:
            self.db.command("ping")
        except PyMongoError as exc:
            return {"status": "ok", "mongodb": f"down: {exc}"[:200]}
        return {"status": "ok", "mongodb": "ok"}

    @rpc
    def create_event(self, data, created_by=None):
        """EventCreateSchema -> EventSchema. Errors: InvalidInput."""
        event = usecases.create_event(
            load(c.EventCreateSchema, data), created_by, self.correlation_id
        )
        self._publish(event)
        return c.EventSchema().dump(usecases.event_item(event))

    @rpc
    def list_events(self, query=None):
        """EventQuerySchema -> EventPageSchema. Errors: InvalidInput."""
        return c.EventPageSchema().dump(usecases.list_events(load(c.EventQuerySchema, query)))

    @rpc
    def get_event(self, event_id):
        """event id -> EventSchema. Errors: NotFound."""
        return c.EventSchema().dump(usecases.event_item(usecases.get_event(event_id)))

    @rpc
    def book_place(self, data):
        """BookPlaceSchema -> BookingSchema. Errors: InvalidInput, NotFound, Conflict (already
        booked)."""
        booking = usecases.book_place(load(c.BookPlaceSchema, data), self.correlation_id)
        self._publish(booking)
        return c.BookingSchema().dump(usecases.booking_item(booking))

    @rpc
    def cancel_booking(self, booking_id, cancelled_by, may_cancel_others=False):
        """-> BookingSchema (cancelled). Errors: NotFound, Forbidden, Conflict (already
        cancelled)."""
        booking = usecases.cancel_booking(
            booking_id, cancelled_by, may_cancel_others, self.correlation_id
        )
        self._publish(booking)
        return c.BookingSchema().dump(usecases.booking_item(booking))

    @rpc
    def list_bookings(self, person_id, query=None):
        """person id, PageQuerySchema -> BookingPageSchema."""
        page = usecases.list_bookings(person_id, load(PageQuerySchema, query))
        return c.BookingPageSchema().dump(page)

    @timer(interval=5)
    def sweep_outbox(self):
        """Republish events a crash left in an outbox."""
        self.relay.sweep(outbox_collections())
