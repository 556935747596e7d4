"""Terms and academic years as people write them, and the one form every answer uses.

A term is named by the calendar year it falls in, as a school business manager names it:
``2026-autumn`` is September to December 2026, ``2027-spring`` January to March 2027 and
``2027-summer`` April to August 2027 (all three in academic year ``2026-27``). Terms run from
midnight in London on their first day to the end of their last day; together they cover the
whole year, holidays included, so every event falls in exactly one term.

>>> [parse_term(t).name for t in ("Spring 2027", "2026-27 spring", "2027-spring")]
['2027-spring', '2027-spring', '2027-spring']
>>> t = parse_term("2026-autumn"); (t.label, t.academic_year, str(t.starts_on), str(t.ends_on))
('Autumn term 2026', '2026-27', '2026-09-01', '2026-12-31')
>>> academic_year_label(parse_academic_year("2026")), academic_year_label(2026)
('2026-27', '2026-27')
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import ValidationError, fields, validate

LONDON = ZoneInfo("Europe/London")
TERMS = ("autumn", "spring", "summer")
# (first month, last month) of each term; spring and summer are in the academic year's 2nd year
TERM_MONTHS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 8)}
FIRST_YEAR, LAST_YEAR = 2000, 2100
TERM_HELP = (
    "Use a term like 2027-spring, Spring 2027 or 2026-27 spring (autumn, spring or summer and "
    "a year)."
)
ACADEMIC_YEAR_HELP = "Use an academic year like 2026-27 (or its first year, 2026)."

_YEARS = r"(?P<y1>\d{4})(?:\s*[-/]\s*(?P<y2>\d{4}|\d{2}))?"
_SEASON = r"(?P<season>autumn|spring|summer)"
_TERM_FORMS = (
    re.compile(rf"^{_YEARS}[\s_-]*{_SEASON}$"),
    re.compile(rf"^{_SEASON}[\s_-]*{_YEARS}$"),
)
_ACADEMIC_YEAR = re.compile(r"^(?P<y1>\d{4})(?:\s*[-/]\s*(?P<y2>\d{4}|\d{2}))?$")


def academic_year_start(moment: date | datetime) -> int:
    """The first calendar year of the academic year (September to August) holding ``moment``."""
    return moment.year if moment.month >= 9 else moment.year - 1


def academic_year_label(start: int) -> str:
    """``2026-27`` for the academic year starting in September 2026."""
    return f"{start}-{(start + 1) % 100:02d}"


def _start_year(y1: str, y2: str | None) -> int:
    """The first year of ``2026``, ``2026-27`` or ``2026/2027``; ValueError for ``2026-28``."""
    start = int(y1)
    if y2 is not None and int(y2) not in (start + 1, (start + 1) % 100):
        raise ValueError(f"{y1}-{y2} is not one academic year")
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise ValueError(f"{start} is out of range")
    return start


def parse_academic_year(value: int | str) -> int:
    """The first year of an academic year written ``2026-27``, ``2026/27``, ``2026-2027`` or
    ``2026`` (ValueError otherwise)."""
    if isinstance(value, bool):
        raise ValueError("not a year")
    if isinstance(value, int):
        return _start_year(str(value), None)
    found = _ACADEMIC_YEAR.match(str(value).strip())
    if not found:
        raise ValueError(f"{value!r} is not an academic year")
    return _start_year(found["y1"], found["y2"])


@dataclass(frozen=True)
class Term:
    """One term: ``season`` and the calendar ``year`` it falls in."""

    season: str
    year: int

    @property
    def name(self) -> str:
        return f"{self.year}-{self.season}"

    @property
    def label(self) -> str:
        return f"{self.season.capitalize()} term {self.year}"

    @property
    def academic_year(self) -> str:
        return academic_year_label(self.year if self.season == "autumn" else self.year - 1)

    @property
    def starts_on(self) -> date:
        return date(self.year, TERM_MONTHS[self.season][0], 1)

    @property
    def ends_on(self) -> date:
        """The term's last day (inclusive)."""
        last_month = TERM_MONTHS[self.season][1]
        following = date(self.year + last_month // 12, last_month % 12 + 1, 1)
        return following - timedelta(days=1)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC: midnight in London on the first day and after the last day."""
        end = self.ends_on + timedelta(days=1)
        return (
            datetime.combine(self.starts_on, time(), LONDON).astimezone(UTC),
            datetime.combine(end, time(), LONDON).astimezone(UTC),
        )

    def describe(self) -> dict:
        """The fields an answer about a term carries."""
        return {
            "term": self.name,
            "term_label": self.label,
            "academic_year": self.academic_year,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
        }


def term_of(moment: date | datetime) -> Term:
    """The term a day (or a moment, in London) falls in."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(LONDON)
    season = next(name for name, (a, b) in TERM_MONTHS.items() if a <= moment.month <= b)
    return Term(season, moment.year)


def parse_term(text: str) -> Term:
    """A term as people write it: ``2027-spring``, ``spring 2027``, ``Spring term 2027``,
    ``2026-27 spring``, ``spring 2026/27`` (any case). ValueError when it is none of these."""
    cleaned = re.sub(r"\bterm\b", " ", str(text).strip().lower())
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    for form in _TERM_FORMS:
        found = form.match(cleaned)
        if found:
            season = found["season"]
            if found["y2"] is None:
                year = _start_year(found["y1"], None)
            else:
                start = _start_year(found["y1"], found["y2"])
                year = start if season == "autumn" else start + 1
            return Term(season, year)
    raise ValueError(f"{text!r} is not a term")


class TermField(fields.String):
    """A term in any form ``parse_term`` reads, loaded as its name (``2027-spring``)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "description": "A term: " + TERM_HELP + " Answers name it like 2027-spring.",
            "example": "2027-spring",
            **kwargs.pop("metadata", {}),
        }
        kwargs.setdefault("validate", validate.Length(max=40))
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > 40:
            raise ValidationError(TERM_HELP)
        try:
            return parse_term(text).name
        except ValueError:
            raise ValidationError(TERM_HELP) from None


class AcademicYearField(fields.Field):
    """An academic year: ``2026-27`` in every answer; ``2026-27``, ``2026/27``, ``2026-2027``,
    ``"2026"`` or ``2026`` accepted, and loaded as ``2026-27``."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "type": "string",
            "pattern": r"^\d{4}([-/](\d{2}|\d{4}))?$",
            "example": "2026-27",
            "description": "An academic year (September to August): " + ACADEMIC_YEAR_HELP,
            **kwargs.pop("metadata", {}),
        }
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None or value == "":
            return value
        try:
            return academic_year_label(parse_academic_year(value))
        except ValueError:  # stored before the one form: shown as it was written
            return str(value)

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        if not isinstance(value, int | str) or len(str(value)) > 20:
            raise ValidationError(ACADEMIC_YEAR_HELP)
        try:
            return academic_year_label(parse_academic_year(value))
        except ValueError:
            raise ValidationError(ACADEMIC_YEAR_HELP) from None
