"""A gateway process's own subscription to one domain event (the inbox and session feeds).

Each feed is an exclusive, auto-deleted queue ``gateway-<name>-<hex>`` bound to one event of a
service's ``<service>.events`` exchange, consumed in a daemon thread that outlives any one
failure (it stays a classic queue: a quorum queue cannot be exclusive). A message that does not
match its contract, or cannot be decoded, is dead-lettered to ``dlq.gateway.<name>`` (durable,
typed by ``runtime.queues``), never dropped. Subclasses say what an event means (``on_event``) and
what follows from the feed going live or down: while it is down, events may be missed.
"""

import logging
import threading
import time
import uuid
from contextlib import contextmanager

from kombu import Connection, Exchange, Queue
from kombu.mixins import ConsumerMixin
from marshmallow import Schema, ValidationError

from contracts.wire import DEAD_LETTER_EXCHANGE, dead_letter_queue_name
from runtime import queues

_log = logging.getLogger(__name__)


class Feed(ConsumerMixin):
    def __init__(self, amqp_uri: str, name: str, service: str, event: str, schema: Schema):
        self.connection = Connection(amqp_uri, heartbeat=15)
        self.name = name
        self._schema = schema
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        dead_letter_key = f"gateway.{name}"
        self.queue = Queue(
            f"gateway-{name}-{uuid.uuid4().hex}",
            exchange=Exchange(f"{service}.events", type="topic", durable=True),
            routing_key=event,
            exclusive=True,
            auto_delete=True,
            durable=False,
            queue_arguments={
                "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
                "x-dead-letter-routing-key": dead_letter_key,
            },
        )
        self.dead_letters = Queue(
            dead_letter_queue_name(dead_letter_key),
            exchange=Exchange(DEAD_LETTER_EXCHANGE, type="direct", durable=True),
            routing_key=dead_letter_key,
            durable=True,
        )

    # what a subclass says
    def on_event(self, loaded: dict) -> None:
        raise NotImplementedError

    def went_live(self) -> None:
        """Consuming has started: from now on no event is missed."""

    def went_down(self) -> None:
        """Consuming has ended, whatever ended it: events may be missed from now on."""

    # the consumer thread
    def start(self) -> None:
        """Start consuming in a daemon thread (once; later calls do nothing)."""
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run_forever, name=self.name, daemon=True
                )
                self._thread.start()

    def stop(self) -> None:
        self.should_stop = True
        if self._thread is not None:
            self._thread.join(timeout=5)

    def get_consumers(self, Consumer, channel):  # noqa: N803 - kombu's signature
        queues.declare(self.dead_letters, channel)  # a quorum queue unless QUEUE_TYPE=classic
        consumer = Consumer(
            queues=[self.queue], callbacks=[self._on_message], accept=["json"], prefetch_count=200
        )
        consumer.on_decode_error = self._undecodable
        return [consumer]

    def on_consume_ready(self, connection, channel, consumers, **kwargs):
        self.went_live()

    @contextmanager
    def extra_context(self, connection, channel):
        try:
            yield
        finally:
            self.went_down()

    def on_connection_error(self, exc, interval):
        _log.warning("%s: broker unreachable (%s), retrying in %s s", self.name, exc, interval)

    def _run_forever(self) -> None:
        while not self.should_stop:
            try:
                self.run()
            except Exception:  # noqa: BLE001 - the feed must outlive any one failure
                _log.exception("%s stopped; starting again in 1 s", self.name)
                time.sleep(1)

    def _on_message(self, body, message) -> None:
        try:
            loaded = self._schema.load(body)
        except ValidationError as err:
            _log.error("%s: a message not matching its contract, dead-lettered: %s", self.name, err)
            message.reject(requeue=False)
            return
        self.on_event(loaded)
        message.ack()

    def _undecodable(self, message, exc) -> None:
        _log.error("%s: an undecodable message, dead-lettered: %s", self.name, exc)
        message.reject(requeue=False)
