"""Every error the gateway answers is ``{"error": {"code", "message", "fields"?}}`` with a
4xx/5xx."""

import logging

from flask import jsonify
from werkzeug.exceptions import HTTPException

from contracts.clients.base import BrokenContract
from contracts.errors import ServiceError, TooManyRequests, flatten_messages
from gateway.rpc import ServiceUnavailable

_log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "INVALID_INPUT",
    429: "TOO_MANY_REQUESTS",
}


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers=None):
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify({"error": body})
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _flatten_webargs(messages: dict) -> dict:
    """webargs nests problems by location ({"json": {"sessions": {0: {"ends_at": [...]}}}});
    clients want each field under its dotted name (``sessions.0.ends_at``)."""
    fields = {}
    for location, problems in messages.items():
        fields.update(
            flatten_messages(problems)
            if isinstance(problems, dict)
            else flatten_messages(problems, location)
        )
    return fields


def handle_http_exception(error: HTTPException):
    status = error.code or 500
    messages = (getattr(error, "data", None) or {}).get("messages")
    if status == 422 and messages:
        fields = _flatten_webargs(messages)
        return error_response(
            422, "INVALID_INPUT", "Invalid input: " + ", ".join(sorted(fields)), fields
        )
    allow = {k: v for k, v in error.get_headers() if k == "Allow"}
    code = _HTTP_CODES.get(status, "HTTP_ERROR")
    return error_response(status, code, error.description or code, headers=allow)


def handle_service_error(error: ServiceError):
    headers = None
    if isinstance(error, TooManyRequests):
        headers = {"Retry-After": str(error.retry_after)}
    return error_response(
        error.status, error.code, error.message, error.fields or None, headers=headers
    )


def handle_broken_contract(error: BrokenContract):
    """A service answered outside its declared shape: a bug, logged in full; the client gets a
    502 that names no internals."""
    _log.error("broken contract: %s", error)
    return error_response(
        502, "BAD_GATEWAY", "A service answered in a shape this gateway does not expect"
    )


def handle_unavailable(error: ServiceUnavailable):
    return error_response(
        503,
        "SERVICE_UNAVAILABLE",
        f"A service is not available right now: {error}",
        headers={"Retry-After": "5"},
    )


def handle_unexpected(error: Exception):
    _log.exception("unhandled error")
    return error_response(500, "INTERNAL_ERROR", "Something went wrong on our side.")


def init_app(app, api) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ServiceError, handle_service_error)
    app.register_error_handler(ServiceUnavailable, handle_unavailable)
    app.register_error_handler(BrokenContract, handle_broken_contract)
    app.register_error_handler(Exception, handle_unexpected)
