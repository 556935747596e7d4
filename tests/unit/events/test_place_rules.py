"""The rules of places (events.place_rules) without a broker or a store: newcomers hold a place
or wait, the per-school cap, a batch of first comers, a freed place passed to the waiting list or
freed for anyone, and a fake store that applies each step atomically (check the condition, then
add), so racing newcomers are counted exactly."""

import itertools
import random

import pytest

from events import place_rules as rules
from events.place_rules import COUNTERS, Change

HELD_KINDS = ("confirmed_count", "pending_count", "offered_count")


def places(capacity=3, per_school_cap=None, **counters) -> dict:
    doc = {**COUNTERS, "school_taken": {}, "capacity": capacity, "per_school_cap": per_school_cap}
    doc.update(counters)
    return doc


class FakePlaces:
    """One event's places document; ``apply`` does what one conditional update does: the change
    applies whole when its condition holds, else nothing changes."""

    def __init__(self, doc: dict):
        self.doc = doc

    def apply(self, change: Change) -> bool:
        if not change.holds(self.doc):
            return False
        self.doc = change.apply(self.doc)
        return True

    def take(self, urn, held="confirmed_count") -> str:
        hold, wait = rules.hold_or_wait(urn, held)
        if self.apply(hold):
            return "held"
        assert self.apply(wait), "one of hold and wait always applies"
        return "waiting"

    def claim(self, urn) -> str | None:
        for change in rules.claim_for_offer(urn):
            if self.apply(change):
                return change.outcome
        return None

    def consistent(self) -> bool:
        """``taken`` is every held place plus the releasing ones, schools add up to the held."""
        d = self.doc
        held = sum(d[kind] for kind in HELD_KINDS)
        return d["taken"] == held + d["releasing"] and sum(d["school_taken"].values()) == held


STATES = [
    places(capacity=capacity, per_school_cap=cap, taken=taken, school_taken={"u1": mine})
    for capacity, cap, taken, mine in itertools.product(
        (0, 1, 3), (None, 1, 2), (0, 1, 2, 3, 4), (0, 1, 2)
    )
    if mine <= taken
]


@pytest.mark.parametrize("state", STATES)
def test_a_newcomer_either_holds_a_place_or_waits_never_both_nor_neither(state):
    hold, wait = rules.hold_or_wait(1, "confirmed_count")
    assert hold.holds(state) != wait.holds(state)
    room = state["taken"] < state["capacity"]
    under_cap = (
        state["per_school_cap"] is None or state["school_taken"]["u1"] < state["per_school_cap"]
    )
    assert hold.holds(state) == (room and under_cap)


def test_holding_counts_the_place_for_the_event_its_kind_and_the_school():
    after = rules.hold_or_wait(7, "pending_count")[0].apply(places())
    assert (after["taken"], after["pending_count"], after["school_taken"]) == (1, 1, {"u7": 1})
    assert after["confirmed_count"] == 0 and after["waitlist_count"] == 0


def test_waiting_takes_the_next_ticket():
    after = rules.hold_or_wait(7, "confirmed_count")[1].apply(
        places(waitlist_seq=4, waitlist_count=2)
    )
    assert (after["waitlist_seq"], after["waitlist_count"], after["taken"]) == (5, 3, 0)


def test_a_newcomer_with_no_school_is_counted_under_no_school():
    after = rules.hold_or_wait(None, "confirmed_count")[0].apply(places())
    assert after["school_taken"] == {"u_none": 1}


def test_racing_newcomers_get_exactly_the_places_there_are_and_tickets_in_order():
    store = FakePlaces(places(capacity=5))
    outcomes = [store.take(urn) for urn in random.Random(3).choices([1, 2, 3], k=40)]
    assert outcomes.count("held") == 5 and outcomes[:5] == ["held"] * 5
    assert store.doc["waitlist_seq"] == 35 and store.doc["waitlist_count"] == 35
    assert store.consistent()


def test_a_school_at_its_cap_waits_while_another_school_still_gets_a_place():
    store = FakePlaces(places(capacity=4, per_school_cap=2))
    assert [store.take(1) for _ in range(3)] == ["held", "held", "waiting"]
    assert rules.waitlist_reason(store.doc) == "school_cap_reached"
    assert [store.take(2) for _ in range(3)] == ["held", "held", "waiting"]
    assert rules.waitlist_reason(store.doc) == "event_full"
    assert store.doc["school_taken"] == {"u1": 2, "u2": 2}


def test_a_batch_of_first_comers_holds_what_is_left_and_the_rest_wait_in_order():
    batch = rules.first_comers_hold([1, 2, 1, 3, 1])
    after = batch.apply(places(capacity=5, taken=2, confirmed_count=2, school_taken={"u9": 2}))
    assert after["last_batch_granted"] == 3
    assert (after["taken"], after["confirmed_count"]) == (5, 5)
    assert (after["waitlist_count"], after["waitlist_seq"]) == (2, 2)
    # arrivals 0, 1, 2 hold: schools 1, 2, 1; arrivals 3 and 4 (schools 3 and 1) wait
    assert after["school_taken"] == {"u9": 2, "u1": 2, "u2": 1, "u3": 0}


@pytest.mark.parametrize(
    ("capacity", "taken", "count", "granted"),
    [(5, 0, 3, 3), (5, 4, 3, 1), (5, 5, 3, 0), (3, 5, 2, 0), (0, 0, 1, 0), (10, 0, 10, 10)],
)
def test_a_batch_grants_at_most_the_places_left_and_never_less_than_none(
    capacity, taken, count, granted
):
    after = rules.first_comers_hold([1] * count).apply(places(capacity=capacity, taken=taken))
    assert after["last_batch_granted"] == granted
    assert after["taken"] == taken + granted
    assert after["waitlist_seq"] == count - granted


