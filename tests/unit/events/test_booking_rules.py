"""The booking rules (events.booking_rules) without a broker or a store: every transition of a
booking from every status, allowed and refused with the service's own errors, the deadlines at
their edges (an offer exactly at its deadline has expired), each decision's place effect, events
and write condition, and a fake store that applies decisions the way the one conditional update
does (each transition exactly once)."""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest

from contracts import events as c
from contracts.errors import Conflict
from events import booking_rules as rules
from events.booking_rules import ApprovalReply, BookingState, Condition, OfferReply
from events.booking_writes import expect_of

NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)
STARTS = NOW + timedelta(days=7)
SESSIONS = [{"starts_at": STARTS, "ends_at": STARTS + timedelta(hours=2)}]
STARTED = [{"starts_at": NOW - timedelta(hours=1), "ends_at": NOW + timedelta(hours=1)}]
OFFER_DEADLINE = NOW + timedelta(hours=48)
APPROVAL_DEADLINE = NOW + timedelta(hours=72)


def booking(status: str, **changes) -> BookingState:
    """A booking in ``status`` as the store would hold it (inactive once ended)."""
    state = BookingState(
        status=status,
        active=status in rules.ACTIVE_STATUSES,
        version=3,
        person_id="p1",
        booked_by="p1",
        school_urn=100001,
        offer_expires_at=OFFER_DEADLINE if status == rules.OFFERED else None,
        approval_deadline=APPROVAL_DEADLINE if status == rules.PENDING_APPROVAL else None,
    )
    return replace(state, **changes)


def offer_reply(state: BookingState, now=NOW, sessions=SESSIONS, version=3, **kw) -> OfferReply:
    return OfferReply(state, "p1", version, now, sessions, **kw)


def approval_reply(state: BookingState, now=NOW, sessions=SESSIONS) -> ApprovalReply:
    return ApprovalReply(state, "approver", now, sessions)


def refusal(call, *args):
    """(message, fields) of a refused call; every refusal here is a 409."""
    with pytest.raises(Conflict) as exc:
        call(*args)
    assert exc.value.status == 409
    return exc.value.message, exc.value.fields


ALREADY_CANCELLED = ("This booking is already cancelled.", {"booking_id": ["Already cancelled."]})
OFFER_NOT_OPEN = (
    "This offer is no longer open (already answered, or expired).",
    {"version": ["Not the version the offer was made on."]},
)
OFFER_EXPIRED = ("This offer has expired.", {"booking_id": ["Offer expired."]})
OFFER_STARTED = (
    "This offer has expired: the event has started.",
    {"booking_id": ["Offer expired."]},
)
NOT_AWAITING = (
    "This booking is not awaiting approval.",
    {"booking_id": ["Not awaiting approval."]},
)
APPROVAL_EXPIRED = ("This approval request has expired.", {"booking_id": ["Expired."]})
APPROVAL_STARTED = (
    "This approval request has expired: the event has started.",
    {"booking_id": ["Expired."]},
)


def test_the_statuses_are_the_contracts():
    assert rules.STATUSES == c.BOOKING_STATUSES
    assert rules.ACTIVE_STATUSES == c.ACTIVE_STATUSES
    assert set(rules.HELD) == {"confirmed", "pending_approval", "offered"}


# Every transition against every status a booking can have: allowed (a decision), refused with
# the service's error, or, for the service's own moves (offer, lapse), nothing to do (None).
TRANSITIONS = {
    "cancel": lambda b: rules.cancel(b, "p1"),
    "offer_place": lambda b: rules.offer_place(b, NOW, 3600, SESSIONS),
    "accept_offer": lambda b: rules.accept_offer(offer_reply(b)),
    "decline_offer": lambda b: rules.decline_offer(offer_reply(b)),
    "approve": lambda b: rules.approve(approval_reply(b)),
    "refuse": lambda b: rules.refuse(approval_reply(b)),
    "lapse": lambda b: rules.lapse(b, APPROVAL_DEADLINE + timedelta(days=1)),
}
ALLOWED_FROM = {
    "cancel": set(rules.ACTIVE_STATUSES),
    "offer_place": {"waitlisted"},
    "accept_offer": {"offered"},
    "decline_offer": {"offered"},
    "approve": {"pending_approval"},
    "refuse": {"pending_approval"},
    "lapse": {"offered", "pending_approval"},
}
REFUSED_WITH = {
    "cancel": ALREADY_CANCELLED,
    "offer_place": None,
    "accept_offer": OFFER_NOT_OPEN,
    "decline_offer": OFFER_NOT_OPEN,
    "approve": NOT_AWAITING,
    "refuse": NOT_AWAITING,
    "lapse": None,
}


