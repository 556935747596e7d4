"""The gateway's error contract, checked without any service: requests rejected before an RPC."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from contracts.caller import Caller
from gateway.app import create_app

SECRET = "unit-test-secret-" + "x" * 40


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("JWT_SECRET", SECRET)
    app = create_app({"TESTING": True, "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/"})
    # the directory would answer this token's session; no broker here
    app.extensions["session_cache"].put(("p1", 0), Caller("p1", ("teacher",), 1))
    return app.test_client()


def _token(**overrides):
    claims = {"sub": "p1", "ver": 0, "exp": datetime.now(UTC) + timedelta(minutes=5), **overrides}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def test_malformed_json_is_400_naming_the_problem(client):
    response = client.post("/api/v1/auth/token", data='{"email": ', content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "MALFORMED_JSON" and "line 1" in error["message"]


def test_missing_and_unknown_fields_are_422_with_fields(client):
    response = client.post("/api/v1/auth/token", json={"emial": "x"})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "email": ["Missing data for required field."],
        "password": ["Missing data for required field."],
        "emial": ["Unknown field."],
    }


def test_unknown_route_and_wrong_method_are_json(client):
    assert client.get("/api/v1/nothing-here").get_json()["error"]["code"] == "NOT_FOUND"
    response = client.delete("/health")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


@pytest.mark.parametrize("header", [None, "Bearer", "Basic abc", "Bearer not-a-jwt"])
def test_requests_without_a_valid_token_are_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "UNAUTHORIZED"


def test_an_expired_token_is_401_saying_so(client):
    token = _token(exp=datetime.now(UTC) - timedelta(seconds=1))
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and "expired" in response.get_json()["error"]["message"]


def test_a_bad_query_parameter_is_422(client):
    response = client.get(
        "/api/v1/schools?per_page=0", headers={"Authorization": f"Bearer {_token()}"}
    )
    assert response.status_code == 422 and "per_page" in response.get_json()["error"]["fields"]


def test_an_unreachable_broker_is_503_not_500(client):
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {_token()}"})
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "SERVICE_UNAVAILABLE"


def test_openapi_documents_every_route(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/schools",
        "/api/v1/people",
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/events/{event_id}/bookings",
        "/api/v1/bookings/{booking_id}/cancel",
        "/api/v1/me/bookings",
        "/api/v1/me/notifications",
    } <= set(paths)


def test_a_urn_beyond_any_school_is_404_not_a_store_overflow(client):
    response = client.get(
        "/api/v1/schools/8310181311020253377986560", headers={"Authorization": f"Bearer {_token()}"}
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "NOT_FOUND"
