"""Every request contract of the events service bounds its lists and strings, so no payload can
make the service hold or store an unbounded amount (issue 10: limits)."""

import inspect

import pytest
from marshmallow import fields, validate

from contracts import events as c
from contracts.common import QuerySchema, StrictSchema

REQUESTS = [
    schema
    for _, schema in inspect.getmembers(c, inspect.isclass)
    if issubclass(schema, StrictSchema | QuerySchema)
    and schema.__module__.startswith(c.__name__ + ".")  # defined in one of its modules
]


def _bounded(field) -> bool:
    """A maximum length, a fixed set of values, or a pattern that bounds the length."""
    for rule in field.validators:
        if isinstance(rule, validate.Length) and rule.max is not None:
            return True
        if isinstance(rule, validate.OneOf):
            return True
        if isinstance(rule, validate.Regexp) and rule.regex.pattern.endswith("$"):
            return True
    return False


def _unbounded(schema_class, prefix=""):
    problems = []
    for name, field in schema_class().fields.items():
        where = prefix + name
        if isinstance(field, fields.List | fields.Dict) and not _bounded(field):
            problems.append(where)
        inner = getattr(field, "inner", None) or getattr(field, "value_field", None)
        for each in (field, inner):
            if isinstance(each, fields.String) and not _bounded(each):
                problems.append(where)
            if isinstance(each, fields.Nested):
                nested = each.nested() if callable(each.nested) else each.nested
                nested = nested if isinstance(nested, type) else type(nested)
                problems.extend(_unbounded(nested, where + "."))
    return problems


def test_the_request_contracts_are_found():
    names = {schema.__name__ for schema in REQUESTS}
    assert {"EventCreateSchema", "BookPlacesSchema", "MinutesSchema", "RotaCreateSchema"} <= names


@pytest.mark.parametrize("schema", REQUESTS, ids=lambda s: s.__name__)
def test_every_list_and_string_has_a_maximum(schema):
    assert _unbounded(schema) == []
