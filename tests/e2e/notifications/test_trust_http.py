"""Issue 10 in the notifications area, through the real platform: a reset code never crosses a
broadcast exchange, and delivery records stay the coordinator's."""

import contextlib
import json
import re
import uuid

import requests
from kombu import Connection, Exchange, Queue

from support.waiting import eventually

DEMO_URN = 900001
EXCHANGES = ("directory.events", "events.events", "notifications.events")


def test_a_password_reset_code_travels_on_no_broadcast_exchange(platform, as_user):
    email = f"bus-{uuid.uuid4().hex[:8]}@northshore.demo.partnership.test"
    person = {"email": email, "name": "Bo Bus", "school_urn": DEMO_URN, "roles": ["teacher"]}
    person["password"] = "first-password"
    assert as_user("school_admin").post("/api/v1/people", json=person).status_code == 201
    heard: list = []
    with Connection(platform.env["AMQP_URI"]) as conn:  # a subscriber to everything published
        queues = [
            Queue(
                f"e2e-listener-{uuid.uuid4().hex}",
                Exchange(name, type="topic", durable=True),
                routing_key="#",
                exclusive=True,
                auto_delete=True,
            )
            for name in EXCHANGES
        ]
        callback = [lambda body, message: heard.append(message.body)]
        with conn.Consumer(queues, callbacks=callback, accept=["json"]):
            asked = requests.post(
                platform.url + "/api/v1/auth/password-reset", json={"email": email}, timeout=10
            )
            assert asked.status_code == 202
            message = eventually(lambda: platform.mailbox.to(email))[0]
            code = re.search(r"reset code is:\s+(\S+)", platform.mailbox.parts(message)["text"])
            code = code.group(1)

            def drained():
                with contextlib.suppress(TimeoutError):
                    conn.drain_events(timeout=0.3)
                return heard

            eventually(drained)  # the inbox entry's announcement at least
            for _ in range(5):
                drained()
    everything = "\n".join(
        body.decode() if isinstance(body, bytes) else json.dumps(body) for body in heard
    )
    assert email.split("@")[0] in everything or "Reset your password" in everything
    assert code not in everything


def test_delivery_records_stay_the_coordinator_s(as_user):
    for role in ("la_officer", "headteacher", "school_admin", "teacher"):
        listed = as_user(role).get("/api/v1/notifications/deliveries")
        assert listed.status_code == 403, role
        assert listed.json()["error"]["code"] == "FORBIDDEN"
        retried = as_user(role).post("/api/v1/notifications/deliveries/any-id/retry")
        assert retried.status_code == 403, role
    assert as_user("coordinator").get("/api/v1/notifications/deliveries").status_code == 200
