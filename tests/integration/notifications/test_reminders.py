"""Reminders before a session fire by the service's own timer, once, and not after the booking
is cancelled; they move with the event's sessions and go with the event."""

import uuid
from datetime import UTC, datetime, timedelta

from notifications import scheduling, usecases
from notifications.settings import Settings
from notifications.storage import BookingCopy, Notification, connect_store
from support.waiting import eventually


def test_a_reminder_fires_once_before_the_session_and_a_cancelled_one_never(
    start_notifications, publish, directory, mailbox, booking, upcoming
):
    start_notifications(REMINDER_OFFSETS="1m")
    soon = datetime.now(UTC) + timedelta(seconds=62)
    session = {"uid": "s-0@events", "starts_at": soon, "ends_at": soon + timedelta(hours=1)}
    session["venue"] = "Hub"
    kept, dropped = directory.person("kept"), directory.person("dropped")
    keep = booking(kept, title="Phonics", sessions=[session])
    drop = booking(dropped, title="Phonics", sessions=[session])
    publish("events", "booking_confirmed", keep)
    publish("events", "booking_confirmed", drop)
    eventually(lambda: len(upcoming(keep["booking_id"])) == 1)
    eventually(lambda: len(upcoming(drop["booking_id"])) == 1)
    publish("events", "booking_cancelled", {**drop, "status": "cancelled"})
    eventually(lambda: upcoming(drop["booking_id"]) == [])

    reminder = eventually(
        lambda: Notification.objects(person_id=kept, kind="session_reminder").first(), seconds=15
    )
    assert reminder.title == "Reminder: Phonics"
    emails = eventually(lambda: len(mailbox.to(kept)) == 2 and mailbox.to(kept))
    assert "Reminder: Phonics" in emails[1]["Subject"]
    assert Notification.objects(person_id=dropped, kind="session_reminder").count() == 0
    assert upcoming(keep["booking_id"]) == []  # fired: nothing left to come


def test_a_confirmation_arriving_after_the_cancellation_does_not_revive_reminders(
    start_notifications, publish, directory, booking, upcoming
):
    start_notifications()
    person = directory.person("late")
    cpd_event = directory.cpd_event()
    confirmed = booking(person, cpd_event_id=cpd_event)
    publish("events", "booking_confirmed", confirmed)
    eventually(lambda: len(upcoming(confirmed["booking_id"])) == 2)
    publish("events", "booking_cancelled", {**confirmed, "status": "cancelled"})
    eventually(lambda: upcoming(confirmed["booking_id"]) == [])

    duplicate = {**confirmed}  # the same confirmation again, late (a fresh message id)
    publish("events", "booking_confirmed", duplicate)
    marker = booking(directory.person("marker"), cpd_event_id=cpd_event)
    publish("events", "booking_confirmed", marker)
    eventually(lambda: len(upcoming(marker["booking_id"])) == 2)
    assert upcoming(confirmed["booking_id"]) == []
    copy = BookingCopy._get_collection().find_one({"_id": confirmed["booking_id"]})
    assert copy["status"] == "cancelled" and "next_reminder_at" not in copy


def test_a_reminder_fired_again_after_a_crash_tells_nobody_twice(service_config):
    """The timer stores a due reminder's notification, then moves the booking on to its next
    one; a crash in between fires it again, which must store nothing new."""
    config = service_config("notifications")
    connect_store(config["MONGO_URI"], config["MONGO_DB"])
    settings = Settings.from_config({**config, "REMINDER_OFFSETS": "2h"})
    person = f"twice-{uuid.uuid4().hex[:6]}"
    starts = datetime.now(UTC) + timedelta(hours=1)
    copy = {
        "_id": f"b-{person}",
        "cpd_event_id": "e-twice",
        "person_id": person,
        "status": "confirmed",
        "event_title": "Phonics",
        **scheduling.schedule(
            [{"starts_at": starts, "venue": "Hub"}], settings, starts - timedelta(hours=3)
        ),
    }
    copies = BookingCopy._get_collection()
    copies.insert_one(copy)
    assert copy["next_reminder_at"] < datetime.now(UTC)  # due an hour ago

    usecases.fire_due_reminders(_NoPeople(), settings)
    assert "next_reminder_at" not in copies.find_one({"_id": copy["_id"]})  # none left
    copies.update_one(
        {"_id": copy["_id"]}, {"$set": {"next_reminder_at": copy["next_reminder_at"]}}
    )
    usecases.fire_due_reminders(_NoPeople(), settings)  # as if the first had not moved on
    reminders = Notification.objects(person_id=person, kind="session_reminder")
    assert [n.title for n in reminders] == ["Reminder: Phonics"]


class _NoPeople:
    """No posts to resolve: reminders go to the person booked."""

    def holders(self, *args):
        return []

    def cluster_people(self, cluster):
        return []


def test_new_session_times_move_the_reminders_and_a_cancelled_event_drops_them(
    start_notifications, publish, directory, booking, upcoming
):
    start_notifications()
    person = directory.person("moved")
    cpd_event = directory.cpd_event(starts_in=timedelta(days=7))
    confirmed = booking(person, cpd_event_id=cpd_event)
    publish("events", "booking_confirmed", confirmed)
    before = eventually(lambda: upcoming(confirmed["booking_id"]))
    later = datetime.now(UTC).replace(hour=14, minute=0, second=0, microsecond=0)
    later += timedelta(days=20)
    session = {"uid": f"{cpd_event}-0@events", "starts_at": later, "venue": "Hall"}
    session["ends_at"] = later + timedelta(hours=2)
    changed = {
        "cpd_event_id": cpd_event,
        "title": "Phonics network",
        "kind": "course",
        "uid": f"{cpd_event}@events",
        "sessions": [session],
        "status": "open",
        "sequence": 2,
        "changed": ["sessions"],
        "person_ids": [],
    }
    publish("events", "event_changed", changed)
    after = eventually(
        lambda: [d for d in upcoming(confirmed["booking_id"]) if d.at > before[-1].at]
    )
    assert {d.session["starts_at"] for d in after} == {later}
    publish("events", "event_cancelled", {**changed, "status": "cancelled", "sequence": 3})
    eventually(lambda: upcoming(confirmed["booking_id"]) == [])
