"""A booking made over RPC reaches the notifications inbox through a real domain event."""

from datetime import UTC, datetime, timedelta

from contracts.caller import Caller
from events.service import EventsService
from notifications.service import NotificationsService
from notifications.storage import Notification
from support.waiting import eventually


def _event(capacity=1):
    start = datetime.now(UTC) + timedelta(days=7)
    return {
        "title": "Moderation briefing",
        "kind": "briefing",
        "capacity": capacity,
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Hub",
            }
        ],
    }


def _as(person_id, role="teacher"):
    return Caller(person_id, (role,)).dump()


def test_booking_confirmed_lands_in_the_inbox_once(container_factory, service_config, rpc):
    for cls, name in ((EventsService, "events"), (NotificationsService, "notifications")):
        container_factory(cls, service_config(name)).start()
    event = rpc.events.create_event(_event(capacity=1), caller=_as("coord", "coordinator"))

    first = rpc.events.book_place({"event_id": event["id"]}, caller=_as("p1"))
    second = rpc.events.book_place({"event_id": event["id"]}, caller=_as("p2"))

    assert (first["status"], second["status"]) == ("confirmed", "waitlisted")
    inbox = eventually(lambda: rpc.notifications.list_inbox("p1", caller=_as("p1"))["items"])
    assert [(n["kind"], n["title"]) for n in inbox] == [
        ("booking_confirmed", "Booking confirmed: Moderation briefing")
    ]
    waiting = eventually(lambda: rpc.notifications.list_inbox("p2", caller=_as("p2"))["items"])
    assert waiting[0]["kind"] == "booking_waitlisted"
    assert Notification.objects.count() == 2
    counts = rpc.events.get_event(event["id"])
    assert (counts["confirmed_count"], counts["waitlist_count"]) == (1, 1)
