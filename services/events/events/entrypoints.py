"""``rpc``: nameko's RPC entrypoint whose replies go out on one long-lived channel per broker
URI, without waiting for a publisher confirm (a reply is transient: if the broker lost it the
caller times out, as it would if this service died). That saves a broker round trip and a
connection-pool look-up on every call; everything else is nameko's ``@rpc``.

Event publishing keeps its confirms: kombu pools connections per transport options, and this
channel is used for replies only. The ``rpc-events`` queue is typed by ``runtime.queues`` (a
quorum queue unless ``QUEUE_TYPE=classic``), as every nameko queue of the platform.
"""

import logging

from eventlet.semaphore import Semaphore
from kombu import Connection
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    DEFAULT_SERIALIZER,
    LOGIN_METHOD_CONFIG_KEY,
    SERIALIZER_CONFIG_KEY,
)
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange

from runtime import queues

_log = logging.getLogger(__name__)
queues.install()
TRANSIENT = 1


class _ReplyPublisher:
    """Stands in for nameko's per-reply ``Publisher``: one shared producer per broker URI."""

    _lock = Semaphore()
    _producers: dict = {}

    def __init__(self, amqp_uri, ssl=None, login_method=None):
        self.amqp_uri = amqp_uri
        self.ssl = ssl
        self.login_method = login_method

    def _producer(self):
        found = self._producers.get(self.amqp_uri)
        if found is None:
            connection = Connection(self.amqp_uri, ssl=self.ssl, login_method=self.login_method)
            found = (connection, connection.Producer())
            self._producers[self.amqp_uri] = found
        return found[1]

    def _drop(self):
        connection, _ = self._producers.pop(self.amqp_uri, (None, None))
        if connection is not None:
            try:
                connection.release()
            except Exception:  # noqa: BLE001 - a broken connection is dropped whatever
                pass

    def publish(self, payload, **kwargs):
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._producer().publish(payload, delivery_mode=TRANSIENT, **kwargs)
                    return
                except Exception:
                    self._drop()
                    if attempt == 2:
                        raise
                    _log.warning("reply channel failed; reconnecting once")


class _SharedChannelResponder(Responder):
    publisher_cls = _ReplyPublisher


class SharedChannelRpcConsumer(RpcConsumer):
    def handle_result(self, message, result, exc_info):
        config = self.container.config
        responder = _SharedChannelResponder(
            config[AMQP_URI_CONFIG_KEY],
            get_rpc_exchange(config),
            config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER),
            message,
            ssl=config.get(AMQP_SSL_CONFIG_KEY),
            login_method=config.get(LOGIN_METHOD_CONFIG_KEY),
        )
        result, exc_info = responder.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class SharedChannelRpc(Rpc):
    rpc_consumer = SharedChannelRpcConsumer()


rpc = SharedChannelRpc.decorator
