"""What the gateway spends less on per request: one schema instance per argument schema class,
and request ids that need no system call. Each still does its job."""

import re

from marshmallow import Schema, fields
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from contracts.caller import Caller, load_caller
from gateway.api.blueprint import Blueprint, SharedSchemaParser
from gateway.app import new_request_id


class _Wanted(Schema):
    count = fields.Integer(required=True)


def _request(body) -> Request:
    return Request(EnvironBuilder(method="POST", json=body).get_environ())


def test_a_schema_class_is_built_once_and_shared():
    parser = SharedSchemaParser()
    first = parser._get_schema(_Wanted, _request({"count": 1}))
    second = parser._get_schema(_Wanted, _request({"count": 2}))
    assert isinstance(first, _Wanted)
    assert first is second


def test_a_shared_schema_still_refuses_bad_input_naming_the_field():
    schema = SharedSchemaParser()._get_schema(_Wanted, _request({}))
    assert schema.validate({"count": "many"}) == {"count": ["Not a valid integer."]}
    assert schema.validate({}) == {"count": ["Missing data for required field."]}
    assert schema.load({"count": 3}) == {"count": 3}


def test_other_argument_maps_are_left_to_webargs():
    parser = SharedSchemaParser()
    instance = _Wanted()
    assert parser._get_schema(instance, _request({})) is instance
    built = parser._get_schema({"count": fields.Integer()}, _request({}))
    assert isinstance(built, Schema) and "count" in built.fields


def test_the_api_blueprints_read_arguments_with_the_shared_parser():
    assert isinstance(Blueprint.ARGUMENTS_PARSER, SharedSchemaParser)
    from gateway.api import events

    assert isinstance(events.blp, Blueprint)


def test_request_ids_are_32_hex_digits_and_differ():
    ids = {new_request_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)


def test_the_caller_survives_the_wire_with_the_shared_schema():
    who = Caller(id="p1", roles=("teacher",), school_urn=900001, email="a@b.test", name="A")
    assert load_caller(who.dump()) == who
    assert load_caller(Caller(id="p2").dump()) == Caller(id="p2")
