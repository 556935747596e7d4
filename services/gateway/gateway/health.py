"""GET /health: every service (each pings its own MongoDB database) and RabbitMQ, checked in
parallel."""

from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app, jsonify
from kombu import Connection

from gateway.rpc import RpcPool

SERVICES = ("directory", "events", "notifications")
CHECK_TIMEOUT = 3.0

blp = Blueprint("health", __name__)


def _check_service(pool: RpcPool, name: str) -> tuple[str, str]:
    try:
        with pool.proxy() as rpc:
            result = rpc[name].health()
        return "ok", result.get("mongodb", "ok")
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        text = str(exc) or type(exc).__name__
        return f"down: {text[:200]}", "unknown"


def _check_rabbitmq(uri: str) -> str:
    try:
        with Connection(uri, connect_timeout=CHECK_TIMEOUT) as conn:
            conn.ensure_connection(max_retries=1)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"down: {exc}"


@blp.route("/health")
def health():
    """200 {"status": "ok", "checks": {...}}; 503 with the failing check named."""
    pool = current_app.extensions["rpc_pool"]
    with ThreadPoolExecutor(max_workers=len(SERVICES) + 1) as workers:
        rabbit = workers.submit(_check_rabbitmq, current_app.config["AMQP_URI"])
        services = {name: workers.submit(_check_service, pool, name) for name in SERVICES}
        checks = {"rabbitmq": rabbit.result()}
        mongo_problems = []
        for name, future in services.items():
            checks[name], mongo = future.result()
            if mongo != "ok" and checks[name] == "ok":
                mongo_problems.append(f"{name}: {mongo}")
    if all(checks[name] != "ok" for name in SERVICES):
        checks["mongodb"] = "unknown: no service answered"
    else:
        checks["mongodb"] = "ok" if not mongo_problems else "down: " + "; ".join(mongo_problems)
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return jsonify(body), 200 if healthy else 503
