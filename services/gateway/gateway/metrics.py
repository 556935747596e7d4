"""The gateway's Prometheus metrics (prometheus-client):

- ``hub_http_requests_total{route, method, status}`` and ``hub_http_request_duration_seconds
  {route, method}``: every request by its route template (``/api/v1/events/<event_id>``, not
  the path, so ids make no new series; ``<unmatched>`` for a path no route has);
- ``hub_gateway_rpc_calls_total{rpc, outcome}`` and ``hub_gateway_rpc_duration_seconds{rpc}``:
  calls to the services by ``service.method``; outcome ``ok``, the service's error code
  (``NOT_FOUND``...), ``UNAVAILABLE`` (no answer in time, or no broker) or ``error``.

Several worker processes (``GATEWAY_WORKERS`` > 1): ``prepare_multiprocess`` (``gateway.serve``,
before granian starts them) gives them prometheus-client's multiprocess mode, each writing its
samples under ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` adding them up, so a scrape answered by
any worker counts them all. One worker needs none of it."""

import os
import shutil
import tempfile
import time
from collections.abc import Callable, MutableMapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess

from contracts.errors import ServiceError

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "<unmatched>"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

HTTP_REQUESTS = Counter(
    "hub_http_requests", "HTTP requests by route, method and status", ["route", "method", "status"]
)
HTTP_DURATION = Histogram(
    "hub_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["route", "method"],
    buckets=BUCKETS,
)
RPC_CALLS = Counter("hub_gateway_rpc_calls", "RPC calls to the services", ["rpc", "outcome"])
RPC_DURATION = Histogram(
    "hub_gateway_rpc_duration_seconds", "Time an RPC call took", ["rpc"], buckets=BUCKETS
)


def prepare_multiprocess(workers: int, environ: MutableMapping[str, str] = os.environ) -> None:
    """Before the worker processes start: with more than one, a fresh multiprocess directory
    (``PROMETHEUS_MULTIPROC_DIR`` when set, emptied; else a new temporary one)."""
    if workers <= 1:
        return
    folder = environ.get(MULTIPROC_ENV)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)
    else:
        environ[MULTIPROC_ENV] = tempfile.mkdtemp(prefix="hub-gateway-metrics-")


def exposition() -> tuple[bytes, str]:
    """(the metrics as Prometheus text, its content type): every worker's in multiprocess mode."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def count_request(route: str | None, method: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(route or UNMATCHED, method, str(status)).inc()
    HTTP_DURATION.labels(route or UNMATCHED, method).observe(seconds)


def rpc_outcome(exc: BaseException | None) -> str:
    if exc is None:
        return "ok"
    if isinstance(exc, ServiceError):
        return str(exc.code)
    if type(exc).__name__ == "ServiceUnavailable":
        return "UNAVAILABLE"
    return "error"


def measure_rpc(pool: Any) -> Any:
    """Count the calls of the RPC pool ``pool`` (``gateway.rpc.RpcPool``), wrapping its ``call``
    (which ``ask`` uses) and ``call_all`` from outside; returns ``pool``."""
    call: Callable = pool.call
    call_all: Callable = pool.call_all

    def measured_call(correlation_id: Any, service: str, method: str, *args: Any, **kw: Any) -> Any:
        name, began = f"{service}.{method}", time.perf_counter()
        try:
            answer = call(correlation_id, service, method, *args, **kw)
        except BaseException as exc:
            RPC_CALLS.labels(name, rpc_outcome(exc)).inc()
            raise
        finally:
            RPC_DURATION.labels(name).observe(time.perf_counter() - began)
        RPC_CALLS.labels(name, "ok").inc()
        return answer

    def measured_call_all(correlation_id: Any, calls: list, keep_errors: bool = False) -> list:
        names = [f"{service}.{method}" for service, method, *_ in calls]
        try:
            answers = call_all(correlation_id, calls, keep_errors)
        except BaseException as exc:
            for name in names:
                RPC_CALLS.labels(name, rpc_outcome(exc)).inc()
            raise
        for name, answer in zip(names, answers, strict=False):
            refused = answer if isinstance(answer, ServiceError) else None
            RPC_CALLS.labels(name, rpc_outcome(refused)).inc()
        return answers

    pool.call, pool.call_all = measured_call, measured_call_all
    return pool
