"""People's data under UK GDPR: the export every service answers (``export_person``), the
erasure the directory records and announces (``person_erased``, carrying only ids) and each other
service's answer once it has erased or anonymised what it holds (``person_erasure_done``), and
the retention sweep's report.

>>> may_use_own_data(Caller("p1", ("teacher",)), "p1"), may_use_own_data(Caller("p2"), "p1")
(True, False)
>>> may_use_own_data(Caller("c1", ("coordinator",)), "p1")
True
>>> plain({"at": datetime(2026, 1, 2, tzinfo=UTC), "ids": (1, 2)})
{'at': '2026-01-02T00:00:00+00:00', 'ids': [1, 2]}
"""

from datetime import UTC, date, datetime
from typing import Any

from marshmallow import Schema, fields, validate

from contracts.caller import Caller
from contracts.envelope import EnvelopeSchema

PERSON_ERASED = "person_erased"
PERSON_ERASURE_DONE = "person_erasure_done"
ERASED_NAME = "Erased person"
# who erases: the partnership coordinator; who exports: the person themself or the coordinator
ERASER_ROLE = "coordinator"
# the services that hold data about a person, each answering export_person
SERVICES = ("directory", "events", "notifications", "community")
# the services that act on person_erased (the directory erases as it records the erasure)
ERASING_SERVICES = ("events", "notifications", "community")


def may_use_own_data(caller: Caller, person_id: str | None) -> bool:
    """The person themself, or the coordinator (never a service, never anyone else)."""
    if caller.is_anonymous or caller.is_service or not person_id:
        return False
    return caller.id == person_id or caller.has_role(ERASER_ROLE)


def may_erase(caller: Caller) -> bool:
    """Only the partnership coordinator erases a person."""
    return not caller.is_anonymous and not caller.is_service and caller.has_role(ERASER_ROLE)


def plain(value: Any) -> Any:
    """``value`` as plain JSON: dates as ISO 8601, tuples as lists, anything else unknown (an
    ObjectId, a Decimal) as its string."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


class PersonExportSchema(Schema):
    """What one service holds about a person: ``records`` maps each kind of record (bookings,
    inbox, posts, ...) to the list of them, as plain JSON."""

    service = fields.String(required=True, validate=validate.OneOf(SERVICES))
    person_id = fields.String(required=True)
    records = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()), required=True)


class ErasureSchema(Schema):
    """An erasure as the directory records it: ``services`` says when each service finished
    (null: not yet); ``complete`` once every one has."""

    id = fields.String(required=True)
    person_id = fields.String(required=True)
    requested_by = fields.String(required=True)
    requested_at = fields.DateTime(required=True)
    services = fields.Dict(
        keys=fields.String(), values=fields.DateTime(allow_none=True), required=True
    )
    complete = fields.Boolean(required=True)


class PersonErasedSchema(EnvelopeSchema):
    """A person's erasure was requested: every service removes or anonymises what it holds
    about them. Only ids: no name, no email, nothing else."""

    person_id = fields.String(required=True)
    erasure_id = fields.String(required=True)


class PersonErasureDoneSchema(EnvelopeSchema):
    """A service has erased or anonymised what it held about the person (ids and when only)."""

    person_id = fields.String(required=True)
    erasure_id = fields.String(required=True)
    service = fields.String(required=True, validate=validate.OneOf(ERASING_SERVICES))
    done_at = fields.DateTime(required=True)


class RetentionQuerySchema(Schema):
    """``dry_run``: count what would go, remove nothing."""

    dry_run = fields.Boolean(load_default=False)


class RetentionReportSchema(Schema):
    """What a retention sweep removed (or, dry, would remove): counts per kind of record, and
    the cut-off dates it used."""

    dry_run = fields.Boolean(required=True)
    removed = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    cutoffs = fields.Dict(keys=fields.String(), values=fields.DateTime(), required=True)


EVENTS_OF_DIRECTORY = {PERSON_ERASED: PersonErasedSchema}
EVENTS_OF_ERASING_SERVICE = {PERSON_ERASURE_DONE: PersonErasureDoneSchema}
