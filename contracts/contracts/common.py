"""Schemas shared by every service's contracts: paging and list results."""

from collections.abc import Callable
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from contracts.errors import InvalidInput, invalid_from_marshmallow


class StrictSchema(Schema):
    """Requests reject unknown fields so a typo is an error, not a silent no-op."""


class QuerySchema(Schema):
    """Query strings: unknown parameters are ignored (clients add cache busters and the like)."""

    class Meta:
        unknown = EXCLUDE


class PageQuerySchema(QuerySchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """A ``{"items": [...], "total": N}`` schema for ``item_schema``."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "total": fields.Integer(required=True),
        },
        name=f"{item_schema.__name__.removesuffix('Schema')}PageSchema",
    )


def page_start(query: dict) -> int:
    """How many items come before the page a PageQuerySchema ``query`` asks for."""
    return (query["page"] - 1) * query["per_page"]


def paginate(found: Any, query: dict, to_item: Callable[[Any], Any]) -> dict:
    """The page ``query`` asks for of ``found`` (anything with ``skip``/``limit``/``count``, such as
    a mongoengine QuerySet), as ``{"items": [to_item(each)], "total": N}``."""
    page = found.skip(page_start(query)).limit(query["per_page"])
    return {"items": [to_item(each) for each in page], "total": found.count()}


def load(schema: type[Schema], data: Any) -> dict:
    """Load ``data`` with ``schema``; a contract violation becomes the wire error ``InvalidInput``
    (so does a whole number too large for the store, whichever field holds it)."""
    try:
        loaded = schema().load(data if data is not None else {})
    except ValidationError as err:
        raise invalid_from_marshmallow(err) from None
    too_big = _oversized_integers(loaded)
    if too_big:
        raise InvalidInput(
            "Invalid input: " + ", ".join(too_big),
            {name: ["Number too large."] for name in too_big},
        )
    return loaded


_INT64 = 2**63


def _oversized_integers(value: object, name: str = "") -> list[str]:
    """Names of the fields holding integers beyond 64 bits (MongoDB cannot store them)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [name or "_schema"] if not -_INT64 <= value < _INT64 else []
    if isinstance(value, dict):
        return [n for key, item in value.items() for n in _oversized_integers(item, name or key)]
    if isinstance(value, list | tuple | set):
        return [n for item in value for n in _oversized_integers(item, name)]
    return []


class HealthSchema(Schema):
    """A service's ``health`` answer: it answered (``status``), and whether its database did."""

    status = fields.String(required=True, validate=validate.OneOf(["ok"]))
    mongodb = fields.String(required=True, validate=validate.OneOf(["ok", "down"]))