@pytest.mark.parametrize("status", c.BOOKING_STATUSES)
@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_is_allowed_from_its_statuses_and_refused_from_the_others(name, status):
    transition, state = TRANSITIONS[name], booking(status)
    if status in ALLOWED_FROM[name]:
        decision = transition(state)
        assert isinstance(decision, rules.Decision)
        assert decision.condition.met_by(state)
        assert decision.events
    elif REFUSED_WITH[name] is None:
        assert transition(state) is None
    else:
        assert refusal(transition, state) == REFUSED_WITH[name]


# Cancelling
@pytest.mark.parametrize(
    ("status", "place", "held"),
    [
        ("confirmed", rules.FREED, "confirmed_count"),
        ("pending_approval", rules.FREED, "pending_count"),
        ("offered", rules.FREED, "offered_count"),
        ("waitlisted", rules.WAITLIST_LEFT, None),
    ],
)
def test_cancelling_frees_a_held_place_or_gives_the_ticket_back(status, place, held):
    decision = rules.cancel(booking(status), "booker")
    assert decision.condition == Condition(active=True)
    assert decision.changes == {"status": "cancelled", "reason": "cancelled"}
    assert decision.ends
    assert (decision.place, decision.held, decision.held_after) == (place, held, None)
    assert decision.deadline is None  # any offer or approval deadline is cleared
    assert decision.events == (c.BOOKING_CANCELLED,)
    assert decision.extra == {"actor_id": "booker"}


def test_cancelling_is_conditional_on_the_booking_still_being_active_whatever_its_status():
    decision = rules.cancel(booking("waitlisted"), "p1")
    assert decision.condition.met_by(booking("offered"))
    assert not decision.condition.met_by(booking("cancelled"))
    assert expect_of(decision.condition) == {"active": True}


# Offering a freed place to the next person waiting
def test_an_offer_takes_a_freed_place_and_lasts_until_its_deadline():
    decision = rules.offer_place(booking("waitlisted"), NOW, 3600, SESSIONS)
    assert decision is not None
    deadline = NOW + timedelta(hours=1)
    assert decision.condition == Condition(status="waitlisted")
    assert expect_of(decision.condition) == {"status": "waitlisted"}
    assert decision.changes == {"status": "offered", "offer_expires_at": deadline}
    assert (decision.place, decision.held) == (rules.TAKEN, "offered_count")
    assert decision.deadline == deadline
    assert not decision.ends
    assert decision.events == (c.PLACE_OFFERED,)
    assert decision.extra == {}  # nobody acted: the service did


def test_an_offer_never_outlasts_the_start_of_the_event():
    starts_soon = [{"starts_at": NOW + timedelta(minutes=30)}]
    decision = rules.offer_place(booking("waitlisted"), NOW, 3600, starts_soon)
    assert decision is not None
    assert decision.deadline == NOW + timedelta(minutes=30)
    assert decision.changes["offer_expires_at"] == NOW + timedelta(minutes=30)


def test_no_place_is_offered_once_the_event_has_started():
    assert rules.offers_closed(STARTED, NOW)
    assert rules.offers_closed([{"starts_at": NOW}], NOW)  # exactly at the start
    assert not rules.offers_closed([{"starts_at": NOW + TICK}], NOW)
    assert not rules.offers_closed([], NOW)


# Answering an offer
def test_accepting_an_offer_confirms_it_and_keeps_the_place():
    decision = rules.accept_offer(offer_reply(booking("offered")))
    assert decision.condition == Condition("offered", open_until="offer_expires_at", now=NOW)
    assert expect_of(decision.condition) == {"status": "offered", "offer_expires_at": {"$gt": NOW}}
    assert decision.changes == {"status": "confirmed", "offer_expires_at": None}
    assert (decision.place, decision.held, decision.held_after) == (
        rules.KEPT,
        "offered_count",
        "confirmed_count",
    )
    assert decision.deadline is None and not decision.ends
    assert decision.events == (c.BOOKING_CONFIRMED,)
    assert decision.extra == {"actor_id": "p1"}