def test_a_full_event_sends_a_whole_batch_to_the_waiting_list_and_only_when_full():
    assert rules.all_wait(4).holds(places(capacity=2, taken=2))
    assert not rules.all_wait(4).holds(places(capacity=2, taken=1))
    after = rules.all_wait(4).apply(places(capacity=2, taken=2, waitlist_seq=3, waitlist_count=1))
    assert (after["waitlist_seq"], after["waitlist_count"]) == (7, 5)


def test_a_released_place_stays_taken_until_it_is_offered_to_someone_waiting():
    store = FakePlaces(places(capacity=1))
    store.take(1)
    store.take(2)
    assert store.apply(rules.release(1, "confirmed_count"))
    assert (store.doc["taken"], store.doc["releasing"]) == (1, 1)
    assert store.take(3) == "waiting", "a newcomer cannot jump the queue"
    assert store.claim(2) == "offered a released place"
    assert (store.doc["taken"], store.doc["releasing"], store.doc["offered_count"]) == (1, 0, 1)
    assert store.doc["waitlist_count"] == 1
    assert store.consistent()


def test_an_offer_takes_a_free_place_when_none_is_releasing_and_none_when_full():
    store = FakePlaces(places(capacity=2, taken=1, confirmed_count=1, school_taken={"u1": 1}))
    store.doc["waitlist_count"] = 2
    assert store.claim(2) == "offered a free place"
    assert store.doc["taken"] == 2
    assert store.claim(3) is None
    assert store.doc["waitlist_count"] == 1 and store.consistent()


@pytest.mark.parametrize("releasing", [0, 1, 2])
@pytest.mark.parametrize("taken", [0, 1, 2])
def test_the_two_ways_to_offer_a_place_never_both_apply(releasing, taken):
    state = places(capacity=2, taken=taken, releasing=releasing)
    from_released, from_free = rules.claim_for_offer(1)
    assert not (from_released.holds(state) and from_free.holds(state))
    assert from_released.holds(state) or from_free.holds(state) or (releasing == 0 and taken == 2)


def test_no_offer_to_a_school_at_its_cap_even_with_a_place_releasing():
    state = places(capacity=2, per_school_cap=1, taken=2, releasing=1, school_taken={"u1": 1})
    assert not any(change.holds(state) for change in rules.claim_for_offer(1))
    assert rules.claim_for_offer(2)[0].holds(state)


def test_an_offer_undone_puts_the_place_back_to_releasing_and_the_person_back_waiting():
    store = FakePlaces(places(capacity=1, taken=1, releasing=1, waitlist_count=1))
    before = dict(store.doc, school_taken={})
    store.claim(4)
    store.apply(rules.unclaim_offer(4))
    assert {k: v for k, v in store.doc.items() if k != "school_taken"} == {
        k: v for k, v in before.items() if k != "school_taken"
    }
    assert store.doc["school_taken"] == {"u4": 0}


def test_a_releasing_place_nobody_waiting_can_take_is_freed_once():
    store = FakePlaces(places(capacity=1, taken=1, releasing=1))
    assert store.apply(rules.free_released())
    assert not store.apply(rules.free_released())
    assert (store.doc["taken"], store.doc["releasing"]) == (0, 0)


def test_a_held_place_changes_kind_without_changing_the_places_taken():
    store = FakePlaces(places())
    store.take(1, "pending_count")
    assert store.apply(rules.move_held("pending_count", "confirmed_count"))
    assert (store.doc["taken"], store.doc["pending_count"], store.doc["confirmed_count"]) == (
        1,
        0,
        1,
    )


def test_giving_back_a_place_releases_it_and_giving_back_a_ticket_drops_it():
    assert rules.give_back(1, "confirmed_count").by == rules.release(1, "confirmed_count").by
    assert rules.give_back(1, None).by == {"waitlist_count": -1}


@pytest.mark.parametrize(("taken", "capacity", "fits"), [(3, 3, True), (3, 4, True), (3, 2, False)])
def test_capacity_never_goes_below_the_places_held(taken, capacity, fits):
    assert rules.capacity_fits(capacity).value(places(taken=taken)) is fits


def test_any_interleaving_of_bookings_releases_and_offers_keeps_the_counters_consistent():
    chance = random.Random(11)
    store = FakePlaces(places(capacity=4, per_school_cap=2))
    holding: list[tuple[int, str]] = []
    for _ in range(500):
        step = chance.choice(["take", "take", "release", "claim", "free", "confirm"])
        urn = chance.choice([1, 2, 3])
        if step == "take":
            if store.take(urn) == "held":
                holding.append((urn, "confirmed_count"))
        elif step == "release" and holding:
            urn, held = holding.pop(chance.randrange(len(holding)))
            store.apply(rules.release(urn, held))
        elif step == "claim" and store.doc["waitlist_count"]:
            if store.claim(urn):
                holding.append((urn, "offered_count"))
        elif step == "free":
            store.apply(rules.free_released())
        elif step == "confirm" and ("offered_count" in {h for _, h in holding}):
            i = next(i for i, (_, h) in enumerate(holding) if h == "offered_count")
            store.apply(rules.move_held("offered_count", "confirmed_count"))
            holding[i] = (holding[i][0], "confirmed_count")
        assert store.consistent()
        assert store.doc["taken"] <= store.doc["capacity"]
        assert all(n <= 2 for n in store.doc["school_taken"].values())
