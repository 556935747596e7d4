"""When to remind a booked person of a session. Pure.

Offsets come from config, e.g. ``["2d", "morning"]``: "<n>d"/"<n>h" before the session starts, or
"morning" (the school day's opening on the session's own day). Times already past are skipped.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def parse_offset(text: str) -> timedelta | str:
    text = text.strip().lower()
    if text == "morning":
        return "morning"
    units = {"d": "days", "h": "hours", "m": "minutes"}
    if text[-1:] in units and text[:-1].isdigit():
        return timedelta(**{units[text[-1]]: int(text[:-1])})
    raise ValueError(f"reminder offset {text!r}: use '<n>d', '<n>h', '<n>m' or 'morning'")


def reminder_times(
    starts_at: datetime,
    offsets: list[str],
    now: datetime,
    morning: time = time(7, 30),
    tz: ZoneInfo = LONDON,
) -> list[tuple[str, datetime]]:
    """``[(offset label, due time)]`` for one session, in the future and before it starts."""
    due = []
    for label in offsets:
        offset = parse_offset(label)
        if isinstance(offset, str):  # "morning"
            local_day = starts_at.astimezone(tz).date()
            at = datetime.combine(local_day, morning, tz).astimezone(starts_at.tzinfo)
        else:
            at = starts_at - offset
        if now < at < starts_at:
            due.append((label, at))
    return due
