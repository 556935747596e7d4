"""The one write that moves a booking on: conditional on the booking's ``version`` and the state it
was read in, it sets the changes, raises the version and pushes the transition's outbox entries in
the same atomic update, so a transition happens exactly once (``bookings.py`` and ``lapses.py``
decide what changes, ``booking_rules`` says it as a decision; this writes it)."""

from events.booking_rules import Condition
from events.storage import bookings_collection, mark_dirty, now


def _transition(booking: dict, expect: dict, changes: dict, entries: list, end: bool) -> dict:
    """Atomically move ``booking`` on from the state ``expect`` names; None when it changed."""
    update = {
        "$set": {**changes, "updated_at": now()},
        "$inc": {"version": 1},
        "$push": {"outbox": {"$each": entries}},
    }
    if end:
        update["$set"]["active"] = False
    mark_dirty(booking["_id"])
    # update_one, not find_one_and_update: the same atomic conditional write, and SecantusDB
    # serves it through the _id index (its findAndModify scans the whole collection). The
    # document after it is known exactly: this write is the only one at this version.
    done = bookings_collection().update_one(
        {"_id": booking["_id"], "version": booking["version"], **expect}, update
    )
    if not done.modified_count:
        return None
    after = {**booking, **update["$set"], "version": booking["version"] + 1}
    after["outbox"] = [*(booking.get("outbox") or []), *entries]
    return after


def _after(booking: dict, **changes) -> dict:
    return {**booking, **changes, "version": booking["version"] + 1}


def expect_of(condition: Condition) -> dict:
    """The part of ``_transition``'s filter that says what the stored booking must still be."""
    expect: dict = {}
    if condition.active:
        expect["active"] = True
    if condition.status is not None:
        expect["status"] = condition.status
    if condition.open_until is not None:
        expect[condition.open_until] = {"$gt": condition.now}
    return expect
