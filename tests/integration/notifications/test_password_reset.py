"""A password reset's code comes from the directory by a directed command (``send_password_reset``),
never on a broadcast event: emailed at once and once, kept only until sent, shown in no inbox
entry or announcement, and refused from anyone but the directory."""

import contextlib
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from kombu import Connection, Exchange, Producer, Queue

from contracts.envelope import make_event
from contracts.errors import Forbidden, InvalidInput, Unauthorized
from notifications.storage import Delivery, Notification
from support.waiting import eventually

KIND = "password_reset_requested"


def command(person_id, code=None, email=None):
    """A command as the directory sends it (to an address the directory stub does not know: the
    email goes where the command says, with no look-up)."""
    return {
        "person_id": person_id,
        "email": email or f"{person_id}@reset.test",
        "name": "Forgetful Fran",
        "code": code or f"code-{uuid.uuid4().hex}",
        "expires_at": (datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)).isoformat(),
    }


def sent(person_id):
    found = Delivery.objects(person_id=person_id, kind=KIND, status="sent").first()
    return found


def test_the_directory_s_command_emails_the_code_at_once_and_keeps_it_no_longer(
    start_notifications, mailbox, rpc, callers, rabbit_config, stub_callers
):
    start_notifications()
    person = f"forgetful-{uuid.uuid4().hex[:6]}"
    reset = command(person)
    heard = []
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        feed = Queue(
            f"feed-{uuid.uuid4().hex}",
            Exchange("notifications.events", type="topic", durable=True),
            routing_key="notification_created",
            exclusive=True,
            auto_delete=True,
        )
        with conn.Consumer(feed, callbacks=[lambda body, m: heard.append(body)], accept=["json"]):
            answer = rpc.notifications.send_password_reset(reset, caller=callers.directory)

            def announced():
                with contextlib.suppress(TimeoutError):
                    conn.drain_events(timeout=0.2)
                return heard

            eventually(announced)

    assert answer["duplicate"] is False
    (message,) = eventually(lambda: mailbox.to(reset["email"]))
    parts = mailbox.parts(message)
    assert reset["code"] in parts["text"] and reset["code"] in parts["html"]
    assert "Forgetful Fran" in parts["text"]
    (note,) = Notification.objects(person_id=person)
    assert note.title == "Reset your password"
    assert reset["code"] not in json.dumps(note.to_mongo().to_dict(), default=str)
    assert reset["code"] not in json.dumps(heard)  # the live feed carries no secret either
    assert heard[0]["notification"]["person_id"] == person

    delivery = eventually(lambda: sent(person))
    assert delivery.id == answer["delivery_id"] and delivery.to_email == reset["email"]
    assert reset["code"] not in json.dumps(delivery.to_mongo().to_dict(), default=str)
    assert stub_callers == []  # nobody was looked up in the directory


def test_a_command_sent_again_emails_once(start_notifications, mailbox, rpc, callers):
    """A retried command (its reply lost, say) arrives twice: one entry, one email."""
    start_notifications()
    person = f"twice-{uuid.uuid4().hex[:6]}"
    reset = command(person)
    first = rpc.notifications.send_password_reset(reset, caller=callers.directory)
    eventually(lambda: sent(person))
    again = rpc.notifications.send_password_reset(reset, caller=callers.directory)
    assert again == {"delivery_id": first["delivery_id"], "duplicate": True}
    time.sleep(1)  # time for a second email, were one sent
    assert len(mailbox.to(reset["email"])) == 1
    assert Notification.objects(person_id=person).count() == 1

    newer = command(person, email=reset["email"])  # a new request: a new code, a new email
    assert rpc.notifications.send_password_reset(newer, caller=callers.directory)["duplicate"] is (
        False
    )
    eventually(lambda: len(mailbox.to(reset["email"])) == 2)


@pytest.mark.parametrize(
    "who", ["events", "coordinator", "la_officer", "person", "impostor", "anonymous"]
)
def test_nobody_but_the_directory_sends_a_reset_code(
    start_notifications, mailbox, rpc, callers, who
):
    start_notifications()
    person = f"target-{uuid.uuid4().hex[:6]}"
    reset = command(person, email="attacker@evil.test")
    caller = {
        "events": callers.events,
        "coordinator": callers.coordinator,
        "la_officer": callers.la_officer,
        "person": callers.person(person),
        "impostor": {"id": "service:directory", "roles": ["coordinator"]},
        "anonymous": None,
    }[who]
    with pytest.raises(Unauthorized if caller is None else Forbidden):
        rpc.notifications.send_password_reset(reset, caller=caller)
    time.sleep(0.5)
    assert mailbox.to("attacker@evil.test") == []
    assert Notification.objects(person_id=person).count() == 0
    assert Delivery.objects(person_id=person).count() == 0


def test_a_malformed_command_is_refused(start_notifications, rpc, callers):
    start_notifications()
    for bad in (
        {**command("p1"), "code": "short"},
        {**command("p1"), "email": "not-an-address"},
        {**command("p1"), "expires_at": "2026-11-23T10:00:00"},  # no time zone
        {**command("p1"), "extra": "field"},
        {k: v for k, v in command("p1").items() if k != "person_id"},
    ):
        with pytest.raises(InvalidInput):
            rpc.notifications.send_password_reset(bad, caller=callers.directory)
    assert Delivery.objects.count() == 0


def test_a_reset_code_on_the_broadcast_bus_is_not_emailed(
    start_notifications, mailbox, rabbit_config
):
    """The old way, a code on ``directory.events``: nothing here listens for it any more."""
    start_notifications()
    person = f"broadcast-{uuid.uuid4().hex[:6]}"
    body = make_event({"person_id": person, "reset_token": "c" * 32})
    body = json.loads(json.dumps({**body, "expires_at": datetime.now(UTC)}, default=str))
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        exchange = Exchange("directory.events", type="topic", durable=True)
        Producer(conn.default_channel, exchange=exchange).publish(
            body, routing_key=KIND, serializer="json", delivery_mode=2
        )
    time.sleep(1)
    assert Notification.objects(person_id=person).count() == 0
    assert mailbox.to(person) == []
