"""The services' metric hooks with fakes: each entrypoint kind counted by name and outcome, its
latency observed; the operations endpoint's answers; a taken port is a warning, not a failure."""

import logging
import socket
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import eventlet
import requests
from nameko.events import EventHandler
from nameko.rpc import Rpc
from nameko.timer import Timer
from prometheus_client import REGISTRY

from contracts.errors import Conflict
from runtime import metrics, ops_checks
from runtime.ops_http import OpsServer, ops_app


def value(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def entrypoint(kind, name):
    made = {"rpc": Rpc, "event": lambda: EventHandler("events", name), "timer": lambda: Timer(1)}
    found = made[kind]()
    found.method_name = name
    return found


def run(meter, clock, kind, name, took, exc=None):
    worker = SimpleNamespace(entrypoint=entrypoint(kind, name))
    meter.started(worker)
    clock.now += took
    exc_info = (type(exc), exc, None) if exc else None
    meter.finished(worker, exc_info)


def test_rpcs_are_counted_by_method_and_outcome_with_their_latency():
    clock = Clock()
    meter = metrics.EntrypointMeter("unit-svc", clock)
    labels = {"service": "unit-svc", "method": "book_place"}
    before = value("hub_rpc_duration_seconds_count", **labels)
    run(meter, clock, "rpc", "book_place", 0.02)
    run(meter, clock, "rpc", "book_place", 0.3, Conflict("Already booked."))
    run(meter, clock, "rpc", "book_place", 0.01, RuntimeError("bug"))
    assert value("hub_rpc_requests_total", **labels, outcome="ok") == 1
    assert value("hub_rpc_requests_total", **labels, outcome="CONFLICT") == 1
    assert value("hub_rpc_requests_total", **labels, outcome="error") == 1
    assert value("hub_rpc_duration_seconds_count", **labels) - before == 3
    assert value("hub_rpc_duration_seconds_bucket", **labels, le="0.025") == 2
    assert abs(value("hub_rpc_duration_seconds_sum", **labels) - 0.33) < 1e-9


def test_event_handlers_are_counted_by_event_type_and_timers_by_method():
    clock = Clock()
    meter = metrics.EntrypointMeter("unit-svc2", clock)
    run(meter, clock, "event", "booking_confirmed", 0.05)
    run(meter, clock, "event", "booking_confirmed", 0.05, Conflict("x"))
    run(meter, clock, "timer", "tick", 0.001)
    event = {"service": "unit-svc2", "event": "events.booking_confirmed"}
    assert value("hub_events_handled_total", **event, outcome="ok") == 1
    assert value("hub_events_handled_total", **event, outcome="error") == 1
    assert value("hub_event_handler_duration_seconds_count", **event) == 2
    timer = {"service": "unit-svc2", "method": "tick", "outcome": "ok"}
    assert value("hub_timer_runs_total", **timer) == 1


def test_a_worker_never_set_up_is_counted_without_a_latency():
    meter = metrics.EntrypointMeter("unit-svc3", Clock())
    meter.finished(SimpleNamespace(entrypoint=entrypoint("rpc", "health")), None)
    labels = {"service": "unit-svc3", "method": "health"}
    assert value("hub_rpc_requests_total", **labels, outcome="ok") == 1
    assert value("hub_rpc_duration_seconds_count", **labels) == 0


class FakeCollection:
    name = "things"

    def __init__(self, docs):
        self.docs = docs
        self.asked = None

    def find(self, query, projection):
        self.asked = query
        return self

    def limit(self, n):
        return self.docs[:n]


def test_the_outbox_backlog_counts_entries_and_finds_the_oldest():
    old = datetime.now(UTC) - timedelta(seconds=90)
    later = old + timedelta(seconds=30)
    docs = [{"outbox": [{"at": later}, {"at": old}]}, {"outbox": [{"at": old}]}]
    collection = FakeCollection(docs)
    found = ops_checks.backlogs(lambda: [collection], [lambda: {"notes": (2, None)}])
    assert found == {"things": (3, old), "notes": (2, None)}
    assert "outbox.at" in collection.asked  # through the sweep's index
    assert 89 < ops_checks.age_seconds(old) < 100 and ops_checks.age_seconds(None) == 0


def serve(app):
    server = OpsServer(app)
    assert server.start("127.0.0.1", 0)
    return server


def test_the_endpoint_answers_metrics_liveness_and_readiness():
    state = {"broker": True, "store": True}
    scrapes = []
    server = serve(ops_app(lambda: dict(state), lambda: scrapes.append(1)))
    base = f"http://127.0.0.1:{server.port}"
    try:
        assert requests.get(base + "/livez", timeout=5).json() == {"status": "ok"}
        ready = requests.get(base + "/readyz", timeout=5)
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"broker": "ok", "store": "ok"}
        state["store"] = False
        down = requests.get(base + "/readyz", timeout=5)
        assert down.status_code == 503
        assert down.json() == {"status": "unavailable", "checks": {"broker": "ok", "store": "down"}}
        scraped = requests.get(base + "/metrics", timeout=5)
        assert scraped.status_code == 200 and "hub_rpc_requests_total" in scraped.text
        assert scraped.headers["Content-Type"].startswith("text/plain") and scrapes == [1]
        assert requests.get(base + "/nothing", timeout=5).status_code == 404
        assert requests.post(base + "/readyz", timeout=5).status_code == 405
    finally:
        server.stop()


def test_a_failing_reading_still_answers_the_counters():
    def broken():
        raise RuntimeError("store away")

    server = serve(ops_app(lambda: {}, broken))
    try:
        assert requests.get(f"http://127.0.0.1:{server.port}/metrics", timeout=5).status_code == 200
    finally:
        server.stop()


def test_a_port_already_taken_is_a_warning_and_the_process_goes_on(caplog):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        server = OpsServer(ops_app(lambda: {}))
        with caplog.at_level(logging.WARNING):
            assert server.start("127.0.0.1", taken.getsockname()[1]) is False
        assert "not free" in caplog.text and server.port is None
        server.stop()
    finally:
        taken.close()


def test_readiness_checks_say_down_when_nothing_answers():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with eventlet.Timeout(10):
        assert ops_checks.broker_answers(f"amqp://guest:guest@127.0.0.1:{port}//", 1) is False
    assert ops_checks.store_answers("no-such-alias", 1) is False
