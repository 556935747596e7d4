"""Directory rules that need neither RabbitMQ nor MongoDB."""

import re
from datetime import date, timedelta

_WORD = re.compile(r"[a-z0-9]+")

VERIFICATION_PERIOD = timedelta(days=365)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens for search: ``tokens("St Mary's C of E")`` -> ``['st', 'mary', 's',
    ...]``.

    >>> tokens("Hawes Side Academy")
    ['hawes', 'side', 'academy']
    """
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def academic_year(day: date) -> str:
    """The English academic year (September to August) holding ``day``.

    >>> academic_year(date(2026, 9, 1)), academic_year(date(2027, 8, 31))
    ('2026-27', '2026-27')
    """
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def verification_due(verified_on: date, due_on: date | None = None) -> date:
    """When an offer verified on ``verified_on`` must be verified again (a year on by default)."""
    return due_on or verified_on + VERIFICATION_PERIOD


def is_overdue(due_on: date | None, today: date) -> bool:
    return due_on is not None and due_on <= today


# Strategic group offices
def holds_office_on(term: dict, day: date) -> bool:
    return term["starts_on"] <= day and (term.get("ends_on") is None or term["ends_on"] >= day)


def office_holder(terms: list[dict], office: str, day: date) -> dict | None:
    """The term of whoever holds ``office`` on ``day`` (the latest-starting one if several)."""
    current = [t for t in terms if t["office"] == office and holds_office_on(t, day)]
    return max(current, key=lambda t: t["starts_on"]) if current else None


def assign_office(terms: list[dict], new: dict) -> list[dict]:
    """Terms after ``new`` takes its office: a term of the same office still running when the new
    one starts ends the day before; a term of the same office starting later is replaced."""
    result = []
    for term in terms:
        if term["office"] != new["office"]:
            result.append(term)
            continue
        if term["starts_on"] >= new["starts_on"]:
            continue
        if term.get("ends_on") is None or term["ends_on"] >= new["starts_on"]:
            term = {**term, "ends_on": new["starts_on"] - timedelta(days=1)}
        result.append(term)
    return [*result, new]
