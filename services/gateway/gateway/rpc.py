"""A pool of started nameko ``ClusterRpcProxy`` objects shared by the gateway's threads.

A proxy per request would leave a reply queue behind each time; a proxy is not thread-safe; so each
request borrows one started proxy and returns it. A proxy whose call failed at the transport level
is
dropped rather than returned.
"""

import queue
from contextlib import contextmanager

from flask import current_app, g
from nameko.exceptions import RpcTimeout, UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

from contracts.delivery import CORRELATION_KEY
from contracts.errors import ServiceError

UNAVAILABLE = (RpcTimeout, UnknownService, OSError, ConnectionError)


class ServiceUnavailable(Exception):
    """A service, or the broker, did not answer in time."""


class RpcPool:
    def __init__(self, amqp_uri: str, timeout: float, size: int):
        self._config = {"AMQP_URI": amqp_uri}
        self._timeout = timeout
        self._idle: queue.LifoQueue = queue.LifoQueue(maxsize=size)

    def _new(self):
        standalone = ClusterRpcProxy(self._config, context_data={}, timeout=self._timeout)
        return standalone, standalone.start()

    @contextmanager
    def proxy(self, correlation_id: str | None = None):
        """Borrow a started proxy: ``with pool.proxy() as rpc: rpc.directory.list_schools({})``."""
        try:
            standalone, proxy = self._idle.get_nowait()
        except queue.Empty:
            try:
                standalone, proxy = self._new()
            except UNAVAILABLE as exc:
                raise ServiceUnavailable(f"message broker unreachable: {exc}") from exc
        standalone._worker_ctx.data[CORRELATION_KEY] = correlation_id
        try:
            yield proxy
        except ServiceError:
            self._give_back(standalone, proxy)
            raise
        except UNAVAILABLE as exc:
            _stop_quietly(standalone)
            raise ServiceUnavailable(str(exc) or type(exc).__name__) from exc
        except BaseException:
            _stop_quietly(standalone)
            raise
        else:
            self._give_back(standalone, proxy)

    def _give_back(self, standalone, proxy):
        try:
            self._idle.put_nowait((standalone, proxy))
        except queue.Full:
            _stop_quietly(standalone)

    def close(self):
        while True:
            try:
                standalone, _ = self._idle.get_nowait()
            except queue.Empty:
                return
            _stop_quietly(standalone)


def _stop_quietly(standalone):
    try:
        standalone.stop()
    except Exception:  # noqa: BLE001 - a broken proxy is discarded whatever went wrong
        pass


def init_app(app) -> None:
    app.extensions["rpc_pool"] = RpcPool(
        app.config["AMQP_URI"], app.config["RPC_TIMEOUT_SECONDS"], app.config["RPC_POOL_SIZE"]
    )


def call(service: str, method: str, *args):
    """Call ``service.method(*args)`` with a pooled proxy, passing the request's correlation id."""
    pool: RpcPool = current_app.extensions["rpc_pool"]
    with pool.proxy(g.get("request_id")) as rpc:
        return getattr(rpc[service], method)(*args)
