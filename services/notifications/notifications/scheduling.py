"""Reminders before each session of a confirmed booking, kept on this service's copy of the
booking: scheduled by the write that records the confirmation, moved when the event changes,
dropped with the booking or the event, and fired by the service's timer through the ordinary
notification path (so preferences, quiet time and exactly-once apply: a reminder's notification
is keyed by its booking, session and offset, so firing it twice tells nobody twice).

A copy keeps its ``sessions`` and ``next_reminder_at``; the reminders due are those from
``next_reminder_at`` up to now, and firing them moves ``next_reminder_at`` on to the next one
(or unsets it)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from notifications.messages.message import Message
from notifications.reminders import reminder_times
from notifications.settings import Settings
from notifications.storage import BookingCopy, now

_JUST_BEFORE = timedelta(microseconds=1)


@dataclass(frozen=True)
class Due:
    """One reminder: of session ``index`` (``session``), ``offset`` before it, due ``at``."""

    index: int
    offset: str
    at: datetime
    session: dict


def stored_sessions(sessions: list[dict]) -> list[dict]:
    """The sessions with a start, their ``starts_at`` a datetime (as the store keeps it)."""
    kept = []
    for session in sessions:
        starts = session.get("starts_at")
        if starts and not isinstance(starts, datetime):
            starts = datetime.fromisoformat(str(starts))
        if starts:
            kept.append({**session, "starts_at": starts})
    return kept


def reminders_after(sessions: list[dict], settings: Settings, after: datetime) -> list[Due]:
    """Every reminder of a booking on ``sessions`` due after ``after`` (and before its session
    starts), soonest first."""
    found = []
    for index, session in enumerate(stored_sessions(sessions)):
        times = reminder_times(
            session["starts_at"],
            list(settings.reminder_offsets),
            after,
            morning=settings.reminder_morning,
            tz=settings.calendar.timezone,
        )
        found += [Due(index, label, due, session) for label, due in times]
    return sorted(found, key=lambda due: due.at)


def schedule(sessions: list[dict], settings: Settings, at: datetime | None = None) -> dict:
    """The fields that schedule a newly confirmed booking's reminders (``sessions``, and
    ``next_reminder_at`` when one is still to come)."""
    sessions = stored_sessions(sessions)
    upcoming = reminders_after(sessions, settings, at or now())
    fields: dict = {"sessions": sessions}
    if upcoming:
        fields["next_reminder_at"] = upcoming[0].at
    return fields


def _moved_on(fields: dict) -> dict:
    """``fields`` as an update: ``next_reminder_at`` unset when there is none."""
    if "next_reminder_at" in fields:
        return {"$set": fields}
    return {"$set": fields, "$unset": {"next_reminder_at": ""}}


def reschedule_event(cpd_event_id: str, sessions: list[dict], settings: Settings) -> int:
    """New session times: the confirmed bookings' reminders are scheduled afresh (any still due
    for the old times are never fired). Returns how many bookings were rescheduled."""
    update = _moved_on(schedule(sessions, settings))
    found = {"cpd_event_id": cpd_event_id, "status": "confirmed"}
    return BookingCopy._get_collection().update_many(found, update).modified_count


def upcoming(copy: dict, settings: Settings) -> list[Due]:
    """The booking's reminders not fired yet (none once it is cancelled)."""
    if copy.get("status") == "cancelled" or not copy.get("next_reminder_at"):
        return []
    return reminders_after(
        copy.get("sessions") or [], settings, copy["next_reminder_at"] - _JUST_BEFORE
    )


def due_copies(at: datetime, limit: int = 100) -> list[dict]:
    """Booking copies with a reminder due by ``at``, the longest due first."""
    found = BookingCopy._get_collection().find({"next_reminder_at": {"$lte": at}})
    return list(found.sort("next_reminder_at", 1).limit(limit))


def reminders_due(copy: dict, settings: Settings, at: datetime) -> list[Due]:
    """The copy's reminders due by ``at`` whose session has not started yet."""
    return [
        due for due in upcoming(copy, settings) if due.at <= at and due.session["starts_at"] > at
    ]


def move_on(copy: dict, settings: Settings, at: datetime) -> bool:
    """After firing what was due by ``at``: the next reminder is the one due after ``at``. False
    when someone else moved the copy on (or changed it) meanwhile."""
    upcoming_after = reminders_after(copy.get("sessions") or [], settings, at)
    fields = {"next_reminder_at": upcoming_after[0].at} if upcoming_after else {}
    update = {"$set": fields} if fields else {"$unset": {"next_reminder_at": ""}}
    found = {"_id": copy["_id"], "next_reminder_at": copy["next_reminder_at"]}
    return BookingCopy._get_collection().update_one(found, update).modified_count == 1


def reminder_id(copy: dict, due: Due) -> str:
    """The reminder's notification key: the same reminder fired twice is one notification."""
    return f"reminder:{copy['_id']}:{due.index}:{due.offset}"


def reminder_message(copy: dict, due: Due) -> Message:
    title = copy.get("event_title") or "your session"
    session = due.session
    starts = session["starts_at"]
    when = starts.strftime("%a %-d %b %H:%M")
    return Message(
        copy["person_id"],
        "session_reminder",
        f"Reminder: {title}",
        f"You are booked on {title}, starting {when} at {session.get('venue', 'the venue')}.",
        {
            "event_title": title,
            "session": session,
            "cpd_event_id": copy["cpd_event_id"],
            "booking_id": copy["_id"],
            "send_before": starts,
        },
    )
