"""A service that is down makes /health 503 naming it, and its routes 503 within seconds."""

import time

from support.platform import DEMO_ACCOUNTS


def test_a_stopped_service_is_named_and_answered_with_503(platform, as_user):
    teacher = as_user("teacher")
    platform.stop_process("events")
    try:
        health = platform.health()
        assert health.status_code == 503
        checks = health.json()["checks"]
        assert checks["events"].startswith("down") and checks["directory"] == "ok"
        started = time.monotonic()
        response = teacher.get("/api/v1/events")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
        assert time.monotonic() - started < 6
        assert teacher.get("/api/v1/me").json()["email"] == DEMO_ACCOUNTS["teacher"]
    finally:
        platform.start_service("events")
        platform.wait_healthy()
    assert teacher.get("/api/v1/events").status_code == 200