def test_accepting_where_approval_is_needed_asks_the_approver_until_a_deadline():
    reply = offer_reply(booking("offered"), requires_approval=True, approval_ttl_seconds=7200)
    assert rules.needs_approver(reply)
    decision = rules.accept_offer(reply, "head")
    deadline = NOW + timedelta(hours=2)
    assert decision.changes == {
        "status": "pending_approval",
        "approver_id": "head",
        "approval_deadline": deadline,
        "offer_expires_at": None,
    }
    assert (decision.place, decision.held, decision.held_after) == (
        rules.KEPT,
        "offered_count",
        "pending_count",
    )
    assert decision.deadline == deadline and not decision.ends
    assert decision.events == (c.APPROVAL_REQUESTED,)
    late = replace(reply, approval_ttl_seconds=30 * 24 * 3600)
    assert rules.accept_offer(late, "head").deadline == STARTS  # capped at the start


@pytest.mark.parametrize("approver", ["p1", "booker"])
def test_an_approver_accepting_their_own_offer_or_their_bookers_is_confirmed(approver):
    state = booking("offered", booked_by="booker")
    reply = offer_reply(state, requires_approval=True, approval_ttl_seconds=7200)
    decision = rules.accept_offer(reply, approver)
    assert decision.changes["status"] == "confirmed"
    assert decision.events == (c.BOOKING_CONFIRMED,)


@pytest.mark.parametrize(
    ("requires", "urn", "approved", "needs"),
    [
        (True, 100001, False, True),
        (False, 100001, False, False),
        (True, None, False, False),  # no school: no one to ask
        (True, 100001, True, False),  # approved before
    ],
)
def test_who_needs_an_approver_to_accept(requires, urn, approved, needs):
    state = booking("offered", school_urn=urn, approved=approved)
    assert rules.needs_approver(offer_reply(state, requires_approval=requires)) is needs


def test_declining_an_offer_frees_its_place_and_reads_as_a_cancellation():
    decision = rules.decline_offer(offer_reply(booking("offered")))
    assert decision.condition == Condition("offered", open_until="offer_expires_at", now=NOW)
    assert decision.changes == {
        "status": "declined",
        "reason": "offer_declined",
        "offer_expires_at": None,
    }
    assert decision.ends
    assert (decision.place, decision.held) == (rules.FREED, "offered_count")
    assert decision.deadline is None
    assert decision.events == (c.BOOKING_CANCELLED,)
    assert decision.extra == {"actor_id": "p1"}


@pytest.mark.parametrize("answer", [rules.accept_offer, rules.decline_offer])
def test_an_offer_is_answered_on_the_version_it_was_made_on(answer):
    assert refusal(answer, offer_reply(booking("offered"), version=2)) == OFFER_NOT_OPEN
    assert refusal(answer, offer_reply(booking("offered"), version=4)) == OFFER_NOT_OPEN
    with pytest.raises(Conflict):
        rules.check_offer_open(booking("offered"), 4, NOW)


@pytest.mark.parametrize("answer", [rules.accept_offer, rules.decline_offer])
def test_an_offer_exactly_at_its_deadline_has_expired(answer):
    state = booking("offered")
    assert answer(offer_reply(state, now=OFFER_DEADLINE - TICK)).condition.met_by(state)
    assert refusal(answer, offer_reply(state, now=OFFER_DEADLINE)) == OFFER_EXPIRED
    assert refusal(answer, offer_reply(state, now=OFFER_DEADLINE + TICK)) == OFFER_EXPIRED
    # the store's condition agrees: at the deadline the write no longer applies
    at_deadline = Condition("offered", open_until="offer_expires_at", now=OFFER_DEADLINE)
    assert not at_deadline.met_by(state)


def test_an_offer_without_a_deadline_does_not_expire():
    state = booking("offered", offer_expires_at=None)
    assert rules.accept_offer(offer_reply(state, now=NOW + timedelta(days=3))).events
    assert rules.lapse(state, NOW + timedelta(days=365)) is None


@pytest.mark.parametrize("answer", [rules.accept_offer, rules.decline_offer])
def test_an_offer_never_outlives_the_start_of_the_event(answer):
    assert refusal(answer, offer_reply(booking("offered"), sessions=STARTED)) == OFFER_STARTED
    with pytest.raises(Conflict):
        rules.check_reply(offer_reply(booking("offered"), sessions=STARTED))


def test_an_offers_refusals_come_in_the_services_order():
    """Not open, then expired, then the event started."""
    stale = booking("offered", version=9)
    worst = offer_reply(stale, now=OFFER_DEADLINE, sessions=STARTED)
    assert refusal(rules.decline_offer, worst) == OFFER_NOT_OPEN
    late = offer_reply(booking("offered"), now=OFFER_DEADLINE, sessions=STARTED)
    assert refusal(rules.decline_offer, late) == OFFER_EXPIRED


