"""Reminders before each session of a confirmed booking: scheduled when the booking is confirmed,
moved when the event changes, cancelled with the booking or the event, fired by the service's timer
through the ordinary notification path (so preferences, quiet time and exactly-once apply)."""

from datetime import datetime

from pymongo import ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError

from notifications.messages import Message
from notifications.reminders import reminder_times
from notifications.settings import Settings
from notifications.storage import BookingCopy, Reminder, now


def schedule(
    booking_id: str,
    cpd_event_id: str,
    person_id: str,
    title: str,
    sessions: list[dict],
    settings: Settings,
    at: datetime | None = None,
) -> int:
    """(Re)schedule the reminders of one booking for ``sessions``; returns how many are due."""
    at = at or now()
    reminders = Reminder._get_collection()
    due_reminders = []
    for index, session in enumerate(sessions):
        starts = session.get("starts_at")
        if not isinstance(starts, datetime):
            starts = datetime.fromisoformat(str(starts)) if starts else None
        if starts is None:
            continue
        times = reminder_times(
            starts,
            list(settings.reminder_offsets),
            at,
            morning=settings.reminder_morning,
            tz=settings.calendar.timezone,
        )
        for label, due in times:
            fields = {
                "booking_id": booking_id,
                "cpd_event_id": cpd_event_id,
                "person_id": person_id,
                "event_title": title,
                "session": {**session, "starts_at": starts},
                "offset": label,
                "due_at": due,
                "status": "scheduled",
            }
            due_reminders.append({"_id": f"{booking_id}:{index}:{label}", **fields})
    if not due_reminders:
        return 0
    try:  # one write for a new booking
        reminders.insert_many(due_reminders, ordered=False)
        return len(due_reminders)
    except BulkWriteError:
        pass  # some exist: a redelivery, or new session times
    for reminder in due_reminders:
        reminder_id = reminder.pop("_id")
        try:
            reminders.update_one(
                {"_id": reminder_id, "status": {"$nin": ["sent", "cancelled"]}},
                {"$set": reminder},
                upsert=True,
            )
        except DuplicateKeyError:
            pass  # already sent, or cancelled with its booking (a late confirmation): not again
    return len(due_reminders)


def cancel_for_booking(booking_id: str) -> int:
    """Its reminders end ``cancelled`` for good (``schedule`` never revives them)."""
    return (
        Reminder._get_collection()
        .update_many(
            {"booking_id": booking_id, "status": {"$in": ["scheduled", "moved"]}},
            {"$set": {"status": "cancelled"}},
        )
        .modified_count
    )


def cancel_for_event(cpd_event_id: str) -> int:
    return (
        Reminder._get_collection()
        .update_many(
            {"cpd_event_id": cpd_event_id, "status": "scheduled"},
            {"$set": {"status": "cancelled"}},
        )
        .modified_count
    )


def reschedule_event(cpd_event_id: str, sessions: list[dict], settings: Settings) -> int:
    """New session times: what was scheduled is set aside (``moved``, never fired) and scheduled
    afresh for the confirmed bookings."""
    Reminder._get_collection().update_many(
        {"cpd_event_id": cpd_event_id, "status": "scheduled"}, {"$set": {"status": "moved"}}
    )
    count = 0
    for booking in BookingCopy.objects(cpd_event_id=cpd_event_id, status="confirmed"):
        count += schedule(
            booking.id, cpd_event_id, booking.person_id, booking.event_title, sessions, settings
        )
    return count


def take_due(at: datetime | None = None) -> dict | None:
    """Atomically take one due reminder (it is then ``sent``: fired at most once)."""
    return Reminder._get_collection().find_one_and_update(
        {"status": "scheduled", "due_at": {"$lte": at or now()}},
        {"$set": {"status": "sent"}},
        sort=[("due_at", 1)],
        return_document=ReturnDocument.AFTER,
    )


def reminder_message(reminder: dict) -> Message:
    title = reminder.get("event_title") or "your session"
    session = reminder.get("session") or {}
    starts = session.get("starts_at")
    when = starts.strftime("%a %-d %b %H:%M") if isinstance(starts, datetime) else str(starts)
    return Message(
        reminder["person_id"],
        "session_reminder",
        f"Reminder: {title}",
        f"You are booked on {title}, starting {when} at {session.get('venue', 'the venue')}.",
        {
            "event_title": title,
            "session": session,
            "cpd_event_id": reminder["cpd_event_id"],
            "booking_id": reminder["booking_id"],
            "send_before": starts if isinstance(starts, datetime) else None,
        },
    )
