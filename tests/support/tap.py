"""Listening to what a service publishes: ``with tap(amqp_uri, "events.events", "name") as drain``
binds a throwaway queue to every routing key of the exchange; ``drain()`` -> every
``(event name, body)`` heard so far (waiting 0.2 s for stragglers)."""

from contextlib import contextmanager

from kombu import Connection, Exchange, Queue


@contextmanager
def tap(amqp_uri: str, exchange_name: str, queue_name: str):
    exchange = Exchange(exchange_name, type="topic", durable=True)
    with Connection(amqp_uri) as conn:
        queue = Queue(queue_name, exchange=exchange, routing_key="#", auto_delete=True)
        queue(conn.default_channel).declare()
        seen = []
        simple = conn.SimpleQueue(queue)

        def drain():
            while True:
                try:
                    message = simple.get(block=True, timeout=0.2)
                except simple.Empty:
                    return seen
                seen.append((message.delivery_info["routing_key"], message.payload))
                message.ack()

        try:
            yield drain
        finally:
            simple.close()
