"""The one line a nameko service class adds to show what it is doing (``Operations``).

- Logs: each worker's lines name the correlation id of what it handles (a domain event's own,
  from its body; else the caller's, sent in the nameko context) and its service; each RPC served
  and event handled ends with one line (``rpc book_place ok``: outcome, duration_ms).
- Metrics: every RPC, event handler and timer counted by ``runtime.metrics``.
- An operations HTTP endpoint (``runtime.ops_http``) on config ``OPS_PORT`` (absent or 0: none)
  and ``OPS_HOST`` (0.0.0.0): ``/metrics``, ``/livez``, ``/readyz`` (the broker and the store
  answer).

``ops = Operations(outboxes=outbox_collections)`` gives the outbox gauges the collections whose
documents carry an ``outbox``; ``backlogs=(fn, ...)`` adds readings ``fn() -> {name: (count,
oldest)}``."""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from nameko.events import EventHandler
from nameko.extensions import DependencyProvider

from contracts.wire import CORRELATION_KEY
from runtime import logcontext, metrics, ops_checks
from runtime.delivery import ReliableEventHandler
from runtime.ops_http import OpsServer, ops_app
from runtime.storage import Store

_workers = logging.getLogger("runtime.workers")


def correlation_of(worker_ctx: Any) -> str | None:
    """A domain event's own correlation id (its body's: a batch of bookings sends one message
    header for many requests), else the one the caller sent in the nameko context."""
    args = worker_ctx.args
    if isinstance(worker_ctx.entrypoint, EventHandler) and args and isinstance(args[0], dict):
        if args[0].get(CORRELATION_KEY):
            return str(args[0][CORRELATION_KEY])
    sent = worker_ctx.data.get(CORRELATION_KEY)
    return str(sent) if sent else None


class Operations(DependencyProvider):
    def __init__(
        self,
        outboxes: Callable[[], Iterable[Any]] | None = None,
        backlogs: Iterable[Callable[[], dict[str, ops_checks.Backlog]]] = (),
    ) -> None:
        self.outboxes = outboxes
        self.backlogs = tuple(backlogs)
        self.server: OpsServer | None = None
        self._tokens: dict[int, Any] = {}

    def setup(self) -> None:
        self.meter = metrics.EntrypointMeter(self.container.service_name)

    def start(self) -> None:
        port = int(self.container.config.get("OPS_PORT") or 0)
        if port <= 0:
            return
        host = str(self.container.config.get("OPS_HOST") or "0.0.0.0")
        self.server = OpsServer(ops_app(self.ready, self.read_gauges))
        self.server.start(host, port, spawn=self.container.spawn_managed_thread)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    kill = stop

    # the workers
    def get_dependency(self, worker_ctx: Any) -> None:
        return None

    def worker_setup(self, worker_ctx: Any) -> None:
        service = self.container.service_name
        self._tokens[id(worker_ctx)] = logcontext.bind(correlation_of(worker_ctx), service)
        self.meter.started(worker_ctx)

    def worker_result(self, worker_ctx: Any, result: Any = None, exc_info: Any = None) -> None:
        done = self.meter.finished(worker_ctx, exc_info)
        if done is not None and done.kind != "timer":  # one line per RPC served, event handled
            took = None if done.seconds is None else round(done.seconds * 1000, 2)
            _workers.info(
                "%s %s %s",
                done.kind,
                done.name,
                done.outcome,
                extra={"entrypoint": done.name, "outcome": done.outcome, "duration_ms": took},
            )

    def worker_teardown(self, worker_ctx: Any) -> None:
        self.meter.forget(worker_ctx)
        token = self._tokens.pop(id(worker_ctx), None)
        if token is not None:
            logcontext.unbind(token)

    # the endpoint
    def ready(self) -> dict[str, bool]:
        """{"broker": answers, "store": answers} (no store: the broker only)."""
        checks = {"broker": ops_checks.broker_answers(self.container.config["AMQP_URI"])}
        stores = [dep for dep in self.container.dependencies if isinstance(dep, Store)]
        if stores:
            checks["store"] = all(ops_checks.store_answers(store.alias) for store in stores)
        return checks

    def dead_letter_queues(self) -> list[str]:
        return sorted(
            entrypoint.queue.name
            for entrypoint in self.container.entrypoints
            if isinstance(entrypoint, ReliableEventHandler)
        )

    def read_gauges(self) -> None:
        service = self.container.service_name
        for name, (count, oldest) in ops_checks.backlogs(self.outboxes, self.backlogs).items():
            metrics.OUTBOX_BACKLOG.labels(service, name).set(count)
            metrics.OUTBOX_AGE.labels(service, name).set(ops_checks.age_seconds(oldest))
        amqp_uri = self.container.config["AMQP_URI"]
        for queue, depth in ops_checks.dead_letter_depths(
            amqp_uri, self.dead_letter_queues()
        ).items():
            metrics.DEAD_LETTERS.labels(service, queue).set(depth)
