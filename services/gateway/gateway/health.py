"""GET /health: every service (each pings its own MongoDB database) and RabbitMQ, checked in
parallel over the gateway's pooled broker connections (no connection is opened per call).

A check answers ``ok``, ``down`` or ``unknown``; why it failed goes to the log, never to the
caller. The answer is kept for ``CACHE_SECONDS`` so a burst of probes costs the services one
round of checks.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app, jsonify

from contracts.clients.community import CommunityClient
from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.clients.notifications import NotificationsClient
from gateway.rpc import RpcPool, ServiceUnavailable

CLIENTS = (DirectoryClient, EventsClient, NotificationsClient, CommunityClient)
SERVICES = tuple(client.service for client in CLIENTS)
HEALTH = {client.service: client.health for client in CLIENTS}
CACHE_SECONDS = 1.0

_log = logging.getLogger(__name__)
blp = Blueprint("health", __name__)
_lock = threading.Lock()


def _check_service(pool: RpcPool, name: str) -> tuple[str, str, bool]:
    """(service check, its database check, whether the broker answered)."""
    try:
        result = pool.ask(None, HEALTH[name])
    except ServiceUnavailable as exc:
        _log.warning("health: %s did not answer: %s", name, exc)
        broker_reached = "broker unreachable" not in str(exc)
        return "down", "unknown", broker_reached
    except Exception:  # noqa: BLE001 - any failure is reported as down, and logged
        _log.exception("health: %s failed", name)
        return "down", "unknown", True
    mongo = result.get("mongodb", "ok")
    if mongo != "ok":
        _log.warning("health: %s cannot reach its database: %s", name, mongo)
    return "ok", "ok" if mongo == "ok" else "down", True


def _checks(pool: RpcPool) -> dict:
    with ThreadPoolExecutor(max_workers=len(SERVICES)) as workers:
        futures = {name: workers.submit(_check_service, pool, name) for name in SERVICES}
        results = {name: future.result() for name, future in futures.items()}
    checks = {name: result[0] for name, result in results.items()}
    checks["rabbitmq"] = "ok" if any(result[2] for result in results.values()) else "down"
    databases = [result[1] for result in results.values() if result[0] == "ok"]
    if not databases:
        checks["mongodb"] = "unknown"
    else:
        checks["mongodb"] = "ok" if all(db == "ok" for db in databases) else "down"
    return checks


@blp.route("/health")
def health():
    """200 {"status": "ok", "checks": {...}}; 503 with the failing check named."""
    last = current_app.extensions.setdefault("health_answer", {"at": 0.0, "body": None})
    with _lock:
        if last["body"] is None or time.monotonic() - last["at"] > CACHE_SECONDS:
            checks = _checks(current_app.extensions["rpc_pool"])
            healthy = all(value == "ok" for value in checks.values())
            last["body"] = {"status": "ok" if healthy else "unavailable", "checks": checks}
            last["at"] = time.monotonic()
        body = last["body"]
    return jsonify(body), 200 if body["status"] == "ok" else 503
