"""The envelope every domain event carries on the wire, beside its payload fields.

On the wire an event is a flat JSON object published to the topic exchange ``<service>.events``
with the
event name as routing key:
``{"event_id", "occurred_at", "schema_version", "correlation_id", ...payload}``.

>>> body = make_event({"booking_id": "b1"}, correlation_id="c1")
>>> sorted(body)[:3]
['booking_id', 'correlation_id', 'event_id']
"""

import uuid
from datetime import UTC, datetime

from marshmallow import EXCLUDE, Schema, fields

SCHEMA_VERSION = 1


class EnvelopeSchema(Schema):
    """The fields every event body carries; event schemas extend it."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    occurred_at = fields.DateTime(required=True)
    schema_version = fields.Integer(required=True, strict=True)
    correlation_id = fields.String(load_default=None, allow_none=True)


def make_event(
    payload: dict, correlation_id: str | None = None, event_id: str | None = None
) -> dict:
    """Wrap an already-dumped payload in a fresh envelope."""
    return {
        "event_id": event_id or uuid.uuid4().hex,
        "occurred_at": datetime.now(UTC),
        "schema_version": SCHEMA_VERSION,
        "correlation_id": correlation_id,
        **payload,
    }
