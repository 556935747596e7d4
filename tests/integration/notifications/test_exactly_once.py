"""Exactly once over the real broker: a duplicated event makes one inbox entry and one email; a
body that is not even JSON is dead-lettered while the consumer goes on; events sent while the
service is down are handled when it returns."""

import uuid

from kombu import Connection, Exchange, Producer

from contracts.delivery import dead_letter_queue_name
from notifications.storage import Delivery, Notification
from support.waiting import eventually

QUEUE = "evt-events-booking_waitlisted--notifications.handle_booking_waitlisted"


def test_a_duplicated_event_makes_one_inbox_entry_and_one_email(
    start_notifications, publish, directory, mailbox, booking
):
    start_notifications()
    teacher = directory.person("teacher")
    body = publish("events", "booking_confirmed", booking(teacher))
    publish("events", "booking_confirmed", None, body=body)
    publish("events", "booking_confirmed", None, body=body)
    marker = directory.person("marker")
    publish("events", "booking_confirmed", booking(marker))

    eventually(lambda: mailbox.to(marker))
    eventually(lambda: Delivery.objects(person_id=teacher, status="sent").count())
    assert Notification.objects(person_id=teacher).count() == 1
    assert len(mailbox.to(teacher)) == 1


def test_a_body_that_is_not_json_is_dead_lettered_and_the_consumer_goes_on(
    start_notifications, publish, rabbit_config, directory, booking
):
    start_notifications()
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        Producer(
            conn.default_channel, exchange=Exchange("events.events", type="topic", durable=True)
        ).publish(
            b"{not json at all",
            routing_key="booking_waitlisted",
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=2,
        )
    after = directory.person("after")
    publish("events", "booking_waitlisted", booking(after, status="waitlisted"))

    eventually(lambda: Notification.objects(person_id=after).count() == 1)
    with Connection(rabbit_config["AMQP_URI"]) as conn:

        def dead_lettered():
            raw = conn.default_channel.basic_get(dead_letter_queue_name(QUEUE), no_ack=True)
            return raw and raw.body

        assert eventually(dead_lettered) in (b"{not json at all", "{not json at all")


def test_events_sent_while_the_service_is_down_are_handled_when_it_returns(
    start_notifications, publish, directory, mailbox, booking
):
    config = start_notifications()
    for container in start_notifications.containers:
        container.stop()
    person = directory.person(f"while-down-{uuid.uuid4().hex[:4]}")
    publish("events", "booking_confirmed", booking(person))
    publish(
        "events",
        "course_commissioned",
        {
            "cpd_event_id": "c1",
            "title": "Maths",
            "request_ids": [],
            "requester_ids": [person],
            "topics": [],
            "starts_at": None,
        },
    )
    start_notifications(**{k: v for k, v in config.items() if k.isupper()})
    eventually(lambda: Notification.objects(person_id=person).count() == 2)
    eventually(lambda: mailbox.to(person))
