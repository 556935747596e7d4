"""Errors that cross the RPC wire as themselves (registered with nameko's deserializer).

Each carries an UPPER_SNAKE ``code`` and the HTTP status the gateway answers with.

>>> InvalidInput("capacity must be positive", {"capacity": ["Must be at least 1."]}).fields
{'capacity': ['Must be at least 1.']}
"""

from marshmallow import ValidationError
from nameko.exceptions import deserialize_to_instance


class ServiceError(Exception):
    code = "SERVICE_ERROR"
    status = 400

    def __init__(self, message: str = "", fields: dict | None = None):
        super().__init__(message, fields or {})
        self.message = message
        self.fields = fields or {}

    def __str__(self) -> str:
        return self.message


@deserialize_to_instance
class InvalidInput(ServiceError):
    """A payload failed its contract or a business rule about a field (HTTP 422)."""

    code = "INVALID_INPUT"
    status = 422


@deserialize_to_instance
class NotFound(ServiceError):
    code = "NOT_FOUND"
    status = 404


@deserialize_to_instance
class Conflict(ServiceError):
    """The request clashes with what is stored: a duplicate, or a state that forbids it (HTTP
    409)."""

    code = "CONFLICT"
    status = 409


@deserialize_to_instance
class Forbidden(ServiceError):
    code = "FORBIDDEN"
    status = 403


@deserialize_to_instance
class Unauthorized(ServiceError):
    code = "UNAUTHORIZED"
    status = 401


@deserialize_to_instance
class TooManyRequests(ServiceError):
    """Too many attempts (sign-in throttling): try again after ``retry_after`` seconds (HTTP
    429 with ``Retry-After``)."""

    code = "TOO_MANY_REQUESTS"
    status = 429

    def __init__(self, message: str = "", retry_after: int = 1):
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))
        self.args = (message, self.retry_after)


def flatten_messages(messages: object, prefix: str = "") -> dict[str, list[str]]:
    """Nested problems under dotted names, each a list of strings.

    >>> flatten_messages({"sessions": {0: {"ends_at": ["Missing data."]}}, "title": ["Bad."]})
    {'sessions.0.ends_at': ['Missing data.'], 'title': ['Bad.']}
    """
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_messages(value, name))
        return flat
    if isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": [str(m) for m in messages]}
    if isinstance(messages, list | tuple):
        flat = {}
        for item in messages:
            for name, problems in flatten_messages(item, prefix).items():
                flat.setdefault(name, []).extend(problems)
        return flat
    return {prefix or "_schema": [str(messages)]}


def invalid_from_marshmallow(err: ValidationError) -> InvalidInput:
    """Turn a marshmallow ValidationError into the wire error, keeping field messages (a nested
    field's under its dotted name, ``sessions.0.ends_at``)."""
    fields = flatten_messages(err.messages)
    return InvalidInput("Invalid input: " + ", ".join(sorted(fields)), fields)
