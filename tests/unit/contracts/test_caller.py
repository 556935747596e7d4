"""The caller contract every RPC receives, and nested problems under dotted names."""

import pytest

from contracts.caller import Caller, load_caller
from contracts.errors import InvalidInput, TooManyRequests, flatten_messages


def test_a_wire_caller_loads_into_a_caller_and_back():
    wire = {"id": "p1", "roles": ["headteacher"], "school_urn": 900001}
    caller = load_caller(wire)
    assert caller.has_role("headteacher") and caller.of_school(900001)
    assert not caller.of_school(900002) and not caller.is_partnership
    assert load_caller(caller.dump()) == caller


def test_no_caller_is_the_anonymous_caller():
    caller = load_caller(None)
    assert caller.is_anonymous and caller.dump() is None and not caller.roles


@pytest.mark.parametrize(
    "wire, field",
    [
        ({"roles": ["teacher"]}, "id"),
        ({"id": "p1", "roles": ["emperor"]}, "roles.0"),
        ({"id": "p1", "school_urn": "900001"}, "school_urn"),
    ],
)
def test_a_malformed_caller_is_invalid_input_naming_the_field(wire, field):
    with pytest.raises(InvalidInput) as refused:
        load_caller(wire)
    assert field in refused.value.fields


def test_a_service_caller_is_neither_anonymous_nor_a_person_with_roles():
    caller = Caller.service("events")
    assert caller.is_service and not caller.is_anonymous and not caller.is_partnership
    assert load_caller(caller.dump()).is_service


def test_a_school_less_caller_is_of_no_school():
    assert not Caller("p1", ("coordinator",)).of_school(None)
    assert not Caller("p1", ("coordinator",)).of_school(900001)


def test_nested_problems_are_named_with_dots():
    messages = {"sessions": {0: {"ends_at": ["Missing."]}, 2: {"venue": ["Too long."]}}}
    assert flatten_messages(messages) == {
        "sessions.0.ends_at": ["Missing."],
        "sessions.2.venue": ["Too long."],
    }
    assert flatten_messages(["Bad."]) == {"_schema": ["Bad."]}


def test_too_many_requests_crosses_the_wire_with_its_wait():
    error = TooManyRequests("Wait.", retry_after=0)
    assert error.retry_after == 1 and error.status == 429
    again = TooManyRequests(*error.args)
    assert again.retry_after == 1 and again.message == "Wait."
