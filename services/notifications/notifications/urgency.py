"""Urgency: a message about a session that starts before its held email would go out is sent at
once. Every way an email waits (school time, the daily digest, the weekly bulletin) asks this
module first. Pure.

A message's sessions are read from its context, whatever the event calls them: ``starts_at``,
``sessions`` and ``previous_sessions`` (an event moved away from a near date is news too),
``slots`` (a running order) and ``send_before`` (a reminder).

>>> from datetime import UTC, datetime
>>> at = datetime(2026, 11, 21, 22, tzinfo=UTC)
>>> is_urgent({"starts_at": "2026-11-22T10:00:00+00:00"}, at, datetime(2026, 11, 23, 8, tzinfo=UTC))
True
"""

from datetime import UTC, datetime

HOLDING = ("held", "daily", "weekly")  # the plans whose email waits
SESSION_LISTS = ("sessions", "previous_sessions", "slots")


def _moment(value: object) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def session_starts(context: dict) -> list[datetime]:
    """Every session start the message's context names."""
    found = [context.get("starts_at"), context.get("send_before")]
    for key in SESSION_LISTS:
        for item in context.get(key) or []:
            if isinstance(item, dict):
                found.append(item.get("starts_at"))
    return [moment for moment in map(_moment, found) if moment is not None]


def is_urgent(context: dict, at: datetime, send_at: datetime | None) -> bool:
    """True when a session the message is about starts after ``at`` but before ``send_at`` (the
    time its email would otherwise go out)."""
    if send_at is None:
        return False
    return any(at < start < send_at for start in session_starts(context))
