"""Each step of the place rules, as the store applies it, does what the rule says in Python:
over a grid of counters, the store's conditional update matches exactly when ``holds`` is true,
and leaves exactly the counters ``apply`` works out. (The rules' own unit tests then hold for
the store too.)"""

import itertools

import pytest
from pymongo import MongoClient, ReturnDocument

from events import place_rules as rules
from events.place_rules import COUNTERS
from events.places import as_query, as_update

KEYS = (*COUNTERS, "last_batch_granted")
STEPS = {
    "hold": lambda: rules.hold_or_wait(1, "confirmed_count")[0],
    "wait": lambda: rules.hold_or_wait(1, "confirmed_count")[1],
    "hold, no school": lambda: rules.hold_or_wait(None, "pending_count")[0],
    "batch": lambda: rules.first_comers_hold([1, 2, 1, None]),
    "all wait": lambda: rules.all_wait(3),
    "release": lambda: rules.release(1, "confirmed_count"),
    "offer released": lambda: rules.claim_for_offer(1)[0],
    "offer free": lambda: rules.claim_for_offer(1)[1],
    "undo offer": lambda: rules.unclaim_offer(1),
    "free": lambda: rules.free_released(),
    "move": lambda: rules.move_held("offered_count", "confirmed_count"),
}
STATES = [
    {
        **COUNTERS,
        "capacity": capacity,
        "per_school_cap": cap,
        "taken": taken,
        "releasing": releasing,
        "confirmed_count": taken - releasing,
        "school_taken": {"u1": min(1, taken)} if taken else {},
    }
    for capacity, cap, taken, releasing in itertools.product((1, 3), (None, 1), (0, 1, 3), (0, 1))
    if releasing <= taken
]


@pytest.fixture
def collection(mongo_uri, mongo_db):
    with MongoClient(mongo_uri) as client:
        yield client[mongo_db]["places"]


def _counters(doc: dict) -> dict:
    return {key: doc.get(key, 0) for key in KEYS if key != "school_taken"} | {
        "schools": {k: v for k, v in (doc.get("school_taken") or {}).items() if v}
    }


@pytest.mark.parametrize("step", sorted(STEPS))
def test_the_store_applies_each_step_exactly_as_the_rule_says(collection, step):
    for i, state in enumerate(STATES):
        change = STEPS[step]()
        collection.insert_one({"_id": i, **state})
        after = collection.find_one_and_update(
            as_query(change, {"_id": i}), as_update(change), return_document=ReturnDocument.AFTER
        )
        assert (after is not None) == change.holds(state), (step, state)
        if after is not None:
            assert _counters(after) == _counters(change.apply(state)), (step, state)
