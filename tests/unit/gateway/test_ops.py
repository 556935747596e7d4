"""The gateway's operations routes and hooks with fakes: no sign-in for /metrics, /livez and
/readyz; each request counted by route template; a broker that does not answer makes /readyz 503
with its check named; RPC calls counted by service.method and outcome; several workers share
one metrics directory."""

import json
import logging

import pytest
from prometheus_client import REGISTRY

from contracts.errors import NotFound
from gateway import metrics
from gateway.app import create_app
from gateway.rpc import ServiceUnavailable

SECRET = "unit-test-secret-" + "z" * 40


def value(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.delenv("HUB_ENV", raising=False)
    app = create_app(
        {"TESTING": True, "ACCESS_LOG": True, "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/"}
    )
    return app.test_client()


def test_probes_and_metrics_need_no_sign_in_and_requests_are_counted_by_route(client):
    labels = {"route": "/livez", "method": "GET", "status": "200"}
    before = value("hub_http_requests_total", **labels)
    assert client.get("/livez").get_json() == {"status": "ok"}
    scraped = client.get("/metrics")
    assert scraped.status_code == 200 and scraped.content_type.startswith("text/plain")
    assert 'hub_http_requests_total{method="GET",route="/livez",status="200"}' in scraped.text
    assert value("hub_http_requests_total", **labels) == before + 1


def test_an_api_route_is_counted_by_its_template_not_its_path(client):
    route = "/api/v1/events/<event_id>"
    before = value("hub_http_requests_total", route=route, method="GET", status="401")
    assert client.get("/api/v1/events/abc123").status_code == 401  # no token: refused first
    assert value("hub_http_requests_total", route=route, method="GET", status="401") == before + 1
    client.get("/no/such/page")
    assert value("hub_http_requests_total", route="<unmatched>", method="GET", status="404") >= 1


def test_readiness_is_503_naming_the_broker_when_it_does_not_answer(client):
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json() == {"status": "unavailable", "checks": {"broker": "down"}}


def test_each_request_logs_one_line_with_its_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="gateway.requests"):
        client.get("/livez", headers={"X-Request-ID": "req-ops-1"})
    [line] = [r for r in caplog.records if r.name == "gateway.requests"]
    assert (line.route, line.status, line.method) == ("/livez", 200, "GET")
    assert line.duration_ms >= 0


class FakePool:
    def __init__(self, answers):
        self.answers = answers

    def call(self, correlation_id, service, method, *args, **kwargs):
        return self.answer(method)

    def answer(self, method):
        answer = self.answers[method]
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def call_all(self, correlation_id, calls, keep_errors=False):
        return [self.answer(m) if m != "refuses" else NotFound("x") for s, m, *_ in calls]


def test_rpc_calls_are_counted_by_service_method_and_outcome():
    pool = metrics.measure_rpc(
        FakePool({"ok": {"a": 1}, "missing": NotFound("no"), "away": ServiceUnavailable("t/o")})
    )

    def count(rpc, outcome):
        return value("hub_gateway_rpc_calls_total", rpc=f"unitsvc.{rpc}", outcome=outcome)

    before = {
        key: count(*key)
        for key in [
            ("ok", "ok"),
            ("missing", "NOT_FOUND"),
            ("away", "UNAVAILABLE"),
            ("refuses", "NOT_FOUND"),
        ]
    }
    assert pool.call("c", "unitsvc", "ok") == {"a": 1}
    for method, error in (("missing", NotFound), ("away", ServiceUnavailable)):
        with pytest.raises(error):
            pool.call("c", "unitsvc", method)
    pool.call_all("c", [("unitsvc", "ok", (), {}), ("unitsvc", "refuses", (), {})], True)
    after = {key: count(*key) for key in before}
    assert {key: after[key] - before[key] for key in before} == {
        ("ok", "ok"): 2,
        ("missing", "NOT_FOUND"): 1,
        ("away", "UNAVAILABLE"): 1,
        ("refuses", "NOT_FOUND"): 1,
    }
    assert value("hub_gateway_rpc_duration_seconds_count", rpc="unitsvc.ok") >= 1


def test_several_workers_get_one_fresh_metrics_directory(tmp_path):
    environ = {}
    metrics.prepare_multiprocess(1, environ)
    assert environ == {}
    metrics.prepare_multiprocess(2, environ)
    assert environ[metrics.MULTIPROC_ENV]
    given = tmp_path / "m"
    given.mkdir()
    (given / "counter_123.db").write_bytes(b"old")
    metrics.prepare_multiprocess(4, {metrics.MULTIPROC_ENV: str(given)})
    assert given.is_dir() and not list(given.iterdir())
    assert json.dumps(environ)  # (plain strings: the worker processes inherit them)
