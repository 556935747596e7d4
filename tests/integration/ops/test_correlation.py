"""One correlation id from an HTTP request to its email: the gateway's request line, the events
service's RPC line, the notifications service's event handler line and the email's line all name
the request id the client sent (real broker, store and SMTP server; the gateway's app and the
services in this process). The gateway's /metrics counts the request by its route and the RPC by
service.method, and /readyz answers 200 with the broker up."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from events.service import EventsService
from gateway.app import create_app
from notifications.service import NotificationsService
from support.waiting import eventually

from .conftest import COORD, TEACHER, StubDirectory, new_event

SECRET = "integration-ops-secret-" + "k" * 40
ALWAYS_OPEN = {
    "weekdays": [0, 1, 2, 3, 4, 5, 6],
    "school_day": {"start": "00:00", "end": "23:59:59"},
}


@pytest.fixture
def platform(container_factory, service_config, mailbox, monkeypatch, rabbit_config):
    """The stub directory, the events and notifications services, and a gateway test client."""
    container_factory(StubDirectory, service_config("directory")).start()
    container_factory(EventsService, service_config("events")).start()
    notifications = {
        **service_config("notifications"),
        "SMTP_HOST": mailbox.host,
        "SMTP_PORT": mailbox.port,
        "SCHOOL_CALENDAR": ALWAYS_OPEN,
    }
    container_factory(NotificationsService, notifications).start()
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.delenv("HUB_ENV", raising=False)
    app = create_app({"TESTING": True, "ACCESS_LOG": True, "AMQP_URI": rabbit_config["AMQP_URI"]})
    yield app
    app.extensions["rpc_pool"].close()


def signed_in(app):
    """A bearer token for the stub teacher, its session already known to the gateway."""
    app.extensions["session_cache"].put((TEACHER.id, 1), TEACHER)
    claims = {"sub": TEACHER.id, "ver": 1, "exp": datetime.now(UTC) + timedelta(minutes=5)}
    return {"Authorization": "Bearer " + jwt.encode(claims, SECRET, "HS256")}


def test_one_correlation_id_from_the_request_to_the_email(platform, rpc, json_logs, mailbox):
    event = rpc.events.create_event(new_event(title="Tracing course"), caller=COORD)
    request_id = "trace-ops-0001"
    client = platform.test_client()

    booked = client.post(
        f"/api/v1/events/{event['id']}/bookings",
        json={},
        headers={**signed_in(platform), "X-Request-ID": request_id},
    )

    assert booked.status_code == 201, booked.get_json()
    assert booked.get_json()["status"] == "confirmed"
    assert eventually(lambda: mailbox.to("teacher-a@school.test"), seconds=15)

    def traced():
        lines = json_logs.with_id(request_id)
        kinds = {
            "request": [x for x in lines if x["logger"] == "gateway.requests"],
            "rpc": [x for x in lines if x["message"].startswith("rpc book_place")],
            "event": [x for x in lines if x["message"].startswith("event events.booking_confirm")],
            "email": [x for x in lines if x["message"] == "email sent"],
        }
        return kinds if all(kinds.values()) else None

    found = eventually(traced, seconds=15)
    assert found["request"][0]["route"] == "/api/v1/events/<event_id>/bookings"
    assert found["request"][0]["status"] == 201
    assert {line["service"] for line in found["rpc"]} == {"events"}
    assert found["rpc"][0]["message"].endswith(" ok")
    assert {line["service"] for line in found["event"]} == {"notifications"}
    assert {line["service"] for line in found["email"]} == {"notifications"}
    assert found["email"][0]["delivery"]
    for lines in found.values():
        assert all({"timestamp", "level", "logger", "message"} <= set(line) for line in lines)


def test_the_gateways_metrics_count_requests_by_route_and_rpcs(platform, rpc):
    event = rpc.events.create_event(new_event(), caller=COORD)
    client = platform.test_client()
    answer = client.get(f"/api/v1/events/{event['id']}", headers=signed_in(platform))
    assert answer.status_code == 200

    scraped = client.get("/metrics").get_data(as_text=True)
    route = 'hub_http_requests_total{method="GET",route="/api/v1/events/<event_id>",status="200"}'
    assert route in scraped
    assert 'hub_gateway_rpc_calls_total{outcome="ok",rpc="events.get_event"}' in scraped
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["checks"] == {"broker": "ok"}
