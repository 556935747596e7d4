"""RPC from the gateway to the nameko services: a pool of lean AMQP clients shared by the
gateway's threads.

Each client holds one AMQP connection and channel with its own exclusive reply queue bound to the
``nameko-rpc`` exchange, and speaks nameko's RPC wire format (JSON ``{"args", "kwargs"}`` to
``<service>.<method>``, ``reply_to`` and ``correlation_id``; the reply ``{"result", "error"}``).
Unlike nameko's standalone ``ClusterRpcProxy`` it sets nothing up per call and waits for no
publisher confirm: a request is one frame out and one frame back (``mandatory`` still reports a
service nobody has ever served at once, and ``rpc_watch`` a stopped one; a request expires in the
queue when its caller stops waiting, so a service that comes back never acts on it). A client is not
thread-safe, so a request borrows one and gives it back; a client whose connection failed is
dropped. ``call_all`` sends a page's independent calls at once on one client and waits for all
of them, so the page waits for the slowest call, not for the sum of them.
"""

import queue
import time
import uuid
from contextlib import contextmanager

import amqp
from flask import current_app, g
from kombu import Connection as KombuConnection
from kombu.utils.json import dumps, loads
from nameko.exceptions import RpcTimeout, UnknownService, deserialize

from contracts.clients.base import Rpc
from contracts.errors import ServiceError
from contracts.wire import CORRELATION_KEY
from gateway.rpc_watch import CHECK_EVERY, ConsumerWatch, ServiceDown

RPC_EXCHANGE = "nameko-rpc"
HEADER_PREFIX = "nameko."
NOT_SERVED = (RpcTimeout, UnknownService, ServiceDown)  # the broker is fine: the client is kept
UNAVAILABLE = (*NOT_SERVED, OSError, ConnectionError, amqp.exceptions.AMQPError)


class ServiceUnavailable(Exception):
    """A service, or the broker, is not there or did not answer in time."""


def broker_addresses(amqp_uri: str) -> list[KombuConnection]:
    """``amqp://u:p@h1:5701/;amqp://u:p@h2:5702/`` (kombu's fail-over list) -> one parsed URI
    each, in the order given."""
    return [KombuConnection(part.strip()) for part in amqp_uri.split(";") if part.strip()]


def _connect(amqp_uri: str, timeout: float) -> amqp.Connection:
    """A connection to the first broker of ``amqp_uri`` that answers."""
    failure: Exception | None = None
    for parsed in broker_addresses(amqp_uri):
        connection = amqp.Connection(
            host=f"{parsed.hostname or 'localhost'}:{parsed.port or 5672}",
            userid=parsed.userid or "guest",
            password=parsed.password or "guest",
            virtual_host=parsed.virtual_host or "/",
            connect_timeout=timeout,
            heartbeat=0,
        )
        try:
            connection.connect()
            return connection
        except (OSError, ConnectionError, amqp.exceptions.AMQPError) as exc:
            failure = exc
    raise failure or OSError("no broker address in AMQP_URI")


