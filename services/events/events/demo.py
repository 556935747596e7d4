"""The demo events ``make run`` seeds: a priced two-session course with a per-school cap, a
cluster Teachmeet with presentation slots, a moderation briefing, and a leadership conference
that needs the headteacher's approval. Idempotent (matched by title)."""

from datetime import UTC, datetime, time, timedelta

from events import places, usecases
from events.context import Context
from events.storage import CpdEvent, bookings_collection, events_collection, places_collection

DEMO_EVENTS = [
    {
        "title": "Phonics leadership course",
        "kind": "course",
        "venues": ["Northshore Primary (synthetic)", "Tideway Primary Academy (synthetic)"],
        "capacity": 20,
        "per_school_cap": 3,
        "pricing": {"price_pence": 7500, "by_type_group": {}},
        "certificate_min_sessions": 2,
        "owner": {"type": "strategic_group", "id": "cpd", "name": "CPD group"},
    },
    {
        "title": "North cluster Teachmeet",
        "kind": "teachmeet",
        "venues": ["Gullwing Primary Academy (synthetic)"],
        "capacity": 40,
        "slot_minutes": 5,
        "slot_count": 8,
        "owner": {"type": "cluster", "id": "north", "name": "North cluster"},
    },
    {
        "title": "KS2 writing moderation briefing",
        "kind": "briefing",
        "venues": ["Partnership Hub training room"],
        "capacity": 60,
        "pricing": {"price_pence": 4000, "by_type_group": {}},
        "owner": {"type": "la", "id": None, "name": "School improvement team"},
    },
    {
        "title": "Partnership leadership conference",
        "kind": "conference",
        "venues": ["Winter Gardens (demo)"],
        "capacity": 120,
        "requires_approval": True,
        "audience": {
            "roles": ["headteacher", "deputy_head", "assistant_head"],
            "phases": [],
            "year_groups": [],
            "clusters": [],
        },
        "owner": {"type": "partnership", "id": None, "name": "Partnership Hub"},
    },
]


def ensure_places() -> int:
    """Give events stored before counters moved to ``places`` their places document."""
    added = 0
    for event in events_collection().find({}, {"outbox": 0}):
        if places_collection().find_one({"_id": event["_id"]}, {"_id": 1}):
            # booking closes at the first session's start (places stored before that rule)
            places_collection().update_one(
                {"_id": event["_id"], "starts_at": {"$exists": False}},
                {"$set": {"starts_at": event.get("starts_at")}},
            )
            continue
        doc = places.new_places({**event, "simple": event.get("simple", True)})
        counts = {"confirmed_count": 0, "waitlist_count": 0}
        for status, field in (("confirmed", "confirmed_count"), ("waitlisted", "waitlist_count")):
            counts[field] = bookings_collection().count_documents(
                {"event_id": event["_id"], "status": status}
            )
        places_collection().update_one(
            {"_id": doc["_id"]},
            {"$set": {**counts, "taken": counts["confirmed_count"]}},
        )
        added += 1
    return added


def seed(today=None) -> int:
    ensure_places()
    today = today or datetime.now(UTC).date()
    ctx = Context()
    for offset, spec in enumerate(DEMO_EVENTS):
        if usecases.event_exists(spec["title"]):
            continue
        data = {k: v for k, v in spec.items() if k != "venues"}
        sessions = []
        for week, venue in enumerate(spec["venues"]):
            day = today + timedelta(days=14 + 7 * (week + offset))
            start = datetime.combine(day, time(15, 45), tzinfo=UTC)
            sessions.append(
                {"starts_at": start, "ends_at": start + timedelta(minutes=90), "venue": venue}
            )
        data["sessions"] = sessions
        usecases.create_event(ctx, data, created_by=None)
    return CpdEvent.objects.count()
