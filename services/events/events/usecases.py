"""Event use cases: create, list, show, change and cancel partnership events (each announced with
what a calendar needs: UID, SEQUENCE and every session)."""

from contracts import events as c
from contracts.caller import Caller
from contracts.common import page_start
from contracts.errors import Conflict, InvalidInput, NotFound
from events import bookings as b
from events import permissions, places
from events.booking_payloads import calendar_sessions
from events.context import Context
from events.rules import capacity_problem, event_uid, needs_profile
from events.storage import CpdEvent, bookings_collection, events_collection, new_id, now
from events.timing import changed_session_problems, past_session_problems
from runtime.delivery import outbox_entry

CHANGEABLE = (
    "title",
    "description",
    "sessions",
    "capacity",
    "per_school_cap",
    "booking_opens_at",
    "booking_closes_at",
    "audience",
    "pricing",
)


def event_item(doc: dict, counts: dict | None = None) -> dict:
    """The EventSchema view of an event document and its places counters."""
    counts = counts or {}
    return {
        "id": doc["_id"],
        "title": doc["title"],
        "kind": doc["kind"],
        "description": doc.get("description", ""),
        "sessions": calendar_sessions(doc["_id"], doc["sessions"]),
        "capacity": counts.get("capacity", doc["capacity"]),
        "confirmed_count": counts.get("confirmed_count", 0),
        "waitlist_count": counts.get("waitlist_count", 0),
        "offered_count": counts.get("offered_count", 0),
        "pending_count": counts.get("pending_count", 0),
        "status": doc.get("status", "open"),
        "created_by": doc.get("created_by"),
        "owner": doc.get("owner"),
        "audience": doc.get("audience"),
        "per_school_cap": doc.get("per_school_cap"),
        "booking_opens_at": doc.get("booking_opens_at"),
        "booking_closes_at": doc.get("booking_closes_at"),
        "requires_approval": doc.get("requires_approval", False),
        "pricing": doc.get("pricing"),
        "certificate_min_sessions": doc.get("certificate_min_sessions"),
        "slot_minutes": doc.get("slot_minutes"),
        "slot_count": doc.get("slot_count"),
        "host_school_urn": doc.get("host_school_urn"),
        "cluster": doc.get("cluster"),
        "year_group": doc.get("year_group"),
        "chair_id": doc.get("chair_id"),
        "minute_taker_id": doc.get("minute_taker_id"),
        "uid": event_uid(doc["_id"]),
        "sequence": doc.get("sequence", 0),
    }


def calendar_payload(doc: dict) -> dict:
    return {
        "cpd_event_id": doc["_id"],
        "title": doc["title"],
        "kind": doc["kind"],
        "status": doc.get("status", "open"),
        "uid": event_uid(doc["_id"]),
        "sequence": doc.get("sequence", 0),
        "sessions": calendar_sessions(doc["_id"], doc["sessions"]),
    }


def new_event_document(data: dict, created_by: str | None, **extra) -> dict:
    sessions = sorted(data["sessions"], key=lambda s: s["starts_at"])
    doc = {
        "_id": new_id(),
        "title": data["title"],
        "kind": data["kind"],
        "description": data.get("description", ""),
        "sessions": sessions,
        "starts_at": sessions[0]["starts_at"],
        "ends_at": max(s["ends_at"] for s in sessions),
        "capacity": data["capacity"],
        "status": "open",
        "sequence": 0,
        "created_by": created_by,
        "slots": [],
        "actions": [],
    }
    for key in (
        "owner",
        "audience",
        "per_school_cap",
        "booking_opens_at",
        "booking_closes_at",
        "requires_approval",
        "pricing",
        "certificate_min_sessions",
        "slot_minutes",
        "slot_count",
        "host_school_urn",
        "cluster",
        "year_group",
    ):
        if data.get(key) is not None:
            doc[key] = data[key]
    doc.update(extra)
    doc["simple"] = not needs_profile(doc)
    return doc


def owning_group(ctx: Context, caller: Caller, owner: dict | None) -> dict | None:
    """The strategic group a decision about an event with ``owner`` needs (asked of the
    directory only when the caller's roles do not decide it already)."""
    group_id = permissions.needs_group(caller, owner)
    return ctx.directory.group(group_id) if group_id else None


