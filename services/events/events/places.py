"""Places on an event, kept in the store: each step of ``place_rules`` is sent as one atomic
conditional update of the event's ``places`` document (never read-then-write), so the store
applies the rule exactly as written there. The counters live in their own small collection with
no secondary index, apart from the event's descriptive document: each update costs the store
less (an update of an indexed document rewrites its index entries).
"""

import uuid
from datetime import datetime

from pymongo import ReturnDocument

from events import place_rules
from events.counters import Counter, Expr, Field
from events.place_rules import COUNTERS, Change
from events.storage import places_collection

TAKE_PROJECTION = {
    "sequence": 1,
    "waitlist_count": 1,
    "waitlist_seq": 1,
    "taken": 1,
    "capacity": 1,
}
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


def as_query(change: Change, query: dict) -> dict:
    """The filter that matches only when ``change``'s condition holds: a plain query when the
    condition has one, else ``$expr`` (which SecantusDB evaluates document by document)."""
    if change.condition is None:
        return query
    plain = change.condition.query()
    if plain is not None:
        return {**query, **plain}
    return {**query, "$expr": change.condition.mongo()}


def as_update(change: Change, note: dict | None = None) -> dict | list:
    """``change`` as an update: plain increments (cheapest for the store), or a pipeline when an
    amount is worked out from the counters (its reports first, then the counters)."""
    if change.plain:
        update: dict = {"$inc": dict(change.by)}
        return update if note is None else {**update, "$push": {"unannounced": note}}
    counters = {key: (_counter(key) + amount).mongo() for key, amount in change.by.items()}
    if note is not None:
        noted = [{"$ifNull": ["$unannounced", []]}, [{"$literal": note}]]
        counters["unannounced"] = {"$concatArrays": noted}
    reports = {key: report.mongo() for key, report in change.reports.items()}
    return ([{"$set": reports}] if reports else []) + [{"$set": counters}]


def _counter(key: str) -> Expr:
    """A counter as the store reads it in an update: those every document has as they are."""
    return Field(key) if key in COUNTERS and key != "school_taken" else Counter(key)


def _apply(change: Change, query: dict, note: dict | None = None, **options) -> dict | None:
    """Send ``change`` for the places matching ``query``: the document after it, or None when
    its condition (or the query) did not hold."""
    return places_collection().find_one_and_update(
        as_query(change, query),
        as_update(change, note),
        return_document=ReturnDocument.AFTER,
        **options,
    )


def _apply_quietly(change: Change, event_id: str) -> bool:
    """``change`` for the event's places with no answer wanted: whether it applied."""
    done = places_collection().update_one(as_query(change, {"_id": event_id}), as_update(change))
    return bool(done.modified_count)


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
    """A newcomer from school ``urn`` holds a place (``held``: confirmed_count or pending_count)
    or takes a waitlist ticket (``place_rules.hold_or_wait``): each is one atomic conditional
    update and their conditions are exact opposites, so the outcome is exact whichever is tried
    first. The first try follows what the last booking of this event found, so a full event
    costs one update per booking, not two.

    ``note`` (see ``unannounced_note``) is added to the event's ``unannounced`` list in the same
    update. Returns the event after the update (``last_take`` true when a place was held, else
    ``waitlist_seq`` is the ticket), or None when the event is not bookable now (or, with
    ``simple_only``, has rules that need the person's profile)."""
    query = bookable_filter(event_id, now)
    if simple_only:
        query["simple"] = True
    hold, wait = place_rules.hold_or_wait(urn, held)
    tries = [hold, wait]
    if _was_full.get(event_id):
        tries.reverse()
    for _ in range(5):
        for change in tries:
            doc = _apply(change, query, note, projection=TAKE_PROJECTION)
            if doc is not None:
                doc["last_take"] = change is hold
                if len(_was_full) > 10000:
                    _was_full.clear()
                _was_full[event_id] = change is wait
                return doc
        # both failed: not bookable, or room came and went between the two tries
        if places_collection().find_one(query, {"_id": 1}) is None:
            return None
    return None


