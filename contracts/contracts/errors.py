"""Errors that cross the RPC wire as themselves (registered with nameko's deserializer).

Each carries an UPPER_SNAKE ``code`` and the HTTP status the gateway answers with.

>>> InvalidInput("capacity must be positive", {"capacity": ["Must be at least 1."]}).fields
{'capacity': ['Must be at least 1.']}
"""

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


def invalid_from_marshmallow(err) -> InvalidInput:
    """Turn a marshmallow ValidationError into the wire error, keeping field messages."""
    messages = err.messages if isinstance(err.messages, dict) else {"_schema": err.messages}
    fields = {k: v if isinstance(v, list) else [str(v)] for k, v in messages.items()}
    return InvalidInput("Invalid input: " + ", ".join(sorted(fields)), fields)