def check_may_manage(ctx: Context, caller: Caller, event: dict) -> None:
    """``permissions.check_may_manage_event`` with the owning group fetched when it matters."""
    permissions.check_may_manage_event(caller, event, owning_group(ctx, caller, event.get("owner")))


def organise_event(ctx: Context, data: dict, caller: Caller) -> dict:
    """Create an event as ``caller`` (the coordinator, the LA officer, or the owning strategic
    group's chair or secretary)."""
    owner = data.get("owner")
    permissions.check_may_organise(caller, owner, owning_group(ctx, caller, owner))
    check_sessions_ahead(ctx, data["sessions"])
    return create_event(ctx, data, caller.id)


def check_sessions_ahead(ctx: Context, sessions: list[dict], field: str = "sessions") -> None:
    """422 naming each session (``sessions.0.starts_at``) that has already started."""
    problems = past_session_problems(sessions, ctx.now(), field)
    if problems:
        raise InvalidInput("An event's sessions must be in the future.", problems)


def create_event(ctx: Context, data: dict, created_by: str | None, **extra) -> dict:
    """Store a new event with its event_published announcement in one insert."""
    doc = new_event_document(data, created_by, **extra)
    counts = places.new_places(doc)
    doc["outbox"] = [_published_entry(ctx, doc)]
    events_collection().insert_one(doc)
    ctx.publish(events_collection(), doc["_id"], doc["outbox"])
    return event_item(doc, counts)


def _published_entry(ctx: Context, doc: dict) -> dict:
    payload = {
        **calendar_payload(doc),
        **{
            key: doc.get(key)
            for key in (
                "description",
                "owner",
                "audience",
                "cluster",
                "year_group",
                "host_school_urn",
                "capacity",
                "booking_opens_at",
                "booking_closes_at",
                "created_by",
            )
        },
        "requires_approval": doc.get("requires_approval", False),
    }
    return outbox_entry(c.EVENT_PUBLISHED, c.EventPublishedSchema, payload, ctx.correlation_id)


def list_events(query: dict) -> dict:
    found: dict = {}
    if query.get("from_"):
        found.setdefault("starts_at", {})["$gte"] = query["from_"]
    if query.get("to"):
        found.setdefault("starts_at", {})["$lte"] = query["to"]
    if query.get("kind"):
        found["kind"] = query["kind"]
    if query.get("cluster"):
        found["cluster"] = query["cluster"]
    if query.get("ids"):
        found["_id"] = {"$in": query["ids"]}
    if query.get("group"):
        found["owner.type"], found["owner.id"] = "strategic_group", query["group"]
    if query.get("phase"):
        found["$or"] = [
            {"audience.phases": query["phase"]},
            {"audience.phases": {"$in": [None, []]}},
            {"audience.phases": {"$exists": False}},
        ]
    start = page_start(query)
    cursor = events_collection().find(found, {"outbox": 0}).sort("starts_at", 1)
    docs = list(cursor.skip(start).limit(query["per_page"]))
    counts = places.places_of([d["_id"] for d in docs])
    return {
        "items": [event_item(e, counts.get(e["_id"])) for e in docs],
        "total": events_collection().count_documents(found),
    }


def get_event_document(event_id: str) -> dict:
    doc = events_collection().find_one({"_id": event_id}, {"outbox": 0})
    if doc is None:
        raise NotFound(f"No event with id {event_id}.", {"event_id": ["Unknown event."]})
    return doc


def get_event(event_id: str) -> dict:
    return event_item(get_event_document(event_id), places.read_places(event_id))


def active_person_ids(event_id: str) -> list[str]:
    found = bookings_collection().find({"event_id": event_id, "active": True}, {"person_id": 1})
    return sorted({row["person_id"] for row in found})


