"""Delivery over the real broker: duplicates act once, poison goes to the dead-letter queue, and
events published while the consumer is down are handled when it comes back."""

import json

from kombu import Connection, Exchange, Producer, Queue

from contracts.envelope import make_event
from contracts.wire import dead_letter_queue_name
from notifications.service import NotificationsService
from notifications.storage import Notification
from support.waiting import eventually

QUEUE = "evt-events-booking_confirmed--notifications.handle_booking_confirmed"


def _publish(amqp_uri, body, routing_key="booking_confirmed"):
    with Connection(amqp_uri) as conn:
        producer = Producer(
            conn.default_channel, exchange=Exchange("events.events", type="topic", durable=True)
        )
        producer.publish(body, routing_key=routing_key, serializer="json", delivery_mode=2)


def _booking_event(person="p1"):
    return make_event(
        {
            "booking_id": "b1",
            "cpd_event_id": "e1",
            "event_title": "Phonics",
            "person_id": person,
            "booked_by": person,
            "status": "confirmed",
            "starts_at": None,
        }
    )


def _body(event):
    return json.loads(json.dumps(event, default=str))


def test_a_duplicated_event_makes_one_notification(
    container_factory, service_config, rabbit_config
):
    container_factory(NotificationsService, service_config("notifications")).start()
    event = _body(_booking_event())
    _publish(rabbit_config["AMQP_URI"], event)
    _publish(rabbit_config["AMQP_URI"], event)
    eventually(lambda: Notification.objects.count() == 1)
    _publish(rabbit_config["AMQP_URI"], _body(_booking_event("p2")))
    eventually(lambda: Notification.objects(person_id="p2").count() == 1)
    assert Notification.objects(person_id="p1").count() == 1


def test_a_poison_message_is_dead_lettered_and_the_consumer_goes_on(
    container_factory, service_config, rabbit_config
):
    container_factory(NotificationsService, service_config("notifications")).start()
    _publish(rabbit_config["AMQP_URI"], {"event_id": "x", "nonsense": True})
    _publish(rabbit_config["AMQP_URI"], _body(_booking_event("after-poison")))

    eventually(lambda: Notification.objects(person_id="after-poison").count() == 1)
    with Connection(rabbit_config["AMQP_URI"]) as conn:

        def dead_lettered():  # read without declaring (runtime.queues gave it its type)
            dlq = Queue(dead_letter_queue_name(QUEUE), channel=conn.default_channel)
            message = dlq.get(no_ack=True, accept=["json"])
            return message.payload if message else None

        assert eventually(dead_lettered)["nonsense"] is True


def test_events_sent_while_the_service_is_down_are_handled_when_it_starts(
    container_factory, service_config, rabbit_config
):
    config = service_config("notifications")
    first = container_factory(NotificationsService, config)
    first.start()
    first.stop()
    _publish(rabbit_config["AMQP_URI"], _body(_booking_event("while-down")))
    container_factory(NotificationsService, config).start()
    eventually(lambda: Notification.objects(person_id="while-down").count() == 1)
