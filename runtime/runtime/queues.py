"""Queue types: every durable queue the platform declares is of one type, ``QUEUE_TYPE``.

``QUEUE_TYPE`` (environment) is ``quorum`` (the default: replicated over a RabbitMQ cluster, what
RabbitMQ recommends since 3.8 for queues that must survive a node) or ``classic``. A quorum queue
must be durable, not exclusive, not auto-deleted: those (the gateway's feeds) stay classic. A
quorum queue that dead-letters does so *at least once* (RabbitMQ 3.10+: the broker confirms the
move to the dead-letter queue before dropping the message; needs ``x-overflow: reject-publish``).

nameko's reply queues (``rpc.reply-<service>-<uuid>``, one per process) are made transient: a
durable classic queue whose node died cannot be declared again on another node, so a service
whose broker node died would lose its RPC replies until that node came back.

``install()`` applies the type in one place, nameko's ``QueueConsumer.get_consumers`` (every
``@rpc``, ``@event_handler`` and RPC proxy of a service declares its queue there); queues declared
directly (dead-letter queues) go through ``typed`` or ``declare``. A queue already on the broker
with another type makes the declare fail (406 PRECONDITION_FAILED): ``QueueTypeMismatch`` then
says what to do (``scripts/rabbitmq.sh ensure`` deletes our stale queues on a local broker).
"""

import functools
import logging
import os
import re
from typing import Any

from amqp.exceptions import PreconditionFailed  # type: ignore[import-untyped]
from kombu import Queue
from nameko.messaging import QueueConsumer

_log = logging.getLogger(__name__)

QUORUM = "quorum"
CLASSIC = "classic"
REPLY_QUEUE_PREFIX = "rpc.reply-"


def queue_type() -> str:
    """``QUEUE_TYPE`` from the environment: ``quorum`` (default) or ``classic``."""
    value = os.environ.get("QUEUE_TYPE", "").strip().lower() or QUORUM
    if value not in (QUORUM, CLASSIC):
        raise ValueError(f"QUEUE_TYPE must be {QUORUM!r} or {CLASSIC!r}, not {value!r}")
    return value


def replicable(queue: Queue) -> bool:
    """Whether ``queue`` may be a quorum queue: durable, not exclusive, not auto-deleted."""
    return bool(queue.durable) and not queue.exclusive and not queue.auto_delete


def arguments_for(queue: Queue, kind: str | None = None) -> dict[str, Any]:
    """The arguments type ``kind`` (default ``queue_type()``) adds to ``queue``'s own.

    >>> arguments_for(Queue("rpc-events", durable=True), QUORUM)
    {'x-queue-type': 'quorum'}
    >>> arguments_for(Queue("feed", durable=False, exclusive=True), QUORUM)
    {}
    """
    kind = kind or queue_type()
    if kind != QUORUM or not replicable(queue):
        return {}
    extra: dict[str, Any] = {"x-queue-type": QUORUM}
    if "x-dead-letter-exchange" in _arguments(queue):
        extra["x-dead-letter-strategy"] = "at-least-once"
        extra["x-overflow"] = "reject-publish"  # at-least-once falls back to at-most-once without
    return extra


def typed(queue: Queue, kind: str | None = None) -> Queue:
    """``queue`` (changed in place, and returned) with the arguments of the platform's type; a
    nameko reply queue made transient instead. Applying it twice changes nothing more."""
    if queue.name and queue.name.startswith(REPLY_QUEUE_PREFIX):
        queue.durable = False
        return queue
    queue.queue_arguments = {**_arguments(queue), **arguments_for(queue, kind)}  # type: ignore[attr-defined]
    return queue


def _arguments(queue: Queue) -> dict[str, Any]:
    return dict(getattr(queue, "queue_arguments", None) or {})


class QueueTypeMismatch(RuntimeError):
    """A queue of ours is already on the broker with other arguments (its type, most often)."""

    _DETAIL = re.compile(r"inequivalent arg '([^']+)' for queue '([^']+)' in vhost '([^']*)'")

    @classmethod
    def from_error(cls, error: PreconditionFailed) -> "QueueTypeMismatch":
        text = str(getattr(error, "reply_text", "") or error)
        found = cls._DETAIL.search(text)
        if found is None:
            return cls(f"the broker refused a queue declaration: {text}")
        argument, queue, vhost = found.groups()
        return cls(
            f"queue {queue!r} (vhost {vhost!r}) already exists on the broker with another "
            f"{argument!r} (this version declares its durable queues as {queue_type()} queues, "
            f"QUEUE_TYPE={queue_type()}). Delete the old queue once nothing consumes it: "
            f"`rabbitmqctl delete_queue -p {vhost} {queue}` (`scripts/rabbitmq.sh ensure` does it "
            f"for our queues on a local broker), or run with QUEUE_TYPE set to the type it has. "
            f"Broker said: {text}"
        )


def declare(queue: Queue, channel: Any) -> None:
    """Declare ``queue`` (typed) on ``channel``; a type clash raises ``QueueTypeMismatch``."""
    try:
        typed(queue)(channel).declare()
    except PreconditionFailed as error:
        mismatch = QueueTypeMismatch.from_error(error)
        _log.error("%s", mismatch)
        raise mismatch from error


def _typed_consumers(get_consumers: Any) -> Any:
    @functools.wraps(get_consumers)
    def get_typed_consumers(self: QueueConsumer, consumer_cls: Any, channel: Any) -> Any:
        for provider in self._providers:
            typed(provider.queue)
        try:
            return get_consumers(self, consumer_cls, channel)
        except PreconditionFailed as error:
            mismatch = QueueTypeMismatch.from_error(error)
            _log.error("%s", mismatch)
            raise mismatch from error

    get_typed_consumers.typed_queues = True  # type: ignore[attr-defined]
    return get_typed_consumers


def _settled_unless_lost(settle: Any) -> Any:
    @functools.wraps(settle)
    def settle_unless_lost(self: QueueConsumer, message: Any) -> None:
        try:
            settle(self, message)
        except OSError as error:  # nameko catches amqp's ConnectionError, not the socket's
            _log.warning("connection lost before a message was settled (%s): the broker "
                         "delivers it again", error)  # fmt: skip

    settle_unless_lost.typed_queues = True  # type: ignore[attr-defined]
    return settle_unless_lost


def install() -> None:
    """Make every nameko queue consumer in this process declare typed queues, and outlive a
    broker node dying under it: an ack or requeue on the lost connection is logged, not raised
    (raised, it killed the service; the broker redelivers the message, handlers are idempotent).
    Idempotent."""
    if not getattr(QueueConsumer.get_consumers, "typed_queues", False):
        QueueConsumer.get_consumers = _typed_consumers(QueueConsumer.get_consumers)
    for name in ("ack_message", "requeue_message"):
        if not getattr(getattr(QueueConsumer, name), "typed_queues", False):
            setattr(QueueConsumer, name, _settled_unless_lost(getattr(QueueConsumer, name)))
