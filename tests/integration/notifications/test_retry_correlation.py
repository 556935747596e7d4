"""Emails the notifications timer sends later name what caused them: a retried email's lines carry
the correlation id of the original request (stored with its delivery record), and a digest's line
names the digest's own id (``digest:<id>``) with its items' ids as ``correlation_ids`` (real
broker, store and SMTP server, the lines as the services' JSON formatter writes them)."""

import io
import json
import logging
from datetime import UTC, datetime

import pytest

from notifications.storage import Delivery
from runtime import logformat
from support.waiting import eventually


@pytest.fixture
def email_lines():
    """``email_lines()``: the mailer's lines logged while the test runs, as JSON objects."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logformat.formatter("test-process", "json"))
    mailer = logging.getLogger("notifications.mailer")
    level = mailer.level
    mailer.addHandler(handler)
    mailer.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line]
    mailer.removeHandler(handler)
    mailer.setLevel(level)


def test_a_retried_email_names_the_original_requests_correlation_id(
    start_notifications, publish, directory, mailbox, booking, email_lines
):
    start_notifications()
    flaky = directory.person("flaky2")  # the SMTP server refuses its first two attempts
    request_id = "retry-trace-0001"
    publish("events", "booking_waitlisted", booking(flaky, status="waitlisted"), None, request_id)

    eventually(lambda: mailbox.to(flaky), seconds=15)
    delivery = eventually(lambda: Delivery.objects(person_id=flaky, status="sent").first())
    assert delivery.attempts == 3  # the second and third by the service's timer

    def lines():
        mine = [x for x in email_lines() if x.get("delivery") == delivery.id]
        return mine if len(mine) == 3 else None

    found = eventually(lines, seconds=10)
    assert [x["message"].split(":")[0] for x in found] == [
        "email not sent (temporary)",
        "email not sent (temporary)",
        "email sent",
    ]
    assert [x["correlation_id"] for x in found] == [request_id] * 3
    assert {x["service"] for x in found} == {"notifications"}
    assert Delivery.objects.get(id=delivery.id).to_mongo()["correlation_id"] == request_id


def test_a_digest_names_its_own_id_and_its_items_correlation_ids(
    start_notifications, publish, directory, mailbox, rpc, callers, email_lines
):
    start_notifications()
    person = directory.person("digest-reader")
    daily = {"categories": {"bookings": {"email": "daily"}}}
    rpc.notifications.set_preferences(person, daily, caller=callers.person(person))
    for n, title in enumerate(("Maths", "Science")):
        commissioned = {
            "cpd_event_id": title,
            "title": title,
            "request_ids": [],
            "requester_ids": [person],
            "topics": [],
            "starts_at": None,
        }
        publish("events", "course_commissioned", commissioned, None, f"digest-trace-{n}")
    eventually(lambda: Delivery.objects(person_id=person, status="queued").count() == 2)

    Delivery.objects(person_id=person, status="queued").update(set__send_at=datetime.now(UTC))
    eventually(lambda: mailbox.to(person), seconds=15)
    digest = eventually(lambda: Delivery.objects(person_id=person, kind="digest").first())

    def line():
        sent = [x for x in email_lines() if x.get("delivery") == digest.id]
        return sent[0] if sent else None

    sent = eventually(line, seconds=10)
    assert sent["message"] == "email sent"
    assert sent["correlation_id"] == f"digest:{digest.id}"
    assert sent["correlation_ids"] == ["digest-trace-0", "digest-trace-1"]
