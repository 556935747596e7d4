"""The inbox and preferences over RPC."""

import contextlib
import uuid

import pytest
from kombu import Connection, Exchange, Queue
from nameko.standalone.rpc import ClusterRpcProxy

from contracts.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from contracts.notifications import NotificationCreatedSchema
from support.waiting import eventually


def test_unread_count_mark_read_and_mark_all_read(
    start_notifications, publish, directory, rpc, callers
):
    start_notifications()
    person = directory.person("teacher")
    me = callers.person(person)
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
    eventually(lambda: rpc.notifications.unread_count(person, caller=me)["unread"] == 3)
    newest = rpc.notifications.list_inbox(person, {"per_page": 1}, caller=me)
    assert newest["total"] == 3 and len(newest["items"]) == 1

    read = rpc.notifications.mark_read(person, newest["items"][0]["id"], caller=me)
    assert read["read"] is True
    assert rpc.notifications.unread_count(person, caller=me) == {"unread": 2}
    assert rpc.notifications.list_inbox(person, {"unread": True}, caller=me)["total"] == 2
    other = callers.person("someone-else")
    with pytest.raises(NotFound):  # their own inbox has no such entry
        rpc.notifications.mark_read("someone-else", newest["items"][0]["id"], caller=other)

    assert rpc.notifications.mark_all_read(person, caller=me) == {"marked": 2}
    assert rpc.notifications.unread_count(person, caller=me) == {"unread": 0}


def test_preferences_merge_and_bad_ones_are_refused(start_notifications, rpc, callers):
    start_notifications()
    me = callers.person("p1")
    off = {"categories": {"reminders": {"email": "off"}}}
    prefs = rpc.notifications.set_preferences("p1", off, caller=me)
    assert prefs["categories"]["reminders"] == {"inbox": True, "email": "off"}
    hidden = {"categories": {"reminders": {"inbox": False}}}
    prefs = rpc.notifications.set_preferences("p1", hidden, caller=me)
    assert prefs["categories"]["reminders"] == {"inbox": False, "email": "off"}
    assert rpc.notifications.get_preferences("p1", caller=me) == prefs

    with pytest.raises(InvalidInput) as bad:
        gossip = {"categories": {"gossip": {"email": "now"}}}
        rpc.notifications.set_preferences("p1", gossip, caller=me)
    assert "categories.gossip.key" in bad.value.fields  # nested problems under dotted names
    assert rpc.notifications.get_preferences("p1", caller=me) == prefs


def test_nobody_reads_or_changes_another_person_s_inbox_or_preferences(
    start_notifications, publish, directory, rpc, callers, booking
):
    """Issue 10: the caller decides, in the service; ``person_id`` names nobody but them."""
    start_notifications()
    owner = directory.person("owner")
    publish("events", "booking_confirmed", booking(owner))

    def inbox_with_an_entry():
        page = rpc.notifications.list_inbox(owner, {}, caller=callers.person(owner))
        return page if page["items"] else None

    entry = eventually(inbox_with_an_entry)["items"][0]["id"]
    prefs = {"categories": {"bookings": {"email": "off"}}}
    others = [
        callers.person("nosy-colleague", school_urn=900001),
        callers.person("their-head", "headteacher", school_urn=900001),
        callers.coordinator,
        callers.la_officer,
        callers.directory,
    ]
    for other in others:
        for method, args in (
            ("list_inbox", (owner, {})),
            ("unread_count", (owner,)),
            ("mark_read", (owner, entry)),
            ("mark_all_read", (owner,)),
            ("get_preferences", (owner,)),
            ("set_preferences", (owner, prefs)),
        ):
            with pytest.raises(Forbidden):
                getattr(rpc.notifications, method)(*args, caller=other)
    for method, args in (("list_inbox", (owner, {})), ("unread_count", (owner,))):
        with pytest.raises(Unauthorized):
            getattr(rpc.notifications, method)(*args)  # nobody signed in
    assert rpc.notifications.unread_count(owner, caller=callers.person(owner)) == {"unread": 1}
    assert rpc.notifications.get_preferences(owner, caller=callers.person(owner))["categories"][
        "bookings"
    ] == {"inbox": True, "email": "immediate"}


def test_a_reader_waiting_on_the_inbox_gets_the_entry_as_soon_as_it_is_stored(
    start_notifications, publish, directory, rabbit_config, callers
):
    start_notifications()
    person = directory.person("waiter")
    me = callers.person(person)
    with ClusterRpcProxy(rabbit_config, timeout=10) as rpc:
        nothing = rpc.notifications.list_inbox(person, {"wait": 0.3}, caller=me)
        assert nothing == {"items": [], "total": 0}
        waiting = rpc.notifications.list_inbox.call_async(person, {"wait": 2.5}, caller=me)
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
    newer = rpc_after(rabbit_config, person, page["items"][0]["created_at"], me)
    assert newer == {"items": [], "total": 0}


def rpc_after(rabbit_config, person, created_at, me):
    with ClusterRpcProxy(rabbit_config, timeout=10) as rpc:
        return rpc.notifications.list_inbox(person, {"after": created_at}, caller=me)


def test_each_new_entry_is_announced_as_the_inbox_shows_it(
    start_notifications, publish, directory, rabbit_config, booking, callers
):
    """``notification_created`` on ``notifications.events`` carries the entry exactly as
    ``list_inbox`` answers it, and the correlation id of the event it came from; a redelivered
    event announces nothing again."""
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
            body = publish(
                "events", "booking_confirmed", booking(person), correlation_id="req-traced-1"
            )
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
        page = rpc.notifications.list_inbox(person, {}, caller=callers.person(person))
    assert heard[0]["notification"] == page["items"][0]
    assert loaded["notification"]["ref"] == body["booking_id"]
    assert heard[0]["correlation_id"] == "req-traced-1"