# Answering an approval request
def test_approving_confirms_the_booking_and_keeps_the_place():
    decision = rules.approve(approval_reply(booking("pending_approval")))
    condition = Condition("pending_approval", open_until="approval_deadline", now=NOW)
    assert decision.condition == condition
    assert expect_of(condition) == {"status": "pending_approval", "approval_deadline": {"$gt": NOW}}
    assert decision.changes == {"status": "confirmed", "approved": True, "approval_deadline": None}
    assert (decision.place, decision.held, decision.held_after) == (
        rules.KEPT,
        "pending_count",
        "confirmed_count",
    )
    assert decision.deadline is None and not decision.ends
    assert decision.events == (c.APPROVAL_GRANTED, c.BOOKING_CONFIRMED)
    assert decision.extra == {"actor_id": "approver"}


def test_refusing_declines_the_booking_and_frees_the_place():
    decision = rules.refuse(approval_reply(booking("pending_approval")))
    assert decision.changes == {"status": "declined", "reason": "approval_declined"}
    assert decision.ends
    assert (decision.place, decision.held) == (rules.FREED, "pending_count")
    assert decision.deadline is None
    assert decision.events == (c.APPROVAL_DECLINED,)
    assert decision.extra == {"actor_id": "approver"}


@pytest.mark.parametrize("answer", [rules.approve, rules.refuse])
def test_an_approval_request_exactly_at_its_deadline_has_expired(answer):
    state = booking("pending_approval")
    assert answer(approval_reply(state, now=APPROVAL_DEADLINE - TICK)).condition.met_by(state)
    assert refusal(answer, approval_reply(state, now=APPROVAL_DEADLINE)) == APPROVAL_EXPIRED
    assert refusal(answer, approval_reply(state, now=APPROVAL_DEADLINE + TICK)) == (
        APPROVAL_EXPIRED
    )


@pytest.mark.parametrize("answer", [rules.approve, rules.refuse])
def test_an_approval_request_never_outlives_the_start_of_the_event(answer):
    state = booking("pending_approval")
    assert refusal(answer, approval_reply(state, sessions=STARTED)) == APPROVAL_STARTED
    late = approval_reply(state, now=APPROVAL_DEADLINE, sessions=STARTED)
    assert refusal(answer, late) == APPROVAL_EXPIRED  # expiry is named first


def test_the_refusals_the_store_meets_read_as_before():
    answered = rules.offer_already_answered()
    assert (answered.status, answered.message, answered.fields) == (
        409,
        "This offer is no longer open.",
        {"version": ["Already answered."]},
    )
    done = rules.approval_already_answered()
    assert (done.status, done.message, done.fields) == (
        409,
        "This approval request was already answered.",
        {"booking_id": ["Done."]},
    )


# Lapses
@pytest.mark.parametrize(
    ("status", "deadline", "name", "reason", "held"),
    [
        ("offered", OFFER_DEADLINE, c.PLACE_OFFER_EXPIRED, "offer_expired", "offered_count"),
        (
            "pending_approval",
            APPROVAL_DEADLINE,
            c.APPROVAL_EXPIRED,
            "approval_expired",
            "pending_count",
        ),
    ],
)
def test_an_offer_or_approval_request_lapses_at_its_deadline(status, deadline, name, reason, held):
    state = booking(status)
    assert rules.lapses(status)
    assert rules.lapse(state, deadline - TICK) is None  # still open
    for now in (deadline, deadline + timedelta(days=1)):
        decision = rules.lapse(state, now)
        assert decision is not None
        assert decision.condition == Condition(status=status)
        assert expect_of(decision.condition) == {"status": status}
        assert decision.changes == {"status": "expired", "reason": reason}
        assert decision.ends
        assert (decision.place, decision.held) == (rules.FREED, held)
        assert decision.deadline is None
        assert decision.events == (name,)
        assert decision.extra == {}


@pytest.mark.parametrize("status", ["confirmed", "waitlisted", "cancelled", "declined", "expired"])
def test_nothing_else_lapses(status):
    assert not rules.lapses(status)
    assert rules.lapse(booking(status), NOW + timedelta(days=365)) is None


