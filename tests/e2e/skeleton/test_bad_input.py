"""Bad input gets the JSON error body with a 4xx naming the field, never a 500."""

import pytest
import requests


@pytest.mark.parametrize(
    "method, path, kwargs, status, code",
    [
        ("GET", "/api/v1/nowhere", {}, 404, "NOT_FOUND"),
        ("DELETE", "/health", {}, 405, "METHOD_NOT_ALLOWED"),
        ("GET", "/api/v1/me", {}, 401, "UNAUTHORIZED"),
        (
            "POST",
            "/api/v1/auth/token",
            {"data": '{"email": ', "headers": {"Content-Type": "application/json"}},
            400,
            "MALFORMED_JSON",
        ),
        ("POST", "/api/v1/auth/token", {"json": {"email": "a@b.test"}}, 422, "INVALID_INPUT"),
    ],
)
def test_anonymous_bad_requests(platform, method, path, kwargs, status, code):
    response = requests.request(method, platform.url + path, timeout=10, **kwargs)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_missing_and_wrongly_typed_fields_are_named(as_user):
    response = as_user("coordinator").post(
        "/api/v1/events",
        json={
            "title": "x",
            "kind": "party",
            "capacity": "ten",
            "sessions": [
                {
                    "starts_at": "2027-01-12T17:00:00+00:00",
                    "ends_at": "2027-01-12T15:00:00+00:00",
                    "venue": "Hall",
                }
            ],
        },
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"kind", "capacity", "sessions.0.ends_at"}  # nested: dotted names
    assert fields["sessions.0.ends_at"] == ["Must be after starts_at."]


def test_an_expired_or_forged_token_is_401(platform):
    response = requests.get(
        platform.url + "/api/v1/me", timeout=10, headers={"Authorization": "Bearer not.a.token"}
    )
    assert response.status_code == 401


def test_unknown_event_is_404(as_user):
    response = as_user("teacher").post("/api/v1/events/nope/bookings", json={})
    assert response.status_code == 404
    assert response.json()["error"]["fields"] == {"event_id": ["Unknown event."]}
