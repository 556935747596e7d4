"""What the gateway shows an operator: ``GET /metrics`` (Prometheus text, ``gateway.metrics``),
``GET /livez`` (200 while the process answers), ``GET /readyz`` (200 when the broker answers
through the RPC pool, else 503 with a JSON body naming the check). No sign-in: outside
``/api/v1``, GET only (no CSRF), and the gateway limits no request rate. ``/health`` stays as it
is (every service and its database).

Every request is counted by route template, method and status with its latency; its lines name
its request id as their ``correlation_id`` (``runtime.logcontext``), and with ``ACCESS_LOG``
(``GATEWAY_ACCESS_LOG=1``) it ends with one ``request`` line (method, route, path, status,
duration_ms)."""

import logging
import os
import time

from flask import Blueprint, Response, current_app, g, jsonify, request

from gateway import metrics
from gateway.rpc import RpcPool, ServiceUnavailable
from runtime import logcontext

_log = logging.getLogger(__name__)
_access = logging.getLogger("gateway.requests")
blp = Blueprint("ops", __name__)


@blp.route("/metrics")
def scrape():
    data, content_type = metrics.exposition()
    return Response(data, content_type=content_type, headers={"Cache-Control": "no-store"})


@blp.route("/livez")
def livez():
    return jsonify({"status": "ok"})


def broker_answers(pool: RpcPool) -> bool:
    """A pooled client's connection answers a round trip (a passive declare of the RPC
    exchange); a client whose connection broke is dropped by the pool, a new one is opened."""
    try:
        with pool.proxy() as proxy:
            proxy.ping()
        return True
    except ServiceUnavailable as exc:
        _log.warning("readiness: the broker did not answer: %s", exc)
        return False


@blp.route("/readyz")
def readyz():
    broker = broker_answers(current_app.extensions["rpc_pool"])
    checks = {"broker": "ok" if broker else "down"}
    if broker:
        return jsonify({"status": "ready", "checks": checks})
    return jsonify({"status": "unavailable", "checks": checks}), 503


def _begin():
    g.ops_started = time.perf_counter()
    g.ops_token = logcontext.bind(g.get("request_id"))


def _finish(response):
    began = g.pop("ops_started", None)
    if began is None:
        return response
    took = time.perf_counter() - began
    route = request.url_rule.rule if request.url_rule is not None else None
    metrics.count_request(route, request.method, response.status_code, took)
    if current_app.config.get("ACCESS_LOG"):
        _access.info(
            "request",
            extra={
                "method": request.method,
                "route": route or metrics.UNMATCHED,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(took * 1000, 2),
            },
        )
    return response


def _end(exc=None):
    token = g.pop("ops_token", None)
    if token is not None:
        logcontext.unbind(token)


def init_app(app) -> None:
    """After the request id is set (``app.before_request`` order): count, log, bind."""
    app.config.setdefault(
        "ACCESS_LOG", os.environ.get("GATEWAY_ACCESS_LOG", "0").lower() in ("1", "true", "yes")
    )
    metrics.measure_rpc(app.extensions["rpc_pool"])
    app.before_request(_begin)
    app.after_request(_finish)
    app.teardown_request(_end)
    app.register_blueprint(blp)
