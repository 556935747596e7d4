"""How domain events leave a service and arrive at another: the wire's delivery guarantees.

Leaving (no lost facts): a use case stores the events it announces *inside the same atomic write*
as the state change, in the changed document's ``outbox`` array (see ``outbox_entry``).
``OutboxRelay`` then publishes them to ``<service>.events`` with publisher confirms and pulls them
from the document; a service's periodic ``sweep`` republishes whatever a crash left behind. A fact
may therefore be published twice, never lost.

Arriving (never twice, never dropped): ``reliable_event_handler`` declares its queue with a
dead-letter exchange; a handler that raises is retried once by redelivery, then its message goes
to the queue's dead-letter queue ``dlq.<queue>`` (a body that cannot even be decoded goes there at
once, and the consumer goes on). Handlers stay idempotent on ``event_id`` (a unique index in the
consuming service's own store), so the redelivery or a duplicate publish never acts twice.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from kombu import Connection, Exchange, Queue
from kombu.pools import connections
from marshmallow import Schema
from nameko.contextdata import ContextDataProvider
from nameko.events import EventDispatcher, EventHandler
from nameko.messaging import QueueConsumer

from contracts.envelope import make_event
from contracts.wire import CORRELATION_KEY, DEAD_LETTER_EXCHANGE, dead_letter_queue_name
from runtime import queues

if TYPE_CHECKING:  # the services' stores are pymongo's
    from pymongo.collection import Collection

_log = logging.getLogger(__name__)
queues.install()  # every service imports this module: its nameko queues are typed (QUEUE_TYPE)


class CorrelationId(ContextDataProvider):
    """The correlation id the caller sent in the nameko context (the gateway's request id)."""

    context_key = CORRELATION_KEY


def outbox_entry(
    name: str, schema: type[Schema], payload: dict, correlation_id: str | None = None
) -> dict:
    """Event ``name`` (its contract ``schema`` dumps the enveloped payload to plain JSON), ready
    to be
    stored in a document's ``outbox`` array and relayed later."""
    body = schema().dump(make_event(payload, correlation_id=correlation_id))
    return {"name": name, "body": body, "at": datetime.now(UTC)}


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def stale_outbox_filter(older_than: timedelta) -> dict:
    """Documents holding outbox entries older than ``older_than``. A bounded range on
    ``outbox.at`` (give the collection that index): an ``$elemMatch`` or an open ``$lt`` makes
    some servers scan the whole collection."""
    return {"outbox.at": {"$gte": _EPOCH, "$lt": datetime.now(UTC) - older_than}}


class _Relay:
    def __init__(self, publish: Callable[[str, dict], object]) -> None:
        self._publish = publish

    def publish(self, collection: "Collection", doc_id: object, entries: Iterable[dict]) -> int:
        """Publish ``entries`` of the document ``doc_id`` (confirmed), then remove them from its
        outbox."""
        sent = []
        for entry in entries:
            self._publish(entry["name"], entry["body"])
            sent.append(entry["body"]["event_id"])
        if sent:
            collection.update_one(
                {"_id": doc_id}, {"$pull": {"outbox": {"body.event_id": {"$in": sent}}}}
            )
        return len(sent)

    def publish_pending(self, collection: "Collection", *doc_ids: object) -> int:
        """Relay what the last write put in these documents' outboxes (the use case wrote the
        state change and its events together; this publishes them right after)."""
        count = 0
        found = collection.find(
            {"_id": {"$in": list(doc_ids)}, "outbox.0": {"$exists": True}}, {"outbox": 1}
        )
        for doc in found:
            count += self.publish(collection, doc["_id"], doc["outbox"])
        return count

    def sweep(
        self, collections: Iterable["Collection"], older_than: timedelta = timedelta(seconds=10)
    ) -> int:
        """Republish outbox entries older than ``older_than`` that a crash left unpublished."""
        count = 0
        for collection in collections:
            for doc in collection.find(stale_outbox_filter(older_than), {"outbox": 1}).limit(500):
                count += self.publish(collection, doc["_id"], doc["outbox"])
        if count:
            _log.warning("outbox sweep republished %d events", count)
        return count


class OutboxRelay(EventDispatcher):
    """Dependency: ``self.relay.publish_pending(collection, *doc_ids)`` after a write,
    ``self.relay.sweep(...)`` on a timer (and ``publish(collection, doc_id, entries)``)."""

    def get_dependency(self, worker_ctx: Any) -> _Relay:
        return _Relay(super().get_dependency(worker_ctx))


class DeadLetteringQueueConsumer(QueueConsumer):
    """The queue consumer of reliable handlers: a body that cannot even be decoded (not JSON, a
    content type not accepted) is dead-lettered at once instead of killing the consumer."""

    def get_consumers(self, consumer_cls: Any, channel: Any) -> Any:
        consumers = super().get_consumers(consumer_cls, channel)
        for consumer in consumers:
            consumer.on_decode_error = self._dead_letter_undecodable
        return consumers

    def _dead_letter_undecodable(self, message: Any, exc: Exception) -> None:
        _log.error("undecodable message on %s, dead-lettering: %s", message.delivery_info, exc)
        if message.channel.connection:
            message.reject(requeue=False)


class ReliableEventHandler(EventHandler):
    """An ``event_handler`` whose failures are retried once, then dead-lettered, never dropped."""

    queue_consumer = DeadLetteringQueueConsumer()

    def setup(self) -> None:
        super().setup()
        name = self.queue.name
        self.queue.queue_arguments = {
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key": name,
        }
        dlx = Exchange(DEAD_LETTER_EXCHANGE, type="direct", durable=True)
        dlq = Queue(dead_letter_queue_name(name), exchange=dlx, routing_key=name, durable=True)
        # one pooled connection declares every handler's dead-letter queue, not one each
        with connections[Connection(self.container.config["AMQP_URI"])].acquire(block=True) as conn:
            queues.declare(dlq, conn.default_channel)

    def handle_message_processed(
        self, message: Any, result: object = None, exc_info: object = None
    ) -> None:
        if exc_info is None:
            self.queue_consumer.ack_message(message)
        elif not message.delivery_info.get("redelivered"):
            _log.warning("handler %s failed, redelivering once", self.method_name)
            self.queue_consumer.requeue_message(message)
        else:
            _log.error("handler %s failed twice, dead-lettering", self.method_name)
            if message.channel.connection:
                try:
                    message.reject(requeue=False)
                except OSError:  # the connection broke (a broker node died): delivered again
                    _log.warning("connection lost before dead-lettering; redelivered later")


reliable_event_handler = ReliableEventHandler.decorator
