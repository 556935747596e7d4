"""The service's dead-letter queues (``dlq.<handler queue>``): how many messages each holds, and
putting them back on their handler's queue once the cause is fixed.

Both work whatever the queues' type (``runtime.queues``: quorum unless ``QUEUE_TYPE=classic``):
counting declares passively, which checks no argument; a replayed message is taken off the
dead-letter queue only once the broker confirmed it on the handler's queue (for a quorum queue:
once a majority of its nodes hold it)."""

from kombu import Connection

from contracts.wire import dead_letter_queue_name
from runtime.dead_letter_retention import handler_queues  # noqa: F401 - this module's name for it
from runtime.ops_checks import dead_letter_depths


def counts(amqp_uri: str, queues: list[str]) -> dict[str, int]:
    """Messages waiting in each queue's dead-letter queue (0 when it does not exist yet)."""
    depths = dead_letter_depths(amqp_uri, queues)
    return {queue: depths[dead_letter_queue_name(queue)] for queue in queues}


def replay(amqp_uri: str, queue: str, limit: int = 10000) -> int:
    """Move up to ``limit`` messages from ``dlq.<queue>`` back to ``queue``; returns how many."""
    moved = 0
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        channel = conn.channel()
        while moved < limit:
            message = channel.basic_get(dead_letter_queue_name(queue), no_ack=False)
            if message is None:
                break
            properties = {
                key: message.properties[key]
                for key in ("content_type", "content_encoding", "application_headers")
                if key in message.properties
            }
            outgoing = channel.prepare_message(
                message.body,
                content_type=properties.get("content_type"),
                content_encoding=properties.get("content_encoding"),
                headers=properties.get("application_headers"),
                properties={"delivery_mode": 2},
            )
            channel.basic_publish(outgoing, exchange="", routing_key=queue)
            channel.basic_ack(message.delivery_info["delivery_tag"])
            moved += 1
        channel.close()
    return moved
