"""Upload routes take bodies up to the attachment limit and its overhead, every other route keeps
``MAX_REQUEST_BYTES``; past a route's limit the answer is 413 with the error body (naming ``file``
on an upload route), with or without ``Content-Length``, never a 500."""

import io
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from contracts.caller import Caller
from gateway.app import create_app
from gateway.upload_limit import UPLOAD_OVERHEAD_BYTES

SECRET = "unit-test-secret-" + "u" * 40
MIB = 1024 * 1024
UPLOADS = ("/api/v1/spaces/s1/posts", "/api/v1/spaces/s1/feedback", "/api/v1/posts/p1/attachments")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.setenv("ATTACHMENT_MAX_BYTES", str(3 * MIB))
    monkeypatch.delenv("HUB_ENV", raising=False)
    app = create_app({"TESTING": True, "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/"})
    app.extensions["session_cache"].put(("p1", 3), Caller("p1", ("teacher",), 1))
    return app


@pytest.fixture
def client(app):
    client = app.test_client()
    claims = {"sub": "p1", "ver": 3, "exp": datetime.now(UTC) + timedelta(minutes=5)}
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + jwt.encode(claims, SECRET, "HS256")
    return client


def _multipart(size: int, field: str = "colour") -> tuple[bytes, str]:
    boundary = "hubboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"%PDF-1.4\n"
        + b"0" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_the_upload_limit_is_the_attachment_limit_and_its_overhead(app):
    assert app.config["UPLOAD_MAX_BYTES"] == 3 * MIB + UPLOAD_OVERHEAD_BYTES
    assert app.config["MAX_CONTENT_LENGTH"] == MIB


@pytest.mark.parametrize("path", UPLOADS)
def test_an_upload_route_reads_a_body_past_one_mib(client, path):
    body, kind = _multipart(2 * MIB)  # an unknown field: refused after the body was read
    response = client.post(path, data=body, content_type=kind)
    assert response.status_code == 422, response.get_json()
    assert "colour" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("path", UPLOADS)
def test_past_the_upload_limit_is_413_naming_file(client, path):
    body, kind = _multipart(4 * MIB, "file")
    response = client.post(path, data=body, content_type=kind)
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "PAYLOAD_TOO_LARGE" and "file" in error["fields"]


def test_a_file_past_the_attachment_limit_within_the_body_limit_is_413_naming_file(client):
    body, kind = _multipart(3 * MIB, "file")  # the PDF header makes it 9 bytes over
    response = client.post("/api/v1/posts/p1/attachments", data=body, content_type=kind)
    assert response.status_code == 413
    assert "file" in response.get_json()["error"]["fields"]


def test_without_content_length_past_the_limit_is_413_not_500(client):
    body, kind = _multipart(4 * MIB, "file")
    response = client.post(
        "/api/v1/posts/p1/attachments",
        input_stream=io.BytesIO(body),
        content_type=kind,
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # a server that ends the stream
    )
    assert response.status_code == 413
    assert "file" in response.get_json()["error"]["fields"]


def test_other_routes_keep_one_mib(client):
    big = json.dumps({"text": "x" * (2 * MIB)})
    response = client.post("/api/v1/posts/p1/comments", data=big, content_type="application/json")
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "PAYLOAD_TOO_LARGE" and "fields" not in error
