"""The demo events ``make run`` seeds: a course with two sessions and a cluster Teachmeet.
Idempotent."""

from datetime import UTC, datetime, time, timedelta

from events import usecases
from events.storage import Event

DEMO_EVENTS = [
    (
        "Phonics leadership course",
        "course",
        ["Northshore Primary (synthetic)", "Tideway Primary Academy (synthetic)"],
        20,
    ),
    ("North cluster Teachmeet", "teachmeet", ["Gullwing Primary Academy (synthetic)"], 40),
]


def seed(today=None) -> int:
    today = today or datetime.now(UTC).date()
    for offset, (title, kind, venues, capacity) in enumerate(DEMO_EVENTS):
        if Event.objects(title=title).count():
            continue
        sessions = []
        for week, venue in enumerate(venues):
            day = today + timedelta(days=14 + 7 * (week + offset))
            start = datetime.combine(day, time(15, 45), tzinfo=UTC)
            sessions.append(
                {
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=1, minutes=30),
                    "venue": venue,
                }
            )
        usecases.create_event(
            {"title": title, "kind": kind, "sessions": sessions, "capacity": capacity},
            created_by=None,
        )
    return Event.objects.count()
