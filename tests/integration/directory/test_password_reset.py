"""Resetting a forgotten password over RPC: the code goes to the notifications service by a
directed command (never on ``directory.events``), works once and only until it expires, and ends
every session; unknown addresses are answered the same and send nothing; a notifications service
that does not answer changes nothing in the answer."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from kombu import Connection, Exchange, Queue

from contracts.errors import InvalidInput, Unauthorized
from directory.storage import Person
from support.waiting import eventually

from .conftest import TEACHER_EMAIL

TEACHER = TEACHER_EMAIL


def test_a_code_sets_a_new_password_once_and_ends_every_session(directory, reset_commands, rpc):
    before = rpc.directory.authenticate({"email": TEACHER, "password": "demo-password"})
    assert rpc.directory.request_password_reset(
        {"email": "Teacher@Northshore.demo.partnership.test"}
    ) == {"status": "requested"}
    command, sender = eventually(lambda: reset_commands)[0]
    assert sender["id"] == "service:directory" and sender["roles"] == ["service"]
    assert command["person_id"] == before["id"]
    assert (command["email"], command["name"]) == (TEACHER, "Tom Teacher")
    expires = datetime.fromisoformat(command["expires_at"])
    assert timedelta(minutes=59) < expires - datetime.now(UTC) <= timedelta(hours=1)
    code = command["code"]
    stored = Person.objects.get(id=before["id"])
    assert code not in (stored.reset_token_hash or "")  # only its hash is kept

    changed = rpc.directory.reset_password({"token": code, "password": "a-new-password"})
    assert changed["id"] == before["id"]
    after = rpc.directory.authenticate({"email": TEACHER, "password": "a-new-password"})
    assert after["token_version"] == before["token_version"] + 1
    with pytest.raises(Unauthorized):  # the token of before the reset
        rpc.directory.resolve_session(
            {"person_id": before["id"], "token_version": before["token_version"]}
        )
    with pytest.raises(Unauthorized):
        rpc.directory.authenticate({"email": TEACHER, "password": "demo-password"})
    with pytest.raises(InvalidInput) as used:
        rpc.directory.reset_password({"token": code, "password": "another-password"})
    assert "token" in used.value.fields


def test_the_code_is_on_no_event_published_to_directory_events(
    directory, reset_commands, rabbit_config, rpc
):
    exchange = Exchange("directory.events", type="topic", durable=True)
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        queue = Queue("reset-spy", exchange=exchange, routing_key="#", exclusive=True)
        queue(conn.default_channel).declare()
        rpc.directory.request_password_reset({"email": TEACHER})
        code = eventually(lambda: reset_commands)[0][0]["code"]
        # something else announced afterwards: the spy has seen everything before it
        person = Person.objects.get(email=TEACHER)
        rpc.directory.update_person(
            person.id, {"job_title": "Reading lead"}, caller={"id": person.id, "roles": []}
        )
        bodies = []

        def drained():
            message = queue(conn.default_channel).get(no_ack=True)
            while message is not None:
                body = message.body
                bodies.append(body.decode() if isinstance(body, bytes) else body)
                message = queue(conn.default_channel).get(no_ack=True)
            return any("Reading lead" in b or "job_title" in b for b in bodies)

        eventually(drained)
    assert bodies
    assert not [b for b in bodies if code in b]
    assert "password_reset_requested" not in {json.loads(b).get("event") for b in bodies}


def test_unknown_addresses_are_answered_the_same_and_get_nothing(directory, reset_commands, rpc):
    answer = rpc.directory.request_password_reset({"email": "nobody@nowhere.test"})
    assert answer == {"status": "requested"}
    rpc.directory.request_password_reset({"email": TEACHER})  # a marker that comes after
    eventually(lambda: reset_commands)
    assert [c["email"] for c, _ in reset_commands] == [TEACHER]


def test_a_second_request_within_a_minute_sends_no_second_code(directory, reset_commands, rpc):
    rpc.directory.request_password_reset({"email": TEACHER})
    rpc.directory.request_password_reset({"email": TEACHER})
    rpc.directory.request_password_reset({"email": "coordinator@demo.partnership.test"})
    eventually(lambda: len(reset_commands) == 2)
    assert len({c["person_id"] for c, _ in reset_commands}) == 2


def test_no_notifications_service_still_gets_the_same_answer(directory, rpc):
    # nothing serves notifications on this vhost: the command cannot be delivered
    started = time.monotonic()
    assert rpc.directory.request_password_reset({"email": TEACHER}) == {"status": "requested"}
    assert time.monotonic() - started < 10
    # and the person may ask again at once (no code reached them)
    assert Person.objects.get(email=TEACHER).reset_requested_at is None


def test_an_expired_or_made_up_code_changes_nothing(directory, reset_commands, rpc):
    rpc.directory.request_password_reset({"email": TEACHER})
    code = eventually(lambda: reset_commands)[0][0]["code"]
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


def test_a_code_left_in_an_outbox_by_the_old_way_is_never_relayed(mongo_uri, mongo_db):
    from directory.storage import connect_store, raw

    connect_store(mongo_uri, mongo_db)
    old = {"name": "password_reset_requested", "body": {"reset_token": "c" * 32}}
    kept = {"name": "person_updated", "body": {"person_id": "p1"}}
    raw(Person).insert_one({"_id": "p1", "email": "p@x.test", "name": "P", "outbox": [old, kept]})
    connect_store(mongo_uri, mongo_db)  # as a service starting on the upgraded code
    assert [e["name"] for e in raw(Person).find_one({"_id": "p1"})["outbox"]] == ["person_updated"]
