"""What a service's operations endpoint reads: whether its broker and its store answer
(readiness), and the gauges read at each scrape (outbox backlog and age, dead-letter depth).

Each check is bounded (``CHECK_SECONDS``): a probe answers within a few seconds even when the
store or the broker is away."""

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import eventlet  # type: ignore[import-untyped, unused-ignore]
from amqp.exceptions import NotFound as QueueNotFound  # type: ignore[import-untyped, unused-ignore]
from kombu import Connection
from mongoengine.connection import get_db

from contracts.wire import dead_letter_queue_name
from runtime.delivery import stale_outbox_filter

_log = logging.getLogger(__name__)
CHECK_SECONDS = 2.0
OUTBOX_READ_LIMIT = 5000

Backlog = tuple[int, datetime | None]  # (entries waiting, when the oldest was stored)


def broker_answers(amqp_uri: str, seconds: float = CHECK_SECONDS) -> bool:
    """A connection to the broker opens (and is closed again) within ``seconds``."""
    try:
        with eventlet.Timeout(seconds), Connection(amqp_uri, connect_timeout=seconds) as conn:
            conn.connect()
        return True
    except (Exception, eventlet.Timeout) as exc:  # noqa: BLE001 - any failure is "down"
        _log.warning("readiness: the broker did not answer: %r", exc)
        return False


def store_answers(alias: str, seconds: float = CHECK_SECONDS) -> bool:
    """The database bound to ``alias`` answers a ping within ``seconds``."""
    try:
        with eventlet.Timeout(seconds):
            get_db(alias).command("ping")
        return True
    except (Exception, eventlet.Timeout) as exc:  # noqa: BLE001 - any failure is "down"
        _log.warning("readiness: the store (%s) did not answer: %r", alias, exc)
        return False


def outbox_backlog(collection: Any, limit: int = OUTBOX_READ_LIMIT) -> Backlog:
    """Entries waiting in the ``outbox`` arrays of ``collection``'s documents, and the time the
    oldest was stored (through the ``outbox.at`` index the relay's sweep uses)."""
    count, oldest = 0, None
    waiting = stale_outbox_filter(timedelta(0))
    for doc in collection.find(waiting, {"outbox.at": 1}).limit(limit):
        for entry in doc.get("outbox") or []:
            count += 1
            at = entry.get("at")
            if at is not None and (oldest is None or at < oldest):
                oldest = at
    return count, oldest


def age_seconds(at: datetime | None, now: datetime | None = None) -> float:
    if at is None:
        return 0.0
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return max(0.0, ((now or datetime.now(UTC)) - at).total_seconds())


def backlogs(
    outboxes: Callable[[], Iterable[Any]] | None,
    extra: Iterable[Callable[[], dict[str, Backlog]]] = (),
) -> dict[str, Backlog]:
    """``{name: (count, oldest)}`` for each outbox collection and each ``extra`` reading."""
    found: dict[str, Backlog] = {}
    for collection in outboxes() if outboxes else ():
        found[collection.name] = outbox_backlog(collection)
    for reading in extra:
        found.update(reading())
    return found


def dead_letter_depths(amqp_uri: str, queues: Iterable[str]) -> dict[str, int]:
    """Messages waiting in each handler queue's dead-letter queue (passive declares; a queue not
    declared yet holds 0)."""
    depths: dict[str, int] = {}
    names = list(queues)
    if not names:
        return depths
    with eventlet.Timeout(CHECK_SECONDS * 2), Connection(amqp_uri) as conn:
        for queue in names:
            dlq = dead_letter_queue_name(queue)
            channel = conn.channel()
            try:
                _, waiting, _ = channel.queue_declare(dlq, passive=True)
            except QueueNotFound:
                waiting = 0
            finally:
                try:
                    channel.close()
                except Exception:  # noqa: BLE001 - a failed passive declare closed it already
                    pass
            depths[dlq] = waiting
    return depths
