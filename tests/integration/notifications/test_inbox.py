"""The inbox and preferences over RPC."""

import contextlib
import uuid

import pytest
from kombu import Connection, Exchange, Queue
from nameko.standalone.rpc import ClusterRpcProxy

from contracts.errors import InvalidInput, NotFound
from contracts.notifications import NotificationCreatedSchema
from support.waiting import eventually


def test_unread_count_mark_read_and_mark_all_read(start_notifications, publish, directory, rpc):
    start_notifications()
    person = directory.person("teacher")
    for n in range(3):
        publish(
            "events",
            "booking_waitlisted",
            {
                "booking_id": f"b{n}",
                "cpd_event_id": f"e{n}",
                "event_title": f"Course {n}",
                "person_id": person,
                "booked_by": person,
                "status": "waitlisted",
                "starts_at": None,
            },
        )
    eventually(lambda: rpc.notifications.unread_count(person)["unread"] == 3)
    newest = rpc.notifications.list_inbox(person, {"per_page": 1})
    assert newest["total"] == 3 and len(newest["items"]) == 1

    read = rpc.notifications.mark_read(person, newest["items"][0]["id"])
    assert read["read"] is True
    assert rpc.notifications.unread_count(person) == {"unread": 2}
    assert rpc.notifications.list_inbox(person, {"unread": True})["total"] == 2
    with pytest.raises(NotFound):
        rpc.notifications.mark_read("someone-else", newest["items"][0]["id"])

    assert rpc.notifications.mark_all_read(person) == {"marked": 2}
    assert rpc.notifications.unread_count(person) == {"unread": 0}


def test_preferences_merge_and_bad_ones_are_refused(start_notifications, rpc):
    start_notifications()
    prefs = rpc.notifications.set_preferences("p1", {"categories": {"reminders": {"email": "off"}}})
    assert prefs["categories"]["reminders"] == {"inbox": True, "email": "off"}
    prefs = rpc.notifications.set_preferences("p1", {"categories": {"reminders": {"inbox": False}}})
    assert prefs["categories"]["reminders"] == {"inbox": False, "email": "off"}
    assert rpc.notifications.get_preferences("p1") == prefs

    with pytest.raises(InvalidInput) as bad:
        rpc.notifications.set_preferences("p1", {"categories": {"gossip": {"email": "now"}}})
    assert "categories" in bad.value.fields
    assert rpc.notifications.get_preferences("p1") == prefs


def test_a_reader_waiting_on_the_inbox_gets_the_entry_as_soon_as_it_is_stored(
    start_notifications, publish, directory, rabbit_config
):
    start_notifications()
    person = directory.person("waiter")
    with ClusterRpcProxy(rabbit_config, timeout=10) as rpc:
        nothing = rpc.notifications.list_inbox(person, {"wait": 0.3})
        assert nothing == {"items": [], "total": 0}
        waiting = rpc.notifications.list_inbox.call_async(person, {"wait": 2.5})
        publish(
            "events",
            "booking_waitlisted",
            {
                "booking_id": "b-wait",
                "cpd_event_id": "e1",
                "event_title": "Phonics",
                "person_id": person,
                "booked_by": person,
                "status": "waitlisted",
                "starts_at": None,
            },
        )
        page = waiting.result()
    assert [n["ref"] for n in page["items"]] == ["b-wait"]
    newer = rpc_after(rabbit_config, person, page["items"][0]["created_at"])
    assert newer == {"items": [], "total": 0}


def rpc_after(rabbit_config, person, created_at):
    with ClusterRpcProxy(rabbit_config, timeout=10) as rpc:
        return rpc.notifications.list_inbox(person, {"after": created_at})


def test_each_new_entry_is_announced_as_the_inbox_shows_it(
    start_notifications, publish, directory, rabbit_config, booking
):
    """``notification_created`` on ``notifications.events`` carries the entry exactly as
    ``list_inbox`` answers it; a redelivered event announces nothing again."""
    start_notifications()
    person = directory.person("announced")
    heard = []
    with Connection(rabbit_config["AMQP_URI"]) as conn:
        exchange = Exchange("notifications.events", type="topic", durable=True)
        queue = Queue(
            f"feed-{uuid.uuid4().hex}",
            exchange,
            routing_key="notification_created",
            exclusive=True,
            auto_delete=True,
        )
        with conn.Consumer(
            queue, callbacks=[lambda body, message: heard.append(body)], accept=["json"]
        ):
            body = publish("events", "booking_confirmed", booking(person))
            publish("events", "booking_confirmed", booking(person), body=body)  # again

            def announced():
                with contextlib.suppress(TimeoutError):  # (nothing more within 0.2 s)
                    conn.drain_events(timeout=0.2)
                return heard

            eventually(announced)
            announced()  # time for a second announcement, were there one
            announced()
    assert len(heard) == 1
    loaded = NotificationCreatedSchema().load(heard[0])
    with ClusterRpcProxy(rabbit_config, timeout=10) as rpc:
        page = rpc.notifications.list_inbox(person, {})
    assert heard[0]["notification"] == page["items"][0]
    assert loaded["notification"]["ref"] == body["booking_id"]
