"""Schemas shared by every service's contracts: paging and list results."""

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from contracts.errors import invalid_from_marshmallow


class StrictSchema(Schema):
    """Requests reject unknown fields so a typo is an error, not a silent no-op."""


class QuerySchema(Schema):
    """Query strings: unknown parameters are ignored (clients add cache busters and the like)."""

    class Meta:
        unknown = EXCLUDE


class PageQuerySchema(QuerySchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
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


def load(schema: type[Schema], data) -> dict:
    """Load ``data`` with ``schema``; a contract violation becomes the wire error
    ``InvalidInput``."""
    try:
        return schema().load(data if data is not None else {})
    except ValidationError as err:
        raise invalid_from_marshmallow(err) from None
