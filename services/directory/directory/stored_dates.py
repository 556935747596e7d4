"""Dates as the directory stores them: BSON has no date type, so a day is written as a midnight
datetime and read back as a date; the schools, offers, groups and brokerage modules convert
with these two functions on the way in and out."""

from datetime import date, datetime, time


def as_datetime(day: date | None) -> datetime | None:
    """Dates are stored as midnight datetimes (BSON has no date type)."""
    return datetime.combine(day, time()) if day else None


def as_date(value) -> date | None:
    return value.date() if isinstance(value, datetime) else value
