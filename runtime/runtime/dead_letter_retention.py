"""Dead-lettered messages older than a retention period (``DEAD_LETTER_RETENTION_DAYS``, default
90) leave their dead-letter queues; younger ones stay, in their order.

A queue has no "delete where", so the sweep takes each message in turn (at most as many as the
queue held when it began), acknowledges the old ones (gone) and, once done, hands the young ones
back unacknowledged: RabbitMQ puts them back where they were. A message's age is the newest
dead-lettering time RabbitMQ wrote in its ``x-death`` header; a message without one (never
dead-lettered by the broker) is kept.

>>> from datetime import UTC, datetime
>>> old = {"x-death": [{"time": datetime(2020, 1, 1, tzinfo=UTC), "count": 1}]}
>>> is_expired(old, datetime(2021, 1, 1, tzinfo=UTC)), is_expired({}, datetime(2021, 1, 1))
(True, False)
"""

import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from amqp.exceptions import NotFound as QueueNotFound  # type: ignore[import-untyped]
from kombu import Connection
from nameko.dependency_providers import Config
from nameko.timer import timer

from contracts.wire import dead_letter_queue_name

_log = logging.getLogger(__name__)
DEFAULT_DAYS = 90
# a nameko timer's interval is fixed as its class is defined: from the environment (daily)
SWEEP_SECONDS = float(os.environ.get("RETENTION_SWEEP_SECONDS", str(24 * 3600)))


def retention_days(config: Any = None) -> float:
    """``DEAD_LETTER_RETENTION_DAYS`` from the service's config, else the environment, else 90."""
    value = (config or {}).get("DEAD_LETTER_RETENTION_DAYS")
    value = value if value not in (None, "") else os.environ.get("DEAD_LETTER_RETENTION_DAYS")
    return float(value) if value not in (None, "") else float(DEFAULT_DAYS)


def handler_queues(service_class: Any) -> list[str]:
    """The queue of every event handler of ``service_class`` (as nameko names them)."""
    names = []
    for attr in sorted(dir(service_class)):
        for entrypoint in getattr(getattr(service_class, attr), "nameko_entrypoints", ()):
            if hasattr(entrypoint, "source_service"):
                names.append(
                    f"evt-{entrypoint.source_service}-{entrypoint.event_type}"
                    f"--{service_class.name}.{attr}"
                )
    return names


def _as_utc(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return None


def dead_lettered_at(headers: dict | None) -> datetime | None:
    """The newest time RabbitMQ dead-lettered the message (its ``x-death`` entries)."""
    times = [_as_utc(death.get("time")) for death in (headers or {}).get("x-death") or ()]
    known = [t for t in times if t is not None]
    return max(known) if known else None


def is_expired(headers: dict | None, cutoff: datetime) -> bool:
    """Dead-lettered before ``cutoff`` (a message with no dead-lettering time never is)."""
    at = dead_lettered_at(headers)
    return at is not None and at < _as_utc(cutoff)  # type: ignore[operator]


def sweep_queue(
    channel: Any, queue: str, cutoff: datetime, dry_run: bool = False
) -> tuple[int, int]:
    """(expired, kept) of dead-letter queue ``queue``; the expired ones removed unless dry."""
    try:
        _, waiting, _ = channel.queue_declare(queue, passive=True)
    except QueueNotFound:
        return 0, 0
    expired = kept = 0
    held = []
    for _ in range(waiting):
        message = channel.basic_get(queue, no_ack=False)
        if message is None:
            break
        old = is_expired(message.properties.get("application_headers"), cutoff)
        expired, kept = expired + int(old), kept + int(not old)
        if old and not dry_run:
            channel.basic_ack(message.delivery_info["delivery_tag"])
        else:
            held.append(message.delivery_info["delivery_tag"])
    for tag in reversed(held):
        channel.basic_reject(tag, requeue=True)
    return expired, kept


def sweep(
    amqp_uri: str,
    handler_queue_names: list[str],
    older_than: timedelta,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Remove (or, dry, count) the messages of each handler queue's dead-letter queue that were
    dead-lettered more than ``older_than`` ago: ``{dead-letter queue: how many}``."""
    cutoff = (now or datetime.now(UTC)) - older_than
    removed = {}
    with Connection(amqp_uri) as conn:
        for queue in handler_queue_names:
            name = dead_letter_queue_name(queue)
            channel = conn.channel()
            try:
                expired, kept = sweep_queue(channel, name, cutoff, dry_run)
            finally:
                try:
                    channel.close()
                except Exception:  # noqa: BLE001 - a passive declare may have closed it already
                    pass
            removed[name] = expired
            if progress:
                progress(name, expired, kept)
    total = sum(removed.values())
    if total and not dry_run:
        _log.info("dead-letter retention removed %d messages older than %s", total, cutoff)
    return removed


class DeadLetterRetention:
    """Mixed into a service class with event handlers: once a day (``RETENTION_SWEEP_SECONDS``)
    its handlers' dead-letter queues lose what is older than ``DEAD_LETTER_RETENTION_DAYS``."""

    retention_config = Config()

    @timer(interval=SWEEP_SECONDS)
    def sweep_dead_letters(self) -> None:
        """Remove dead-lettered messages past the retention period (younger ones stay)."""
        config = self.retention_config
        try:
            sweep(
                config["AMQP_URI"],
                handler_queues(type(self)),
                timedelta(days=retention_days(config)),
            )
        except Exception:  # noqa: BLE001 - tomorrow's sweep tries again; the cause is logged
            _log.exception("dead-letter retention sweep failed")