def test_a_booking_state_reads_a_stored_booking():
    stored = {
        "_id": "b1",
        "status": "offered",
        "active": True,
        "version": 4,
        "person_id": "p1",
        "booked_by": "p2",
        "school_urn": 7,
        "offer_expires_at": OFFER_DEADLINE,
    }
    assert BookingState.of(stored) == BookingState(
        "offered", True, 4, "p1", "p2", 7, False, OFFER_DEADLINE, None
    )
    assert not BookingState.of({**stored, "active": None, "school_urn": None}).active


@dataclass
class FakeStore:
    """One booking and its event's place counters, written as the service writes them: a decision
    applies only while the stored booking is at the version it was read at and meets the
    decision's condition; the counters then move as the decision's place effect says."""

    stored: BookingState
    counters: dict = field(
        default_factory=lambda: {"confirmed_count": 0, "pending_count": 0, "offered_count": 0}
    )
    releasing: int = 0
    waitlist: int = 0
    published: list = field(default_factory=list)

    def write(self, read: BookingState, decision: rules.Decision) -> bool:
        if self.stored.version != read.version or not decision.condition.met_by(self.stored):
            return False
        if decision.place == rules.TAKEN:
            self.counters["offered_count"] += 1
            self.releasing -= 1
            self.waitlist -= 1
        changes = {k: v for k, v in decision.changes.items() if hasattr(self.stored, k)}
        active = self.stored.active and not decision.ends
        self.stored = replace(self.stored, **changes, active=active, version=read.version + 1)
        if decision.place == rules.FREED:
            self.counters[decision.held] -= 1
            self.releasing += 1
        elif decision.place == rules.KEPT:
            self.counters[decision.held] -= 1
            self.counters[decision.held_after] += 1
        elif decision.place == rules.WAITLIST_LEFT:
            self.waitlist -= 1
        self.published.extend(decision.events)
        return True


def test_two_answers_decided_on_the_same_reading_are_written_once():
    reading = booking("offered")
    store = FakeStore(reading, {"confirmed_count": 0, "pending_count": 0, "offered_count": 1})
    accept = rules.accept_offer(offer_reply(reading))
    decline = rules.decline_offer(offer_reply(reading))
    assert store.write(reading, accept)
    assert not store.write(reading, decline)
    assert store.stored.status == "confirmed"
    assert store.counters == {"confirmed_count": 1, "pending_count": 0, "offered_count": 0}
    assert store.published == [c.BOOKING_CONFIRMED]


def test_an_answer_and_a_lapse_at_the_deadline_never_both_apply():
    reading = booking("offered")
    store = FakeStore(reading, {"confirmed_count": 0, "pending_count": 0, "offered_count": 1})
    lapse = rules.lapse(reading, OFFER_DEADLINE)
    assert lapse is not None and store.write(reading, lapse)
    late_accept = rules.accept_offer(offer_reply(reading, now=OFFER_DEADLINE - TICK))
    assert not store.write(reading, late_accept)
    assert (store.stored.status, store.stored.active) == ("expired", False)
    assert (store.counters["offered_count"], store.releasing) == (0, 1)


def test_a_waiting_booking_lives_the_whole_way_to_confirmed_on_one_freed_place():
    """Waitlisted, offered a place someone freed, accepted, asked of the approver, approved."""
    store = FakeStore(booking("waitlisted"), releasing=1, waitlist=1)
    offer = rules.offer_place(store.stored, NOW, 3600, SESSIONS)
    assert offer is not None and store.write(store.stored, offer)
    assert (store.stored.status, store.stored.offer_expires_at) == (
        "offered",
        NOW + timedelta(hours=1),
    )
    reply = offer_reply(
        store.stored, version=store.stored.version, requires_approval=True, approval_ttl_seconds=60
    )
    assert store.write(store.stored, rules.accept_offer(reply, "head"))
    assert store.stored.status == "pending_approval"
    assert store.write(store.stored, rules.approve(approval_reply(store.stored)))
    assert (store.stored.status, store.stored.approved, store.stored.active) == (
        "confirmed",
        True,
        True,
    )
    assert store.counters == {"confirmed_count": 1, "pending_count": 0, "offered_count": 0}
    assert (store.releasing, store.waitlist) == (0, 0)
    assert store.published == [
        c.PLACE_OFFERED,
        c.APPROVAL_REQUESTED,
        c.APPROVAL_GRANTED,
        c.BOOKING_CONFIRMED,
    ]
    cancel = rules.cancel(store.stored, "p1")
    assert store.write(store.stored, cancel)
    assert store.counters["confirmed_count"] == 0 and store.releasing == 1
    assert refusal(rules.cancel, store.stored, "p1") == ALREADY_CANCELLED
