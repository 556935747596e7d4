"""School time: when non-urgent email may go out (school hours on school days in term), and when
the daily digest and weekly bulletin are due. Pure: the calendar is data, ``now`` is an argument.

>>> cal = SchoolCalendar.from_dict({"terms": [{"start": "2026-09-03", "end": "2026-10-23"}]})
>>> cal.next_school_time(datetime(2026, 9, 5, 12, tzinfo=UTC)).isoformat()  # a Saturday
'2026-09-07T07:00:00+00:00'
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SEARCH_DAYS = 400


def _date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _time(value: time | str) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


@dataclass(frozen=True)
class SchoolCalendar:
    """Term dates (inclusive), closure days inside terms, the school day and its time zone. With
    no terms at all, every weekday counts as a school day."""

    timezone: ZoneInfo = ZoneInfo("Europe/London")
    day_start: time = time(8, 0)
    day_end: time = time(16, 30)
    terms: tuple[tuple[date, date], ...] = ()
    closures: frozenset[date] = field(default_factory=frozenset)
    weekdays: frozenset[int] = frozenset(range(5))  # Monday 0 .. Sunday 6

    @classmethod
    def from_dict(cls, data: dict | None) -> "SchoolCalendar":
        """From the YAML shape: ``{timezone, school_day: {start, end}, terms: [{start, end}],
        closures: [date], weekdays: [0..6]}``."""
        data = data or {}
        day = data.get("school_day") or {}
        return cls(
            timezone=ZoneInfo(data.get("timezone", "Europe/London")),
            day_start=_time(day.get("start", "08:00")),
            day_end=_time(day.get("end", "16:30")),
            terms=tuple(
                sorted((_date(t["start"]), _date(t["end"])) for t in data.get("terms") or ())
            ),
            closures=frozenset(_date(d) for d in data.get("closures") or ()),
            weekdays=frozenset(data["weekdays"] if "weekdays" in data else range(5)),
        )

    def is_school_day(self, day: date) -> bool:
        if day.weekday() not in self.weekdays or day in self.closures:
            return False
        return not self.terms or any(start <= day <= end for start, end in self.terms)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.timezone)

    def _opening(self, day: date) -> datetime:
        return datetime.combine(day, self.day_start, self.timezone).astimezone(UTC)

    def is_school_time(self, moment: datetime) -> bool:
        local = self._local(moment)
        return self.is_school_day(local.date()) and (self.day_start <= local.time() < self.day_end)

    def next_school_day(self, after: date) -> date | None:
        day = after + timedelta(days=1)
        for _ in range(SEARCH_DAYS):
            if self.is_school_day(day):
                return day
            day += timedelta(days=1)
        return None

    def next_school_time(self, moment: datetime) -> datetime:
        """``moment`` itself in school time, else the next school day's opening (or, past the last
        term on the calendar, the next weekday's)."""
        if self.is_school_time(moment):
            return moment
        local = self._local(moment)
        if self.is_school_day(local.date()) and local.time() < self.day_start:
            return self._opening(local.date())
        day = self.next_school_day(local.date())
        if day is None:
            day = local.date() + timedelta(days=1)
            while day.weekday() not in self.weekdays and self.weekdays:
                day += timedelta(days=1)
        return self._opening(day)

    def next_digest_time(self, moment: datetime) -> datetime:
        """The daily digest: the opening of the next school day after ``moment``'s own day."""
        local = self._local(moment)
        end_of_day = datetime.combine(local.date(), time(23, 59), self.timezone)
        return self.next_school_time(end_of_day.astimezone(UTC) + timedelta(minutes=1))

    def next_bulletin_time(self, moment: datetime) -> datetime:
        """The weekly bulletin: the first school time of the week after ``moment``'s week."""
        local = self._local(moment)
        monday = local.date() + timedelta(days=7 - local.weekday())
        start = datetime.combine(monday, time(0, 0), self.timezone).astimezone(UTC)
        return self.next_school_time(start)
