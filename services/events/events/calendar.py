"""iCal feeds (RFC 5545, with the icalendar library): one VEVENT per session, UID stable for the
session, SEQUENCE higher after every change, STATUS:CANCELLED when it is off."""

from datetime import UTC, datetime

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.rules import session_uid

PRODID = "-//Partnership Hub//Events//EN"
STATUS = {
    "confirmed": "CONFIRMED",
    "pending_approval": "TENTATIVE",
    "offered": "TENTATIVE",
    "cancelled": "CANCELLED",
}


def feed(name: str, entries: list[dict]) -> str:
    """An iCal document; each entry has ``uid``, ``sequence``, ``status`` (our word), ``title``,
    ``starts_at``, ``ends_at``, ``venue`` and ``description``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = datetime.now(UTC)
    for entry in entries:
        vevent = CalendarEvent()
        vevent.add("uid", entry["uid"])
        vevent.add("sequence", entry["sequence"])
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", _utc(entry["starts_at"]))
        vevent.add("dtend", _utc(entry["ends_at"]))
        vevent.add("summary", entry["title"])
        vevent.add("location", entry.get("venue") or "")
        vevent.add("description", entry.get("description") or "")
        vevent.add("status", STATUS.get(entry["status"], "CONFIRMED"))
        calendar.add_component(vevent)
    return calendar.to_ical().decode()


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def session_entries(event: dict, status: str, sequence: int, description: str = "") -> list[dict]:
    """Calendar entries for each session of ``event`` (a stored event document)."""
    if event.get("status") == "cancelled":
        status = "cancelled"
    entries = []
    for index, session in enumerate(event["sessions"]):
        title = event["title"]
        if len(event["sessions"]) > 1:
            title = f"{title} ({session.get('title') or f'session {index + 1}'})"
        entries.append(
            {
                "uid": session_uid(event["_id"], index),
                "sequence": sequence,
                "status": status,
                "title": title,
                "starts_at": session["starts_at"],
                "ends_at": session["ends_at"],
                "venue": session.get("venue"),
                "description": description or event.get("description", ""),
            }
        )
    return entries
