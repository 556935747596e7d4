"""Reminders before a session fire by the service's own timer, once, and not after the booking
is cancelled."""

from datetime import UTC, datetime, timedelta

from notifications.storage import Notification, Reminder
from support.waiting import eventually


def test_a_reminder_fires_once_before_the_session_and_a_cancelled_one_never(
    start_notifications, publish, directory, mailbox, booking
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
    eventually(lambda: Reminder.objects(status="scheduled").count() == 2)
    publish("events", "booking_cancelled", {**drop, "status": "cancelled"})
    eventually(lambda: Reminder.objects(person_id=dropped, status="cancelled").count() == 1)

    reminder = eventually(
        lambda: Notification.objects(person_id=kept, kind="session_reminder").first(), seconds=15
    )
    assert reminder.title == "Reminder: Phonics"
    emails = eventually(lambda: len(mailbox.to(kept)) == 2 and mailbox.to(kept))
    assert "Reminder: Phonics" in emails[1]["Subject"]
    assert Notification.objects(person_id=dropped, kind="session_reminder").count() == 0
    assert Reminder.objects.get(person_id=kept).status == "sent"


def test_a_confirmation_arriving_after_the_cancellation_does_not_revive_reminders(
    start_notifications, publish, directory, booking
):
    start_notifications()
    person = directory.person("late")
    cpd_event = directory.cpd_event()
    confirmed = booking(person, cpd_event_id=cpd_event)
    publish("events", "booking_confirmed", confirmed)
    eventually(lambda: Reminder.objects(booking_id=confirmed["booking_id"]).count() == 2)
    publish("events", "booking_cancelled", {**confirmed, "status": "cancelled"})
    eventually(lambda: Reminder.objects(booking_id=confirmed["booking_id"], status="cancelled"))

    duplicate = {**confirmed}  # the same confirmation again, late (a fresh message id)
    publish("events", "booking_confirmed", duplicate)
    marker = directory.person("marker")
    publish("events", "booking_confirmed", booking(marker, cpd_event_id=cpd_event))
    eventually(lambda: Reminder.objects(person_id=marker).count() == 2)
    assert Reminder.objects(booking_id=confirmed["booking_id"], status="scheduled").count() == 0
