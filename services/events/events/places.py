"""Places on an event: every counter change is one atomic conditional update of the event's
``places`` document (never read-then-write). The counters live in their own small collection with
no secondary index, apart from the event's descriptive document: each update costs the store
less (an update of an indexed document rewrites its index entries).

``taken`` counts places held by confirmed, offered and pending bookings plus ``releasing`` places
(freed by a cancellation and being passed to the waitlist, so no newcomer can jump the queue);
``school_taken.u<URN>`` counts places held per school against ``per_school_cap``.
"""

import uuid
from datetime import datetime

from pymongo import ReturnDocument

from events.rules import school_key
from events.storage import places_collection

NO_CAP = 10**9
TAKE_PROJECTION = {
    "sequence": 1,
    "waitlist_count": 1,
    "waitlist_seq": 1,
    "taken": 1,
    "capacity": 1,
}
WAITLIST_REASONS = ("event_full", "school_cap_reached")
RULE_FIELDS = (
    "capacity",
    "per_school_cap",
    "status",
    "booking_opens_at",
    "booking_closes_at",
    "starts_at",  # booking closes when the first session starts
    "simple",
    "sequence",
)
COUNTERS = {
    "taken": 0,
    "releasing": 0,
    "confirmed_count": 0,
    "pending_count": 0,
    "offered_count": 0,
    "waitlist_count": 0,
    "waitlist_seq": 0,
    "school_taken": {},
}


def new_places(event: dict) -> dict:
    """The places document of a new event (its counters at zero)."""
    doc = {"_id": event["_id"], **COUNTERS, "school_taken": {}}
    doc.update({key: event.get(key) for key in RULE_FIELDS})
    places_collection().insert_one(doc)
    return doc


def read_places(event_id: str) -> dict | None:
    return places_collection().find_one({"_id": event_id})


def places_of(event_ids: list[str]) -> dict:
    return {row["_id"]: row for row in places_collection().find({"_id": {"$in": event_ids}})}


def _school_count(urn):
    return _school_count_of(school_key(urn))


def _school_count_of(key: str):
    return {"$ifNull": [f"$school_taken.{key}", 0]}


def _school_has_room(urn):
    return {"$lt": [_school_count(urn), {"$ifNull": ["$per_school_cap", NO_CAP]}]}


def _plus(field: str, when, by: int = 1):
    return {"$cond": [when, {"$add": [{"$ifNull": [f"${field}", 0]}, by]}, f"${field}"]}


def bookable_filter(event_id: str, now: datetime) -> dict:
    """The event, open, inside its booking window at ``now``, its first session ahead."""
    return {
        "_id": event_id,
        "status": "open",
        "$and": [
            {"$or": [{"booking_opens_at": None}, {"booking_opens_at": {"$lte": now}}]},
            {"$or": [{"booking_closes_at": None}, {"booking_closes_at": {"$gt": now}}]},
            {"$or": [{"starts_at": None}, {"starts_at": {"$gt": now}}]},
        ],
    }


_was_full: dict = {}  # event id -> whether the last booking here found no room (a hint only)


def take_place(
    event_id: str,
    urn: int | None,
    held: str,
    now: datetime,
    simple_only: bool,
    note: dict | None = None,
) -> dict | None:
    """Hold a place (``held`` is the counter: confirmed_count or pending_count) when one is left
    and the school is under its cap, else take a waitlist ticket. Each step is one atomic
    conditional update and the two conditions are exact opposites (room / no room), so the
    outcome is exact whichever is tried first; the first try follows what the last booking of
    this event found, so a full event costs one update per booking, not two. (Two plain ``$inc``
    updates cost the store less than one pipeline update.)

    ``note`` (see ``unannounced_note``) is added to the event's ``unannounced`` list in the same
    update. Returns the event after the update (``last_take`` true when a place was held, else
    ``waitlist_seq`` is the ticket), or None when the event is not bookable now (or, with
    ``simple_only``, has rules that need the person's profile)."""
    query = bookable_filter(event_id, now)
    if simple_only:
        query["simple"] = True
    room = {"$and": [{"$lt": ["$taken", "$capacity"]}, _school_has_room(urn)]}
    hold = ({**query, "$expr": room}, {"taken": 1, held: 1, f"school_taken.{school_key(urn)}": 1})
    wait = ({**query, "$expr": {"$not": [room]}}, {"waitlist_count": 1, "waitlist_seq": 1})
    tries = [(True, *hold), (False, *wait)]
    if _was_full.get(event_id):
        tries.reverse()
    for _ in range(5):
        for took, condition, increments in tries:
            doc = places_collection().find_one_and_update(
                condition,
                _with_note({"$inc": increments}, note),
                projection=TAKE_PROJECTION,
                return_document=ReturnDocument.AFTER,
            )
            if doc is not None:
                doc["last_take"] = took
                if len(_was_full) > 10000:
                    _was_full.clear()
                _was_full[event_id] = not took
                return doc
        # both failed: not bookable, or room came and went between the two tries
        if places_collection().find_one(query, {"_id": 1}) is None:
            return None
    return None