def update_event(ctx: Context, event_id: str, changes: dict, caller: Caller) -> dict:
    """Change an event: its places rules change in one atomic update (capacity never below the
    places held), then the event with its event_changed announcement; a larger capacity offers
    places to the waitlist."""
    doc = get_event_document(event_id)
    check_may_manage(ctx, caller, doc)
    if doc.get("status") != "open":
        raise Conflict("A cancelled event cannot change.", {"event_id": ["Cancelled."]})
    changes = {k: v for k, v in changes.items() if k in CHANGEABLE}
    if not changes:
        raise InvalidInput("Nothing to change.", {"_schema": ["Give at least one field."]})
    if "sessions" in changes:
        problems = changed_session_problems(doc["sessions"], changes["sessions"], ctx.now())
        if problems:
            raise InvalidInput(
                "Sessions that have taken place stay as they were; new ones must be ahead.",
                problems,
            )
        changes["sessions"] = sorted(changes["sessions"], key=lambda s: s["starts_at"])
        changes["starts_at"] = changes["sessions"][0]["starts_at"]
        changes["ends_at"] = max(s["ends_at"] for s in changes["sessions"])
    merged = {**doc, **changes}
    opens, closes = merged.get("booking_opens_at"), merged.get("booking_closes_at")
    if opens and closes and closes <= opens:
        raise InvalidInput("Must be after booking_opens_at.", {"booking_closes_at": ["Too early."]})
    counts = places.read_places(event_id) or {}
    if "capacity" in changes:
        problem = capacity_problem(changes["capacity"], counts.get("taken", 0))
        if problem:
            raise InvalidInput(problem, {"capacity": [problem]})
    changes["simple"] = merged["simple"] = not needs_profile(merged)
    merged["sequence"] = doc.get("sequence", 0) + 1
    payload = {
        **calendar_payload(merged),
        "changed": sorted(k for k in changes if k in CHANGEABLE),
        "previous_sessions": calendar_sessions(event_id, doc["sessions"]),
        "person_ids": active_person_ids(event_id),
        "capacity": merged["capacity"],
    }
    entry = outbox_entry(c.EVENT_CHANGED, c.EventChangedSchema, payload, ctx.correlation_id)
    rules = {k: merged.get(k) for k in places.RULE_FIELDS if k not in ("capacity", "sequence")}
    if not places.set_rules(event_id, rules, changes.get("capacity")):
        raise Conflict(
            "The event changed meanwhile (places were taken, or it was cancelled); try again.",
            {"capacity": ["Below the places now held."]},
        )
    events_collection().update_one(
        {"_id": event_id}, {"$set": changes, "$inc": {"sequence": 1}, "$push": {"outbox": entry}}
    )
    ctx.publish(events_collection(), event_id, [entry])
    if "capacity" in changes or "per_school_cap" in changes:
        b.fill(ctx, event_id)
    return get_event(event_id)


def cancel_event(ctx: Context, event_id: str, reason: str, caller: Caller) -> dict:
    """Cancel the whole event: every active booking ends, one event_cancelled tells them all."""
    doc = get_event_document(event_id)
    check_may_manage(ctx, caller, doc)
    actor = caller.id
    cancelled = {**doc, "status": "cancelled", "sequence": doc.get("sequence", 0) + 1}
    payload = {
        **calendar_payload(cancelled),
        "reason": reason,
        "person_ids": active_person_ids(event_id),
        "cancelled_by": actor,
    }
    entry = outbox_entry(c.EVENT_CANCELLED, c.EventCancelledSchema, payload, ctx.correlation_id)
    done = events_collection().update_one(
        {"_id": event_id, "status": "open"},
        {"$set": {"status": "cancelled"}, "$inc": {"sequence": 1}, "$push": {"outbox": entry}},
    )
    if not done.modified_count:
        raise Conflict("This event is already cancelled.", {"event_id": ["Already cancelled."]})
    places.close(event_id)
    bookings_collection().update_many(
        {"event_id": event_id, "active": True},
        {
            "$set": {
                "status": "cancelled",
                "active": False,
                "reason": "event_cancelled",
                "updated_at": now(),
            },
            "$inc": {"version": 1},
        },
    )
    ctx.publish(events_collection(), event_id, [entry])
    return get_event(event_id)


def event_exists(title: str) -> bool:
    return bool(CpdEvent.objects(title=title).count())