def take_places(event_id: str, urns: list, now: datetime, note: dict | None = None) -> dict | None:
    """``take_place`` for several simple bookings at once (``urns``: each one's school, in
    arrival order; ``place_rules.first_comers_hold``): one atomic update holds as many places as
    are left for the first comers and gives the rest waitlist tickets in order. Returns the event
    after the update with ``last_batch_granted`` (how many of the first comers hold a place), or
    None when the event is not bookable now or has rules that need each person's profile."""
    query = {**bookable_filter(event_id, now), "simple": True}
    if _was_full.get(event_id):  # full: every one of them waits (plain increments, cheapest)
        doc = _apply(place_rules.all_wait(len(urns)), query, note, projection=TAKE_PROJECTION)
        if doc is not None:
            doc["last_batch_granted"] = 0
            return doc
    projection = {**TAKE_PROJECTION, "last_batch_granted": 1}
    change = place_rules.first_comers_hold(urns)
    doc = _apply(change, query, note, projection=projection)
    if doc is not None:
        _was_full[event_id] = doc["last_batch_granted"] < len(urns)
    return doc


def waitlist_reason(taken: dict) -> str:
    """Why a booking got a waitlist ticket (``place_rules.waitlist_reason``)."""
    return place_rules.waitlist_reason(taken)


def unannounced_note(booking_ids: list[str], now: datetime) -> dict:
    """A note that these bookings (about to be stored) may not be announced yet. It rides on the
    update that takes their places (no write of its own) and is dropped once their events are
    published; the outbox sweep republishes the bookings of notes left behind by a crash."""
    return {"id": uuid.uuid4().hex, "at": now, "bookings": booking_ids}


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
    """Give back what ``take_place`` took for a booking that was never stored (a duplicate)."""
    _apply_quietly(place_rules.give_back(urn, held), event_id)


def release_place(event_id: str, urn: int | None, held: str) -> None:
    _apply_quietly(place_rules.release(urn, held), event_id)


def leave_waitlist(event_id: str) -> None:
    _apply_quietly(place_rules.leave_waitlist(), event_id)


def claim_for_offer(event_id: str, urn: int | None) -> dict | None:
    """Offer a releasing (or free) place to a waiting person of school ``urn``
    (``place_rules.claim_for_offer``): the places after the one update that applied, None when
    no place is left or the school is at its cap. The two are exact opposites; when a release
    lands between them both miss, and the fill that release starts offers the place."""
    query = {"_id": event_id, "status": "open"}
    for change in place_rules.claim_for_offer(urn):
        doc = _apply(change, query, projection=TAKE_PROJECTION)
        if doc is not None:
            return doc
    return None


def unclaim_offer(event_id: str, urn: int | None) -> None:
    _apply_quietly(place_rules.unclaim_offer(urn), event_id)


def free_released(event_id: str) -> bool:
    return _apply_quietly(place_rules.free_released(), event_id)


def move_held(event_id: str, source: str, target: str) -> None:
    _apply_quietly(place_rules.move_held(source, target), event_id)


def set_rules(event_id: str, rules: dict, capacity: int | None) -> bool:
    """Change capacity and booking rules in one atomic update, never below the places held
    (``place_rules.capacity_fits``); the sequence goes up with the event's."""
    query: dict = {"_id": event_id, "status": "open"}
    if capacity is not None:
        query["$expr"] = place_rules.capacity_fits(capacity).mongo()
        rules = {**rules, "capacity": capacity}
    done = places_collection().update_one(query, {"$set": rules, "$inc": {"sequence": 1}})
    return bool(done.matched_count)


def close(event_id: str) -> None:
    places_collection().update_one(
        {"_id": event_id}, {"$set": {"status": "cancelled"}, "$inc": {"sequence": 1}}
    )
