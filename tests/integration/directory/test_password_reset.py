"""Resetting a forgotten password over RPC: the code goes out in ``password_reset_requested``,
works once and only until it expires; unknown addresses are answered the same and send nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from contracts.errors import InvalidInput, Unauthorized
from directory.storage import Person
from support.waiting import eventually

from .conftest import events_named

TEACHER = "teacher@northshore.demo.partnership.test"


def test_a_code_sets_a_new_password_once(directory, rpc):
    assert rpc.directory.request_password_reset(
        {"email": "Teacher@Northshore.demo.partnership.test"}
    ) == {"status": "requested"}
    sent = eventually(lambda: events_named("password_reset_requested"))
    person = rpc.directory.authenticate({"email": TEACHER, "password": "demo-password"})
    assert sent[0]["person_id"] == person["id"]
    code = sent[0]["reset_token"]
    stored = Person.objects.get(id=person["id"])
    assert code not in (stored.reset_token_hash or "")  # only its hash is kept

    changed = rpc.directory.reset_password({"token": code, "password": "a-new-password"})
    assert changed["id"] == person["id"]
    assert rpc.directory.authenticate({"email": TEACHER, "password": "a-new-password"})
    with pytest.raises(Unauthorized):
        rpc.directory.authenticate({"email": TEACHER, "password": "demo-password"})
    with pytest.raises(InvalidInput) as used:
        rpc.directory.reset_password({"token": code, "password": "another-password"})
    assert "token" in used.value.fields


def test_unknown_addresses_are_answered_the_same_and_get_nothing(directory, rpc):
    answer = rpc.directory.request_password_reset({"email": "nobody@nowhere.test"})
    assert answer == {"status": "requested"}
    rpc.directory.request_password_reset({"email": TEACHER})  # a marker that comes after
    sent = eventually(lambda: events_named("password_reset_requested"))
    assert len(sent) == 1


def test_a_second_request_within_a_minute_sends_no_second_code(directory, rpc):
    rpc.directory.request_password_reset({"email": TEACHER})
    rpc.directory.request_password_reset({"email": TEACHER})
    rpc.directory.request_password_reset({"email": "coordinator@demo.partnership.test"})
    eventually(lambda: len(events_named("password_reset_requested")) == 2)
    people = [e["person_id"] for e in events_named("password_reset_requested")]
    assert len(set(people)) == 2


def test_an_expired_or_made_up_code_changes_nothing(directory, rpc):
    rpc.directory.request_password_reset({"email": TEACHER})
    code = eventually(lambda: events_named("password_reset_requested"))[0]["reset_token"]
    person = Person.objects.get(email=TEACHER)
    Person.objects(id=person.id).update_one(
        set__reset_expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    for token in (code, "x" * 32):
        with pytest.raises(InvalidInput) as refused:
            rpc.directory.reset_password({"token": token, "password": "a-new-password"})
        assert "token" in refused.value.fields
    with pytest.raises(InvalidInput) as short:
        rpc.directory.reset_password({"token": code, "password": "short"})
    assert "password" in short.value.fields
    assert rpc.directory.authenticate({"email": TEACHER, "password": "demo-password"})
