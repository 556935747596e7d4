"""Inbox long polls answered in the gateway, from the notifications service's live feed.

Each gateway process subscribes to ``notification_created`` on ``notifications.events`` with a
queue of its own and keeps the entries of the last minute per person. A long poll for entries
``after`` a time is then answered from that memory the moment the entry arrives, with no RPC,
provided the subscription was live since before ``after``. Otherwise, or when nothing arrives
before the wait ends, the inbox is read from the notifications service as before: the feed is
unconfirmed, so that read is what guarantees no entry is missed.

``recent_inbox.RecentEntries`` holds the entries and the waiting readers; ``InboxFeed`` is the
AMQP consumer thread that fills it. The feed carries inbox entries as the inbox shows them and
nothing else (no email context: a password reset's code never reaches it). The gateway's broker
user may bind only ``notification_created`` of ``notifications.events`` to queues of its own.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import current_app
from kombu import Connection, Exchange, Queue
from kombu.mixins import ConsumerMixin
from marshmallow import ValidationError

from contracts import notifications as n
from contracts.delivery import DEAD_LETTER_EXCHANGE, dead_letter_queue_name
from gateway.recent_inbox import RecentEntries

_log = logging.getLogger(__name__)

FEED_DEAD_LETTER_KEY = "gateway.inbox-feed"


class InboxFeed(ConsumerMixin):
    """The consumer thread: ``notification_created`` messages into ``recent``. A message that
    does not match its contract is dead-lettered to ``dlq.gateway.inbox-feed``."""

    def __init__(self, amqp_uri: str, recent: RecentEntries):
        self.connection = Connection(amqp_uri, heartbeat=15)
        self.recent = recent
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        exchange = Exchange(f"{n.SERVICE}.events", type="topic", durable=True)
        self.queue = Queue(
            f"gateway-inbox-feed-{uuid.uuid4().hex}",
            exchange=exchange,
            routing_key=n.NOTIFICATION_CREATED,
            exclusive=True,
            auto_delete=True,
            durable=False,
            queue_arguments={
                "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
                "x-dead-letter-routing-key": FEED_DEAD_LETTER_KEY,
            },
        )
        self.dead_letters = Queue(
            dead_letter_queue_name(FEED_DEAD_LETTER_KEY),
            exchange=Exchange(DEAD_LETTER_EXCHANGE, type="direct", durable=True),
            routing_key=FEED_DEAD_LETTER_KEY,
            durable=True,
        )
        self._schema = n.NotificationCreatedSchema()
        self._item = n.NotificationSchema()

    def start(self) -> None:
        """Start consuming in a daemon thread (once; later calls do nothing)."""
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run_forever, name="inbox-feed", daemon=True
                )
                self._thread.start()

    def stop(self) -> None:
        self.should_stop = True
        if self._thread is not None:
            self._thread.join(timeout=5)

    def get_consumers(self, Consumer, channel):  # noqa: N803 - kombu's signature
        self.dead_letters(channel).declare()
        consumer = Consumer(
            queues=[self.queue], callbacks=[self._on_message], accept=["json"], prefetch_count=200
        )
        consumer.on_decode_error = self._undecodable
        return [consumer]

    def on_consume_ready(self, connection, channel, consumers, **kwargs):
        self.recent.went_live()

    @contextmanager
    def extra_context(self, connection, channel):
        try:
            yield
        finally:  # consuming ended, whatever ended it: entries may be missed from now on
            self.recent.went_down()

    def on_connection_error(self, exc, interval):
        _log.warning("inbox feed: broker unreachable (%s), retrying in %s s", exc, interval)

    def _run_forever(self) -> None:
        while not self.should_stop:
            try:
                self.run()
            except Exception:  # noqa: BLE001 - the feed must outlive any one failure
                _log.exception("inbox feed stopped; starting again in 1 s")
                time.sleep(1)

    def _on_message(self, body, message) -> None:
        try:
            loaded = self._schema.load(body)
        except ValidationError as err:
            _log.error("inbox feed: a message not matching its contract, dead-lettered: %s", err)
            message.reject(requeue=False)
            return
        message.ack()
        self.recent.add(self._item.dump(loaded["notification"]))

    def _undecodable(self, message, exc) -> None:
        _log.error("inbox feed: an undecodable message, dead-lettered: %s", exc)
        message.reject(requeue=False)


def init_app(app) -> None:
    if app.config["INBOX_FEED"]:
        app.extensions["inbox_feed"] = InboxFeed(app.config["AMQP_URI"], RecentEntries())
    app.extensions["inbox_waiters"] = threading.BoundedSemaphore(app.config["INBOX_WAITERS"])


def inbox_page(person_id: str, query: dict, read: Callable[[dict], dict]) -> dict:
    """The person's inbox page for an ``InboxQuerySchema`` query. A long poll (``wait``) is
    answered from the feed when it can be, else ``read(query)`` asks the notifications service
    (with ``wait`` 0 when the feed has waited). At most ``INBOX_WAITERS`` long polls wait at once
    in this process, so waiting readers never hold every thread: the next are read at once."""
    if query["wait"] <= 0:
        return read(query)
    waiters: threading.BoundedSemaphore = current_app.extensions["inbox_waiters"]
    if not waiters.acquire(blocking=False):
        return read({**query, "wait": 0})
    try:
        return _long_poll(person_id, query, read)
    finally:
        waiters.release()


def _long_poll(person_id: str, query: dict, read: Callable[[dict], dict]) -> dict:
    feed: InboxFeed | None = current_app.extensions.get("inbox_feed")
    after = query.get("after")
    if feed is None or after is None:
        return read(query)  # (the notifications service waits, holding this request's thread)
    feed.start()  # (in the process that serves: a server may fork after making the app)
    recent, at_once = feed.recent, {**query, "wait": 0}
    if query["page"] != 1 or query.get("unread") is False:
        return read(query)
    if recent.covers(after):
        page = recent.wait_page(person_id, after, query["per_page"], query["wait"])
    else:  # ``after`` is older than what the feed keeps: the store up to now, the feed after
        read_at = datetime.now(UTC)
        if not recent.covers(read_at):
            return read(query)  # the feed is not live (long enough) yet
        page = read(at_once)
        if page["items"]:
            return page
        page = recent.wait_page(
            person_id, after, query["per_page"], query["wait"], store_read_at=read_at
        )
    return page if page is not None else read(at_once)
