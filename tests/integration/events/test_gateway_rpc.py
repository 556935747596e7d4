"""The gateway's pooled RPC client against a real nameko service on the real broker: results,
wire errors as themselves, an unknown service and a silent one as ServiceUnavailable."""

import time

import pytest

from contracts.errors import InvalidInput, NotFound
from gateway.rpc import RpcPool, ServiceUnavailable

from .conftest import COORD


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
