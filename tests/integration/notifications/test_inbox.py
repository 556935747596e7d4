"""The inbox and preferences over RPC."""

import pytest

from contracts.errors import InvalidInput, NotFound
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
