"""The gateway's inbox feed on a real RabbitMQ: it goes live, keeps what the notifications service
announces, and dead-letters what does not match the contract."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from kombu import Connection, Exchange, Producer

from contracts.envelope import make_event
from contracts.notifications import NotificationCreatedSchema
from contracts.wire import dead_letter_queue_name
from gateway.inbox_feed import InboxFeed
from gateway.recent_inbox import CLOCK_MARGIN, RecentEntries
from support.waiting import eventually


@pytest.fixture
def feed(rabbit_config):
    started = InboxFeed(rabbit_config["AMQP_URI"], RecentEntries())
    started.start()
    eventually(lambda: started.recent.live_since is not None)
    yield started
    started.stop()


def announce(amqp_uri, body, raw=False):
    with Connection(amqp_uri) as conn:
        exchange = Exchange("notifications.events", type="topic", durable=True)
        producer = Producer(conn.default_channel, exchange=exchange)
        if raw:
            producer.publish(
                body,
                routing_key="notification_created",
                content_type="text/plain",
                content_encoding="utf-8",
            )
        else:
            producer.publish(body, routing_key="notification_created", serializer="json")


def notification(person, at):
    return {
        "id": uuid.uuid4().hex,
        "person_id": person,
        "kind": "booking_confirmed",
        "category": "bookings",
        "title": "Booking confirmed: Phonics",
        "body": "",
        "ref": "b1",
        "created_at": at,
        "read": False,
    }


def test_an_announced_entry_answers_a_waiting_reader(feed, rabbit_config):
    after = feed.recent.live_since + CLOCK_MARGIN
    person = f"p-{uuid.uuid4().hex[:6]}"
    assert feed.recent.wait_page(person, after, per_page=5, seconds=0) is None
    body = json.loads(
        json.dumps(
            NotificationCreatedSchema().dump(
                make_event(
                    {"notification": notification(person, after + timedelta(milliseconds=5))}
                )
            )
        )
    )
    announce(rabbit_config["AMQP_URI"], body)
    page = feed.recent.wait_page(person, after, per_page=5, seconds=5)
    assert page == {"items": [body["notification"]], "total": 1}


def test_a_message_off_contract_is_dead_lettered_and_the_feed_goes_on(feed, rabbit_config):
    uri = rabbit_config["AMQP_URI"]
    announce(uri, {"event_id": "e1", "notification": {"id": "n1"}})  # fields missing
    announce(uri, "{not json", raw=True)
    dead = []

    def dead_lettered():
        with Connection(uri) as conn:
            got = conn.default_channel.basic_get(
                dead_letter_queue_name("gateway.inbox-feed"), no_ack=True
            )
        if got is not None:
            dead.append(got.body)
        return len(dead) == 2

    eventually(dead_lettered)
    assert feed.recent.live_since is not None
    after = feed.recent.live_since + CLOCK_MARGIN
    item = notification("after-poison", after + timedelta(milliseconds=5))
    body = NotificationCreatedSchema().dump(make_event({"notification": item}))
    announce(uri, json.loads(json.dumps(body)))
    page = feed.recent.wait_page("after-poison", after, per_page=5, seconds=5)
    assert page is not None and page["items"][0]["id"] == item["id"]


def test_a_stopped_feed_answers_for_no_time(rabbit_config):
    feed = InboxFeed(rabbit_config["AMQP_URI"], RecentEntries())
    feed.start()
    eventually(lambda: feed.recent.live_since is not None)
    feed.stop()
    assert feed.recent.live_since is None
    assert not feed.recent.covers(datetime.now(UTC))
