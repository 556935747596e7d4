"""``rpc``: nameko's RPC entrypoint whose replies are published without waiting for a publisher
confirm (a reply is transient: if the broker lost it the caller times out, as it would if this
service died), saving a broker round trip on every call. Everything else is nameko's ``@rpc``.

Event publishing keeps its confirms: kombu pools connections per transport options, so confirmed
and unconfirmed publishers never share a channel.
"""

from nameko.amqp.publish import Publisher
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    DEFAULT_SERIALIZER,
    LOGIN_METHOD_CONFIG_KEY,
    SERIALIZER_CONFIG_KEY,
)
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange


class _UnconfirmedPublisher(Publisher):
    use_confirms = False


class _UnconfirmedResponder(Responder):
    publisher_cls = _UnconfirmedPublisher


class UnconfirmedReplyRpcConsumer(RpcConsumer):
    def handle_result(self, message, result, exc_info):
        config = self.container.config
        responder = _UnconfirmedResponder(
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


class UnconfirmedReplyRpc(Rpc):
    rpc_consumer = UnconfirmedReplyRpcConsumer()


rpc = UnconfirmedReplyRpc.decorator
