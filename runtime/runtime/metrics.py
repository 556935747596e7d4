"""The services' Prometheus metrics (prometheus-client, the process's default registry): every
entrypoint counted by what it is and how it ended, and what the service holds back (outbox
backlog and age, dead-lettered messages).

- ``hub_rpc_requests_total{service, method, outcome}`` and ``hub_rpc_duration_seconds``: RPCs;
  outcome ``ok``, a wire error's code (``NOT_FOUND``, ``CONFLICT``...) or ``error``.
- ``hub_events_handled_total{service, event, outcome}`` and ``hub_event_handler_duration_seconds``:
  event handlers by ``<source>.<event type>``; outcome ``ok`` or ``error``.
- ``hub_timer_runs_total{service, method, outcome}``: timers.
- ``hub_outbox_backlog{service, collection}`` (events stored, not yet published) and
  ``hub_outbox_oldest_age_seconds`` (0 when none waits), read from the store at each scrape.
- ``hub_dead_letter_messages{service, queue}``: messages in each handler's dead-letter queue.

``EntrypointMeter`` does the counting from nameko's worker hooks; ``runtime.ops`` calls it."""

import time
from typing import Any, NamedTuple

from nameko.events import EventHandler
from nameko.rpc import Rpc
from nameko.timer import Timer
from prometheus_client import Counter, Gauge, Histogram

from contracts.errors import ServiceError

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

RPC_REQUESTS = Counter(
    "hub_rpc_requests", "RPCs served, by method and outcome", ["service", "method", "outcome"]
)
RPC_DURATION = Histogram(
    "hub_rpc_duration_seconds",
    "Time to serve an RPC",
    ["service", "method"],
    buckets=LATENCY_BUCKETS,
)
EVENTS_HANDLED = Counter(
    "hub_events_handled",
    "Domain events handled, by type and outcome",
    ["service", "event", "outcome"],
)
EVENT_DURATION = Histogram(
    "hub_event_handler_duration_seconds",
    "Time to handle a domain event",
    ["service", "event"],
    buckets=LATENCY_BUCKETS,
)
TIMER_RUNS = Counter(
    "hub_timer_runs", "Timer runs, by method and outcome", ["service", "method", "outcome"]
)
OUTBOX_BACKLOG = Gauge(
    "hub_outbox_backlog",
    "Domain events stored in an outbox and not yet published",
    ["service", "collection"],
)
OUTBOX_AGE = Gauge(
    "hub_outbox_oldest_age_seconds",
    "Age of the oldest unpublished outbox entry (0 when none waits)",
    ["service", "collection"],
)
DEAD_LETTERS = Gauge(
    "hub_dead_letter_messages", "Messages in a dead-letter queue", ["service", "queue"]
)


class Finished(NamedTuple):
    """What a worker was: ``kind`` rpc / event / timer, its name, outcome and seconds taken."""

    kind: str
    name: str
    outcome: str
    seconds: float | None


def outcome_of(exc_info: Any) -> str:
    """``ok``, a wire error's code, or ``error``."""
    if not exc_info:
        return "ok"
    exc = exc_info[1]
    if isinstance(exc, ServiceError):
        return str(exc.code)
    return "error"


def event_name(entrypoint: EventHandler) -> str:
    return f"{entrypoint.source_service}.{entrypoint.event_type}"


class EntrypointMeter:
    """Counts the workers of service ``service``: ``started(worker_ctx)`` as one is set up,
    ``finished(worker_ctx, exc_info)`` with its result."""

    def __init__(self, service: str, clock: Any = time.perf_counter) -> None:
        self.service = service
        self.clock = clock
        self._started: dict[int, float] = {}

    def started(self, worker_ctx: Any) -> None:
        self._started[id(worker_ctx)] = self.clock()

    def forget(self, worker_ctx: Any) -> None:
        self._started.pop(id(worker_ctx), None)

    def finished(self, worker_ctx: Any, exc_info: Any) -> Finished | None:
        """Count the worker; returns what it was (None for an entrypoint of no kind counted)."""
        began = self._started.pop(id(worker_ctx), None)
        took = None if began is None else max(0.0, self.clock() - began)
        entrypoint = worker_ctx.entrypoint
        outcome = outcome_of(exc_info)
        if isinstance(entrypoint, Rpc):
            name = entrypoint.method_name
            RPC_REQUESTS.labels(self.service, name, outcome).inc()
            if took is not None:
                RPC_DURATION.labels(self.service, name).observe(took)
            return Finished("rpc", name, outcome, took)
        if isinstance(entrypoint, EventHandler):
            name, outcome = event_name(entrypoint), "ok" if outcome == "ok" else "error"
            EVENTS_HANDLED.labels(self.service, name, outcome).inc()
            if took is not None:
                EVENT_DURATION.labels(self.service, name).observe(took)
            return Finished("event", name, outcome, took)
        if isinstance(entrypoint, Timer):
            TIMER_RUNS.labels(self.service, entrypoint.method_name, outcome).inc()
            return Finished("timer", entrypoint.method_name, outcome, took)
        return None
