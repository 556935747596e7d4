"""The gateway's pooled RPC client against a real nameko service on the real broker: results,
wire errors as themselves, an unknown service and a stopped one as ServiceUnavailable, a request
given up on never acted on, and a fail-over list of brokers."""

import time
import uuid

import pytest
from nameko.exceptions import RpcTimeout

from contracts.errors import InvalidInput, NotFound
from events.service import EventsService
from gateway.rpc import RpcClient, RpcPool, ServiceUnavailable
from gateway.rpc_watch import FRESH_FOR

from .conftest import COORD, StubDirectory


def test_calls_return_results_and_wire_errors(events_service, rabbit_config, new_event):
    pool = RpcPool(rabbit_config["AMQP_URI"], timeout=5, size=2)
    try:
        created = pool.call("req-1", "events", "create_event", new_event(capacity=2), caller=COORD)
        assert pool.call(None, "events", "get_event", created["id"])["capacity"] == 2
        with pytest.raises(NotFound):
            pool.call(None, "events", "get_event", "missing")
        with pytest.raises(InvalidInput) as bad:
            pool.call(None, "events", "create_event", {"title": ""}, caller=COORD)
        assert "capacity" in bad.value.fields
        with pool.proxy() as rpc:
            assert rpc["events"].health()["status"] == "ok"
    finally:
        pool.close()


def test_an_unknown_service_is_unavailable_at_once(rabbit_config):
    pool = RpcPool(rabbit_config["AMQP_URI"], timeout=30, size=1)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable):
        pool.call(None, "nobody", "health")
    assert time.monotonic() - started < 10  # told by the broker, not by the 30 s timeout
    pool.close()


def test_a_stopped_service_is_unavailable_within_three_seconds(
    container_factory, service_config, rabbit_config
):
    """Its queue stays behind with nobody consuming it: the gateway does not wait for the RPC
    timeout (30 s here) but is told by the broker, and a service still running answers."""
    container_factory(StubDirectory, service_config("directory")).start()
    events = container_factory(EventsService, service_config("events"))
    events.start()
    pool = RpcPool(rabbit_config["AMQP_URI"], timeout=30, size=2)
    try:
        assert pool.call(None, "events", "health")["status"] == "ok"
        events.stop()
        time.sleep(FRESH_FOR)  # the gateway's last word from the broker goes stale
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable, match="events is not running"):
            pool.call(None, "events", "health")
        assert time.monotonic() - started < 3
        assert pool.call(None, "directory", "get_person", "coord")["id"] == "coord"
        with pytest.raises(ServiceUnavailable):  # a page's calls: nothing is sent
            pool.call_all(
                None, [("directory", "get_person", ("coord",), {}), ("events", "health", (), {})]
            )
    finally:
        pool.close()


def test_a_request_given_up_on_is_never_acted_on_later(
    container_factory, service_config, rabbit_config, new_event
):
    """A request that waited in the queue past its caller's timeout expires there: the service,
    back again, does not create what the caller was told failed."""
    container_factory(StubDirectory, service_config("directory")).start()
    events = container_factory(EventsService, service_config("events"))
    events.start()
    events.stop()  # the queue exists, with nobody consuming it
    client = RpcClient(rabbit_config["AMQP_URI"], timeout=1)  # no watch: it sends and waits
    title = f"Given up {uuid.uuid4().hex[:8]}"
    try:
        with pytest.raises(RpcTimeout):
            client.call("events", "create_event", new_event(title=title), caller=COORD)
    finally:
        client.close()
    time.sleep(0.5)
    again = container_factory(EventsService, service_config("events"))
    again.start()
    pool = RpcPool(rabbit_config["AMQP_URI"], timeout=10, size=1)
    try:
        listed = pool.call(None, "events", "list_events", {}, caller=COORD)
        assert title not in [item["title"] for item in listed["items"]]
    finally:
        pool.close()


def test_the_first_broker_that_answers_of_a_fail_over_list_is_used(events_service, rabbit_config):
    closed = "amqp://guest:guest@127.0.0.1:1/"
    pool = RpcPool(f"{closed};{rabbit_config['AMQP_URI']}", timeout=5, size=1)
    try:
        assert pool.call(None, "events", "health")["status"] == "ok"
    finally:
        pool.close()
