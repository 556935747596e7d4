"""The calendar subscription key: a calendar app's address keeps working across sign-outs, and
stops when its owner asks for a new one or their password changes; only services (the gateway)
may ask whom an address names."""

import pytest

from contracts.errors import Forbidden, Unauthorized

from .conftest import SERVICE, TEACHER_EMAIL, caller_for


def test_an_address_outlives_a_sign_out_and_ends_with_a_new_key_or_password(directory, rpc):
    me = caller_for(TEACHER_EMAIL)
    key = rpc.directory.calendar_key(caller=me)
    assert key == {"person_id": me["id"], "key": 0}
    owner = rpc.directory.calendar_owner(key, caller=SERVICE)
    assert (owner["id"], owner["school_urn"]) == (me["id"], me["school_urn"])
    assert "teacher" in owner["roles"]

    rpc.directory.sign_out(caller=me)  # every session ends; the calendar app stays subscribed
    assert rpc.directory.calendar_owner(key, caller=SERVICE)["id"] == me["id"]

    renewed = rpc.directory.renew_calendar_key(caller=me)
    assert renewed == {"person_id": me["id"], "key": 1}
    with pytest.raises(Unauthorized):
        rpc.directory.calendar_owner(key, caller=SERVICE)
    assert rpc.directory.calendar_owner(renewed, caller=SERVICE)["id"] == me["id"]

    rpc.directory.change_password(
        {"current_password": "demo-password", "new_password": "a-new-password"}, caller=me
    )
    with pytest.raises(Unauthorized):
        rpc.directory.calendar_owner(renewed, caller=SERVICE)
    assert rpc.directory.calendar_key(caller=me)["key"] == 2


def test_only_a_service_asks_whom_an_address_names_and_only_the_owner_renews(directory, rpc):
    me = caller_for(TEACHER_EMAIL)
    key = rpc.directory.calendar_key(caller=me)
    with pytest.raises(Forbidden):
        rpc.directory.calendar_owner(key, caller=me)
    with pytest.raises((Forbidden, Unauthorized)):
        rpc.directory.calendar_owner(key, caller=None)
    with pytest.raises((Forbidden, Unauthorized)):
        rpc.directory.renew_calendar_key(caller=SERVICE)
    with pytest.raises(Unauthorized):
        rpc.directory.calendar_owner({"person_id": "nobody", "key": 0}, caller=SERVICE)
