"""Limits, headers and secrets the gateway enforces before any service is asked."""

import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from click.testing import CliRunner

from contracts.caller import Caller
from contracts.errors import TooManyRequests
from gateway import serve, settings
from gateway.app import create_app
from gateway.errors import handle_service_error

SECRET = "unit-test-secret-" + "y" * 40


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.delenv("HUB_ENV", raising=False)
    app = create_app({"TESTING": True, "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/"})
    app.extensions["session_cache"].put(("p1", 3), Caller("p1", ("teacher",), 1))
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def _bearer(secret=SECRET, **claims):
    base = {"sub": "p1", "ver": 3, "exp": datetime.now(UTC) + timedelta(minutes=5)}
    return {"Authorization": "Bearer " + jwt.encode({**base, **claims}, secret, "HS256")}


def test_a_body_past_the_limit_is_413_with_the_error_body(client):
    big = json.dumps({"email": "a@b.test", "password": "x" * (2 * 1024 * 1024)})
    response = client.post("/api/v1/auth/token", data=big, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


def test_json_nested_two_thousand_deep_is_400_not_500_before_sign_in(client):
    body = "[" * 2000 + "]" * 2000
    response = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "levels deep" in response.get_json()["error"]["message"]


def test_json_nested_moderately_deep_is_refused_too(client):
    body = '{"email": ' + "[" * 40 + '"x"' + "]" * 40 + "}"
    response = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 400


def test_a_body_is_not_read_before_the_caller_is_known(client):
    response = client.post("/api/v1/events", data="{not json", content_type="application/json")
    assert response.status_code == 401  # not 400: the body was never parsed


@pytest.mark.parametrize("path", ["/health", "/api/openapi.json", "/api/v1/me"])
def test_every_response_carries_security_headers(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_api_answers_are_not_cached(client):
    assert client.get("/api/v1/me").headers["Cache-Control"] == "no-store"


def test_a_token_signed_with_another_secret_is_refused(client):
    response = client.get("/api/v1/me", headers=_bearer(secret="z" * 48))
    assert response.status_code == 401


def test_a_token_of_an_older_version_is_not_served_from_the_cache(app, client):
    # version 2 is not what the directory answered; the gateway must ask (and here cannot)
    response = client.get("/api/v1/schools", headers=_bearer(ver=2))
    assert response.status_code == 503
    assert client.get("/api/v1/schools?per_page=0", headers=_bearer()).status_code == 422


def test_a_token_without_a_version_is_refused(client):
    headers = {
        "Authorization": "Bearer "
        + jwt.encode(
            {
                "sub": "p1",
                "exp": datetime.now(UTC) + timedelta(minutes=5),
                "roles": ["coordinator"],
            },
            SECRET,
            "HS256",
        )
    }
    assert client.get("/api/v1/me", headers=headers).status_code == 401


@pytest.mark.parametrize("secret", [None, "", "short", "change-me"])
def test_the_gateway_refuses_to_start_without_a_strong_secret(monkeypatch, secret):
    monkeypatch.delenv("HUB_ENV", raising=False)
    if secret is None:
        monkeypatch.delenv("JWT_SECRET", raising=False)
    else:
        monkeypatch.setenv("JWT_SECRET", secret)
    with pytest.raises(settings.SettingsError, match="JWT_SECRET"):
        create_app()
    result = CliRunner().invoke(serve.main, [])
    assert result.exit_code != 0 and "JWT_SECRET" in result.output


def test_development_mode_draws_a_random_secret(monkeypatch):
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.setenv("HUB_ENV", "development")
    first, second = settings.jwt_secret(), settings.jwt_secret()
    assert len(first) >= 32 and first != second


def test_too_many_requests_is_429_with_retry_after(app):
    with app.test_request_context():
        response = handle_service_error(TooManyRequests("Wait.", retry_after=7))
    assert response.status_code == 429 and response.headers["Retry-After"] == "7"
    assert response.get_json()["error"]["code"] == "TOO_MANY_REQUESTS"


def test_a_nested_field_problem_is_named_with_dots(client):
    body = {"title": "T", "kind": "course", "capacity": 5, "sessions": [{"starts_at": "x"}]}
    response = client.post("/api/v1/events", json=body, headers=_bearer())
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert "sessions.0.starts_at" in fields and "sessions.0.ends_at" in fields
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in fields.values())
