"""iCalendar attachments (RFC 5545 via ``icalendar``) for emails about a CPD event: one VEVENT per
session with a stable UID, so an update (higher SEQUENCE) or a cancellation (METHOD:CANCEL,
STATUS:CANCELLED) replaces the entry the person already has."""

from datetime import UTC, datetime

from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Partnership Hub//Notifications//EN"
UID_DOMAIN = "partnership-hub"


def _moment(value) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def session_uid(cpd_event_id: str, index: int) -> str:
    return f"{cpd_event_id}-{index}@{UID_DOMAIN}"


def sequence_of(payload: dict, event: dict | None = None) -> int:
    """The CPD event's revision (its ``sequence``): the one SEQUENCE a session's UID has in every
    email and in the events service's personal and school feeds. From the payload, else from the
    event as the events service has it now (never a booking's version or a time: those differ
    from the feeds')."""
    for found in (payload, event or {}):
        if isinstance(found.get("sequence"), int):
            return found["sequence"]
    return 0


def build_calendar(
    method: str,
    cpd_event_id: str,
    title: str,
    sessions: list[dict],
    sequence: int,
    description: str = "",
    organizer: str | None = None,
    attendee: str | None = None,
) -> bytes:
    """A VCALENDAR with ``method`` (REQUEST or CANCEL) and a VEVENT for each session."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    stamp = datetime.now(UTC)
    for index, session in enumerate(sessions):
        ev = VEvent()
        ev.add("uid", session.get("uid") or session_uid(cpd_event_id, index))
        ev.add("dtstamp", stamp)
        ev.add("sequence", sequence)
        ev.add("summary", title)
        ev.add("dtstart", _moment(session["starts_at"]))
        if session.get("ends_at"):
            ev.add("dtend", _moment(session["ends_at"]))
        if session.get("venue"):
            ev.add("location", session["venue"])
        if description:
            ev.add("description", description)
        if organizer:
            ev.add("organizer", f"mailto:{organizer}")
        if attendee:
            ev.add("attendee", f"mailto:{attendee}")
        ev.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
        cal.add_component(ev)
    return cal.to_ical()