class RpcClient:
    """One AMQP connection speaking nameko RPC: ``client.call("events", "get_event", id)``."""

    def __init__(self, amqp_uri: str, timeout: float, watch: ConsumerWatch | None = None):
        self.timeout = timeout
        self.watch = watch
        self.connection = _connect(amqp_uri, timeout)
        self.channel = self.connection.channel()
        self._probe: amqp.Channel | None = None  # passive declares, apart: a miss closes it
        self.channel.exchange_declare(RPC_EXCHANGE, "topic", durable=True, auto_delete=False)
        self.reply_key = uuid.uuid4().hex
        reply_queue = f"rpc.reply-gateway-{self.reply_key}"
        self.channel.queue_declare(reply_queue, exclusive=True, auto_delete=True)
        self.channel.queue_bind(reply_queue, RPC_EXCHANGE, self.reply_key)
        self.channel.basic_consume(reply_queue, callback=self._on_reply, no_ack=True)
        self.channel.events["basic_return"].add(self._on_return)
        self._replies: dict = {}
        self._pending: set = set()  # calls sent and waited for: a late reply to another is dropped
        self._returned: set = set()
        self.correlation_id: str | None = None

    def _on_reply(self, message) -> None:
        call_id = message.properties.get("correlation_id")
        if call_id in self._pending:
            self._replies[call_id] = message.body

    def _on_return(self, exc, exchange, routing_key, message) -> None:
        self._returned.add(message.properties.get("correlation_id"))

    def call(self, service: str, method: str, *args, **kwargs):
        return self.call_all([(service, method, args, kwargs)])[0]

    def ping(self) -> None:
        """One round trip to the broker (a passive declare of the RPC exchange)."""
        self.channel.exchange_declare(RPC_EXCHANGE, "topic", passive=True)

    def consumers(self, queue_name: str) -> int:
        """How many consumers the broker has on ``queue_name`` (0 when there is no such queue)."""
        if self._probe is None or not self._probe.is_open:
            self._probe = self.connection.channel()
        try:
            return self._probe.queue_declare(queue_name, passive=True).consumer_count
        except amqp.exceptions.NotFound:
            self._probe = None  # the broker closed the channel
            return 0

    def _check_served(self, service: str) -> None:
        if self.watch is not None and not self.watch.serving(service, self.consumers):
            raise ServiceDown(service)

    def call_all(self, calls: list[tuple[str, str, tuple, dict]], keep_errors=False) -> list:
        """Send every ``(service, method, args, kwargs)``, then wait for each answer in turn;
        a service's refusal is raised (or, ``keep_errors``, put in its answer's place), and a
        call not answered in time, or to a service that is not running, is raised either way
        (nothing is sent when one of the services is not running)."""
        for service in {call[0] for call in calls}:
            self._check_served(service)
        sent = [
            (service, self._send(service, method, *args, **kw))
            for service, method, args, kw in calls
        ]
        answers: list = []
        try:
            for service, call_id in sent:
                try:
                    answers.append(self._wait(service, call_id))
                except ServiceError as refused:
                    if not keep_errors:
                        raise
                    answers.append(refused)
            return answers
        finally:
            for _, call_id in sent:
                self._pending.discard(call_id)
                self._replies.pop(call_id, None)

    def _send(self, service: str, method: str, *args, **kwargs) -> str:
        call_id = uuid.uuid4().hex
        self._pending.add(call_id)
        headers = {}
        if self.correlation_id:
            headers[HEADER_PREFIX + CORRELATION_KEY] = self.correlation_id
        message = amqp.Message(
            dumps({"args": list(args), "kwargs": kwargs}),
            content_type="application/json",
            content_encoding="utf-8",
            reply_to=self.reply_key,
            correlation_id=call_id,
            application_headers=headers,
            delivery_mode=1,
            expiration=str(int(self.timeout * 1000)),  # nobody waits for it after that
        )
        self.channel.basic_publish(
            message, exchange=RPC_EXCHANGE, routing_key=f"{service}.{method}", mandatory=True
        )
        return call_id

    def _wait(self, service: str, call_id: str):
        until = time.monotonic() + self.timeout
        while call_id not in self._replies:
            if call_id in self._returned:
                self._returned.discard(call_id)
                raise UnknownService(service)
            remaining = until - time.monotonic()
            if remaining <= 0:
                raise RpcTimeout(self.timeout)
            try:
                self.connection.drain_events(timeout=min(remaining, CHECK_EVERY))
            except TimeoutError:
                self._check_served(service)  # a service that went away is not waited for
        body = self._replies.pop(call_id)
        reply = loads(body)
        if reply.get("error"):
            raise deserialize(reply["error"])
        return reply.get("result")

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - a broken client is discarded whatever went wrong
            pass


class _ServiceProxy:
    def __init__(self, client: RpcClient, service: str):
        self._client, self._service = client, service

    def __getattr__(self, method: str):
        return lambda *args, **kwargs: self._client.call(self._service, method, *args, **kwargs)


class _ClusterProxy:
    """``proxy["events"].get_event(id)`` or ``proxy.events.get_event(id)``."""

    def __init__(self, client: RpcClient):
        self._client = client

    def __getitem__(self, service: str) -> _ServiceProxy:
        return _ServiceProxy(self._client, service)

    def __getattr__(self, service: str) -> _ServiceProxy:
        return _ServiceProxy(self._client, service)

    def call_all(self, calls: list[tuple[str, str, tuple, dict]], keep_errors=False) -> list:
        return self._client.call_all(calls, keep_errors)

    def ping(self) -> None:
        self._client.ping()


