"""Moving a stored event's sessions into the past, for tests of what may happen once a session
has taken place (the service refuses to create such an event, as it should). Whole days only,
so the times stay as they were written (a form that resubmits them changes nothing)."""

import math
from datetime import UTC, datetime, timedelta

from pymongo import MongoClient


def events_db(platform):
    """The events service's database of a running ``support.platform.Platform``."""
    client = MongoClient(platform.env["MONGO_URI"], tz_aware=True)
    return client[platform.env["EVENTS_DB"]]


def move_into_past(db, event_id: str, until: str = "first", days: int | None = None) -> int:
    """Move the event's sessions back by whole days until its ``first`` (or ``last``) session
    has started (or exactly ``days`` days); its bookings and places follow. Returns the days."""
    events = db["events"]
    doc = events.find_one({"_id": event_id})
    starts = [_aware(s["starts_at"]) for s in doc["sessions"]]
    if days is None:
        target = min(starts) if until == "first" else max(starts)
        days = max(1, math.ceil((target - datetime.now(UTC)) / timedelta(days=1)))
    shift = timedelta(days=days)
    sessions = [
        {**s, "starts_at": s["starts_at"] - shift, "ends_at": s["ends_at"] - shift}
        for s in doc["sessions"]
    ]
    first = min(s["starts_at"] for s in sessions)
    events.update_one(
        {"_id": event_id},
        {
            "$set": {
                "sessions": sessions,
                "starts_at": first,
                "ends_at": max(s["ends_at"] for s in sessions),
            },
            "$inc": {"sequence": 1},
        },
    )
    db["places"].update_one(
        {"_id": event_id}, {"$set": {"starts_at": first}, "$inc": {"sequence": 1}}
    )
    db["bookings"].update_many({"event_id": event_id}, {"$set": {"starts_at": first}})
    return days


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