def take_places(event_id: str, urns: list, now: datetime, note: dict | None = None) -> dict | None:
    """``take_place`` for several simple bookings at once (``urns``: each one's school, in
    arrival order): one atomic update holds as many places as are left for the first comers and
    gives the rest waitlist tickets in order. Returns the event after the update with
    ``last_batch_granted`` (how many of the first comers hold a place), or None when the event
    is not bookable now or has rules that need each person's profile."""
    count = len(urns)
    query = {**bookable_filter(event_id, now), "simple": True}
    if _was_full.get(event_id):  # full: every one of them waits (plain increments, cheapest)
        full = {**query, "$expr": {"$gte": ["$taken", "$capacity"]}}
        doc = places_collection().find_one_and_update(
            full,
            _with_note({"$inc": {"waitlist_count": count, "waitlist_seq": count}}, note),
            projection=TAKE_PROJECTION,
            return_document=ReturnDocument.AFTER,
        )
        if doc is not None:
            doc["last_batch_granted"] = 0
            return doc
    granted = "$last_batch_granted"
    room = {"$subtract": ["$capacity", "$taken"]}
    waiting = {"$subtract": [count, granted]}
    changes = {
        "taken": {"$add": ["$taken", granted]},
        "confirmed_count": {"$add": [{"$ifNull": ["$confirmed_count", 0]}, granted]},
        "waitlist_count": {"$add": [{"$ifNull": ["$waitlist_count", 0]}, waiting]},
        "waitlist_seq": {"$add": [{"$ifNull": ["$waitlist_seq", 0]}, waiting]},
    }
    arrivals: dict[str, list[int]] = {}
    for position, urn in enumerate(urns):
        arrivals.setdefault(school_key(urn), []).append(position)
    for key, positions in arrivals.items():
        held = [{"$cond": [{"$lt": [p, granted]}, 1, 0]} for p in positions]
        changes[f"school_taken.{key}"] = {"$add": [_school_count_of(key), *held]}
    if note is not None:
        noted = [{"$ifNull": ["$unannounced", []]}, [{"$literal": note}]]
        changes["unannounced"] = {"$concatArrays": noted}
    pipeline = [
        {"$set": {"last_batch_granted": {"$max": [0, {"$min": [count, room]}]}}},
        {"$set": changes},
    ]
    doc = places_collection().find_one_and_update(
        query,
        pipeline,
        projection={**TAKE_PROJECTION, "last_batch_granted": 1},
        return_document=ReturnDocument.AFTER,
    )
    if doc is not None:
        _was_full[event_id] = doc["last_batch_granted"] < count
    return doc


def waitlist_reason(taken: dict) -> str:
    """Why a booking got a waitlist ticket, from the places document just after it was taken
    (the same atomic update): no place left, or a place left but the school at its cap."""
    if (taken.get("taken") or 0) >= (taken.get("capacity") or 0):
        return "event_full"
    return "school_cap_reached"


def unannounced_note(booking_ids: list[str], now: datetime) -> dict:
    """A note that these bookings (about to be stored) may not be announced yet. It rides on the
    update that takes their places (no write of its own) and is dropped once their events are
    published; the outbox sweep republishes the bookings of notes left behind by a crash."""
    return {"id": uuid.uuid4().hex, "at": now, "bookings": booking_ids}


def _with_note(update: dict, note: dict | None) -> dict:
    return update if note is None else {**update, "$push": {"unannounced": note}}


def drop_notes(event_ids: list[str], note_ids: list[str]) -> None:
    """Remove these notes from the events' places documents (one write for them all)."""
    places_collection().update_many(
        {"_id": {"$in": list(dict.fromkeys(event_ids))}},
        {"$pull": {"unannounced": {"id": {"$in": note_ids}}}},
    )


