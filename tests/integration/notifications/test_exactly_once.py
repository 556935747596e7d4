"""Exactly once over the real broker: a duplicated event makes one inbox entry and one email; a
body that is not even JSON is dead-lettered while the consumer goes on; events sent while the
service is down are handled when it returns."""

import json
import uuid

from kombu import Connection, Exchange, Producer

from contracts.wire import DEAD_LETTER_EXCHANGE, dead_letter_queue_name
from notifications.deadletters import counts, handler_queues, replay
from notifications.service import NotificationsService
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


def test_dead_letters_are_counted_and_replayed_once_the_cause_is_fixed(
    start_notifications, rabbit_config, directory, booking
):
    start_notifications()
    person = directory.person("outage")
    body = json.dumps(_wire(booking(person, status="waitlisted"))).encode()
    with Connection(rabbit_config["AMQP_URI"]) as conn:  # as if it failed during an outage
        Producer(conn.default_channel).publish(
            body,
            exchange=Exchange(DEAD_LETTER_EXCHANGE, type="direct", durable=True),
            routing_key=QUEUE,
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=2,
        )
    queues = handler_queues(NotificationsService)
    assert QUEUE in queues
    eventually(lambda: counts(rabbit_config["AMQP_URI"], [QUEUE])[QUEUE] == 1)

    assert replay(rabbit_config["AMQP_URI"], QUEUE) == 1

    eventually(lambda: Notification.objects(person_id=person).count() == 1)
    assert counts(rabbit_config["AMQP_URI"], [QUEUE])[QUEUE] == 0


def _wire(payload):
    from contracts import events as events_contract
    from contracts.envelope import make_event

    body = events_contract.BookingEventSchema().dump(make_event(payload))
    return json.loads(json.dumps(body, default=str))
