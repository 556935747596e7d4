"""A service's operations endpoint over the real broker and store: /metrics counts an RPC once it
is served; /readyz is 200 while the broker and the store answer and 503 naming the store once
the store is away; /livez answers; two instances on one port both start."""

import requests
from mongoengine import connect, disconnect

from events.service import EventsService
from events.storage import ALIAS as EVENTS_ALIAS
from events.storage import connect_store
from notifications.service import NotificationsService
from support.waiting import eventually, free_port

from .conftest import COORD, StubDirectory, new_event


def sample(text, name, **labels):
    """The value of one sample in Prometheus text, or 0."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def get(port, path):
    return requests.get(f"http://127.0.0.1:{port}{path}", timeout=10)


def test_an_rpc_served_is_counted_on_the_services_metrics(container_factory, ops_config, rpc):
    config = ops_config("events")
    container_factory(StubDirectory, ops_config("directory", OPS_PORT=0)).start()
    container_factory(EventsService, config).start()
    port = config["OPS_PORT"]
    labels = {"service": "events", "method": "create_event", "outcome": "ok"}
    before = sample(get(port, "/metrics").text, "hub_rpc_requests_total", **labels)

    rpc.events.create_event(new_event(), caller=COORD)

    scraped = get(port, "/metrics")
    assert scraped.status_code == 200
    assert sample(scraped.text, "hub_rpc_requests_total", **labels) == before + 1
    duration = {"service": "events", "method": "create_event"}
    assert sample(scraped.text, "hub_rpc_duration_seconds_count", **duration) >= 1
    backlog = {"service": "events", "collection": "events"}
    assert 'hub_outbox_backlog{collection="' in scraped.text
    assert sample(scraped.text, "hub_outbox_oldest_age_seconds", **backlog) < 60
    with_refusal = {"service": "events", "method": "get_event", "outcome": "NOT_FOUND"}
    before_refused = sample(scraped.text, "hub_rpc_requests_total", **with_refusal)
    try:
        rpc.events.get_event("missing")
    except Exception:  # noqa: BLE001 - the NotFound is the point
        pass
    after = get(port, "/metrics").text
    assert sample(after, "hub_rpc_requests_total", **with_refusal) == before_refused + 1


def test_readiness_follows_the_store(container_factory, ops_config, mongo_uri):
    config = ops_config("events")
    container_factory(StubDirectory, ops_config("directory", OPS_PORT=0)).start()
    container_factory(EventsService, config).start()
    port = config["OPS_PORT"]
    assert get(port, "/livez").json() == {"status": "ok"}
    ready = get(port, "/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"broker": "ok", "store": "ok"}}

    closed = free_port()  # nothing listens there
    disconnect(EVENTS_ALIAS)
    closed_uri = f"mongodb://127.0.0.1:{closed}"
    connect(
        alias=EVENTS_ALIAS,
        host=closed_uri,
        uuidRepresentation="standard",
        serverSelectionTimeoutMS=300,
    )
    try:
        away = get(port, "/readyz")
        assert away.status_code == 503
        assert away.json() == {"status": "unavailable", "checks": {"broker": "ok", "store": "down"}}
        assert get(port, "/livez").status_code == 200  # alive: only not ready
    finally:
        connect_store(mongo_uri, config["MONGO_DB"])
    assert eventually(lambda: get(port, "/readyz").status_code == 200)


def test_dead_letter_queues_are_measured(container_factory, ops_config):
    config = ops_config("notifications", SMTP_PORT=free_port())
    container_factory(NotificationsService, config).start()
    scraped = get(config["OPS_PORT"], "/metrics").text
    dlq = "dlq.evt-events-booking_confirmed--notifications.handle_booking_confirmed"
    assert sample(scraped, "hub_dead_letter_messages", service="notifications", queue=dlq) == 0
    assert f'queue="{dlq}"' in scraped


def test_two_instances_on_one_port_both_start(container_factory, ops_config, rpc):
    config = ops_config("events")
    container_factory(StubDirectory, ops_config("directory", OPS_PORT=0)).start()
    first = container_factory(EventsService, config)
    first.start()
    second = container_factory(EventsService, config)  # the same OPS_PORT, now taken
    second.start()
    assert rpc.events.health()["status"] == "ok"
    assert get(config["OPS_PORT"], "/livez").status_code == 200