def stale_notes(before: datetime, limit: int = 100) -> list[tuple[str, dict]]:
    """``(event id, note)`` for notes older than ``before`` (a scan of the small places
    collection, whose documents carry only notes in flight)."""
    found = places_collection().find({"unannounced.at": {"$lt": before}}, {"unannounced": 1})
    stale = [
        (doc["_id"], note)
        for doc in found.limit(limit)
        for note in doc.get("unannounced") or []
        if note["at"] < before
    ]
    return stale[:limit]


def undo_take(event_id: str, urn: int | None, held: str | None) -> None:
    """Give back what ``take_place`` took for a booking that was never stored (a duplicate): a
    held place is released to the waitlist, a waitlist ticket is dropped."""
    if held is None:
        places_collection().update_one({"_id": event_id}, {"$inc": {"waitlist_count": -1}})
    else:
        release_place(event_id, urn, held)


def release_place(event_id: str, urn: int | None, held: str) -> None:
    """A held place is freed: it stays counted in ``taken`` as ``releasing`` until ``fill`` passes
    it to the first eligible person waiting, or frees it for anyone."""
    places_collection().update_one(
        {"_id": event_id},
        {"$inc": {held: -1, f"school_taken.{school_key(urn)}": -1, "releasing": 1}},
    )


def leave_waitlist(event_id: str) -> None:
    places_collection().update_one({"_id": event_id}, {"$inc": {"waitlist_count": -1}})


def claim_for_offer(event_id: str, urn: int | None) -> dict | None:
    """Move a releasing (or free) place to an offer for a waiting person of school ``urn``: one
    atomic update, None when no place is left or the school is at its cap."""
    use_released = {"$gte": [{"$ifNull": ["$releasing", 0]}, 1]}
    has_place = {"$or": [use_released, {"$lt": ["$taken", "$capacity"]}]}
    school = f"school_taken.{school_key(urn)}"
    pipeline = [
        {"$set": {"last_claim_released": use_released}},
        {
            "$set": {
                "releasing": _plus("releasing", "$last_claim_released", -1),
                "taken": _plus("taken", {"$not": ["$last_claim_released"]}),
                "offered_count": {"$add": [{"$ifNull": ["$offered_count", 0]}, 1]},
                "waitlist_count": {"$add": ["$waitlist_count", -1]},
                school: {"$add": [_school_count(urn), 1]},
            }
        },
    ]
    query = {
        "_id": event_id,
        "status": "open",
        "$expr": {"$and": [has_place, _school_has_room(urn)]},
    }
    return places_collection().find_one_and_update(
        query, pipeline, projection=TAKE_PROJECTION, return_document=ReturnDocument.AFTER
    )


def unclaim_offer(event_id: str, urn: int | None) -> None:
    """Undo ``claim_for_offer`` when the waiting booking changed under us."""
    places_collection().update_one(
        {"_id": event_id},
        {
            "$inc": {
                "offered_count": -1,
                "waitlist_count": 1,
                f"school_taken.{school_key(urn)}": -1,
                "releasing": 1,
            }
        },
    )


def free_released(event_id: str) -> bool:
    """Nobody waiting can take a releasing place: free it for anyone."""
    done = places_collection().update_one(
        {"_id": event_id, "releasing": {"$gte": 1}}, {"$inc": {"releasing": -1, "taken": -1}}
    )
    return bool(done.modified_count)


def move_held(event_id: str, source: str, target: str) -> None:
    """A held place changes kind (offered → confirmed, pending → confirmed, ...)."""
    places_collection().update_one({"_id": event_id}, {"$inc": {source: -1, target: 1}})


def set_rules(event_id: str, rules: dict, capacity: int | None) -> bool:
    """Change capacity and booking rules in one atomic update, never below the places held;
    the sequence goes up with the event's."""
    query: dict = {"_id": event_id, "status": "open"}
    if capacity is not None:
        query["$expr"] = {"$lte": ["$taken", capacity]}
        rules = {**rules, "capacity": capacity}
    done = places_collection().update_one(query, {"$set": rules, "$inc": {"sequence": 1}})
    return bool(done.matched_count)


def close(event_id: str) -> None:
    places_collection().update_one(
        {"_id": event_id}, {"$set": {"status": "cancelled"}, "$inc": {"sequence": 1}}
    )
