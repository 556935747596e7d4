"""The notifications nameko service: domain events in, inbox entries out."""

from nameko.rpc import rpc
from pymongo.errors import PyMongoError

from contracts import events as events_contract
from contracts import notifications as c
from contracts.common import load
from contracts.delivery import reliable_event_handler
from notifications import usecases
from notifications.messages import booking_messages
from notifications.storage import Store


def _booking_handler(kind):
    @reliable_event_handler(events_contract.SERVICE, kind)
    def handler(self, body):
        payload = load(events_contract.BookingEventSchema, body)
        usecases.deliver(payload["event_id"], booking_messages(kind, payload))

    handler.__name__ = f"handle_{kind}"
    handler.__doc__ = f"events.{kind} (BookingEventSchema) -> inbox entries for booker and booked."
    return handler


class NotificationsService:
    name = c.SERVICE

    db = Store()

    handle_booking_confirmed = _booking_handler(events_contract.BOOKING_CONFIRMED)
    handle_booking_waitlisted = _booking_handler(events_contract.BOOKING_WAITLISTED)
    handle_booking_cancelled = _booking_handler(events_contract.BOOKING_CANCELLED)

    @rpc
    def health(self):
        """-> {"status": "ok", "mongodb": "ok" | "down: <why>"}."""
        try:
            self.db.command("ping")
        except PyMongoError as exc:
            return {"status": "ok", "mongodb": f"down: {exc}"[:200]}
        return {"status": "ok", "mongodb": "ok"}

    @rpc
    def list_inbox(self, person_id, query=None):
        """person id, InboxQuerySchema -> NotificationPageSchema."""
        page = usecases.list_inbox(person_id, load(c.InboxQuerySchema, query))
        return c.NotificationPageSchema().dump(page)