class RpcPool:
    def __init__(self, amqp_uri: str, timeout: float, size: int, check_answers: bool = True):
        self._uri = amqp_uri
        self._watch = ConsumerWatch()
        self.check_answers = check_answers
        self._timeout = timeout
        self._idle: queue.LifoQueue = queue.LifoQueue(maxsize=size)

    def _borrow(self) -> RpcClient:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        try:
            return RpcClient(self._uri, self._timeout, self._watch)
        except UNAVAILABLE as exc:
            raise ServiceUnavailable(f"message broker unreachable: {exc}") from exc

    @contextmanager
    def proxy(self, correlation_id: str | None = None):
        """Borrow a client: ``with pool.proxy() as rpc: rpc["directory"].list_schools({})``."""
        client = self._borrow()
        client.correlation_id = correlation_id
        try:
            yield _ClusterProxy(client)
        except ServiceError:
            self._give_back(client)
            raise
        except NOT_SERVED as exc:
            self._give_back(client)
            raise ServiceUnavailable(str(exc) or type(exc).__name__) from exc
        except UNAVAILABLE as exc:
            client.close()
            raise ServiceUnavailable(str(exc) or type(exc).__name__) from exc
        except BaseException:
            client.close()
            raise
        else:
            self._give_back(client)

    def call(self, correlation_id: str | None, service: str, method: str, *args, **kwargs):
        with self.proxy(correlation_id) as rpc:
            return rpc[service].__getattr__(method)(*args, **kwargs)

    def ask(self, correlation_id: str | None, rpc: Rpc, *args, **kwargs):
        """``call`` the RPC ``rpc`` declares; its answer checked (``checked``)."""
        return self.checked(rpc, self.call(correlation_id, rpc.service, rpc.name, *args, **kwargs))

    def checked(self, rpc: Rpc, answer):
        """``answer`` checked against ``rpc``'s declared schema, unless this pool trusts answers
        (``RPC_CHECK_ANSWERS=0``); a service's refusal kept in an answer's place is left as is."""
        if not self.check_answers or isinstance(answer, ServiceError):
            return answer
        return rpc.check(answer)

    def call_all(self, correlation_id: str | None, calls: list, keep_errors=False) -> list:
        with self.proxy(correlation_id) as rpc:
            return rpc.call_all(calls, keep_errors)

    def _give_back(self, client: RpcClient) -> None:
        try:
            self._idle.put_nowait(client)
        except queue.Full:
            client.close()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def init_app(app) -> None:
    app.extensions["rpc_pool"] = RpcPool(
        app.config["AMQP_URI"],
        app.config["RPC_TIMEOUT_SECONDS"],
        app.config["RPC_POOL_SIZE"],
        app.config.get("RPC_CHECK_ANSWERS", True),
    )


def _wire_caller():
    who = g.get("caller")
    return who.dump() if who is not None else None


def call(rpc: Rpc, *args):
    """Call the RPC ``rpc`` declares (``call(EventsClient.get_event, event_id)``) with a pooled
    client, passing the request's correlation id and the signed-in caller (``None`` before
    sign-in): the service decides. The answer is checked against the declaration."""
    pool: RpcPool = current_app.extensions["rpc_pool"]
    return pool.ask(g.get("request_id"), rpc, *args, caller=_wire_caller())


def call_all(*calls: tuple, keep_errors: bool = False) -> list:
    """``call_all((rpc, *args), ...)``: independent calls sent together, answers in the same
    order; each as ``call`` would make it (correlation id, the signed-in caller, checked). With
    ``keep_errors`` a service's refusal (a ``ServiceError``) is returned in its answer's place."""
    pool: RpcPool = current_app.extensions["rpc_pool"]
    wire = {"caller": _wire_caller()}
    wanted = [(c[0].service, c[0].name, tuple(c[1:]), wire) for c in calls]
    answers = pool.call_all(g.get("request_id"), wanted, keep_errors)
    return [pool.checked(c[0], answer) for c, answer in zip(calls, answers, strict=True)]
