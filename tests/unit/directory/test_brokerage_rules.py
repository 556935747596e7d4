"""The brokerage rules (directory.brokerage_rules) without a broker or a store: every transition of
a case, allowed and refused, the days an agreement takes from an offer and gives back, and a fake
offer that applies decisions the way the store's conditional update does."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from contracts import directory as c
from contracts.errors import Conflict, InvalidInput
from directory import brokerage_rules as rules
from directory.brokerage_rules import CaseState, OfferCapacity

PROVIDER, RECEIVER = 900001, 900002
ON = date(2026, 3, 2)


def offer(days_remaining=5.0, days_committed=0.0, status="active", urn=PROVIDER):
    return OfferCapacity(urn, status, days_remaining, days_committed)


def refusal(call, *args):
    """(error class, message, fields) of a refused call."""
    with pytest.raises((Conflict, InvalidInput)) as exc:
        call(*args)
    return type(exc.value), exc.value.message, exc.value.fields


# Every transition against every status a case can have
TRANSITIONS = {
    "give_consent": lambda case: rules.give_consent(case, "head", ON, ""),
    "decline": lambda case: rules.decline(case, "head", ON, ""),
    "record_review": lambda case: rules.record_review(case, ON, "Going well.", "coord", None),
    "close": lambda case: rules.close(case, "Better phonics.", None),
    "cancel": lambda case: rules.cancel(case, "Staff left."),
}
ALLOWED_FROM = {
    "give_consent": {"awaiting_consent"},
    "decline": {"awaiting_consent"},
    "record_review": {"awaiting_consent", "active"},
    "close": {"active"},
    "cancel": {"awaiting_consent", "active"},
}


@pytest.mark.parametrize("status", c.CASE_STATUSES)
@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_is_allowed_from_its_statuses_and_refused_from_the_others(name, status):
    transition = TRANSITIONS[name]
    case = CaseState(status, 3.0)
    if status in ALLOWED_FROM[name]:
        decision = transition(case)
        assert set(decision.from_statuses) == ALLOWED_FROM[name]
        assert decision.allows(status)
        assert len(decision.events) == 1
    else:
        error = refusal(transition, case)
        assert error == (Conflict, f"The case is {status}.", {"status": [f"Case is {status}."]})


# Brokering: a request matched to another school's active offer
def test_brokering_takes_the_days_while_the_request_is_open_and_the_offer_has_them():
    decision = rules.broker(RECEIVER, offer(5.0), 2.5)
    assert decision.days == 2.5
    assert (decision.request_from, decision.request_to) == ("open", "brokered")
    assert decision.offer_condition == rules.OfferCondition(days=2.5, status="active")
    assert decision.offer_change == {"days_remaining": -2.5, "days_committed": 2.5}
    assert (decision.status, decision.consent) == ("awaiting_consent", {"status": "pending"})
    assert decision.events == (c.SUPPORT_BROKERED,)


def test_a_school_cannot_broker_its_own_offer_even_a_withdrawn_one():
    own = (InvalidInput, "A school cannot broker its own offer.", {"offer_id": ["Own school."]})
    assert refusal(rules.broker, PROVIDER, offer(), 1.0) == own
    assert refusal(rules.broker, PROVIDER, offer(status="withdrawn"), 1.0) == own


def test_a_withdrawn_offer_cannot_be_brokered():
    assert refusal(rules.broker, RECEIVER, offer(status="withdrawn"), 1.0) == (
        Conflict,
        "The offer is withdrawn.",
        {"offer_id": ["Withdrawn."]},
    )


def test_the_refusals_the_store_meets_read_as_before():
    not_open = rules.request_not_open("brokered")
    assert (not_open.status, not_open.message, not_open.fields) == (
        409,
        "The request is not open.",
        {"request_id": ["It is brokered."]},
    )
    short = rules.fewer_days_left(2.0)
    assert (short.status, short.message) == (409, "The offer has fewer days left than asked.")
    assert short.fields == {"days": ["Only 2 day(s) left on this offer."]}
    assert rules.fewer_days_left(0.5).fields == {"days": ["Only 0.5 day(s) left on this offer."]}


# Capacity: days against what the offer has left
@pytest.mark.parametrize(
    ("left", "asked", "fits"),
    [
        (5.0, 5.0, True),  # exact fit
        (5.0, 6.0, False),  # one day over
        (5.0, 4.0, True),
        (2.5, 2.5, True),  # half days
        (2.5, 3.0, False),
        (2.5, 2.0, True),
        (0.5, 0.5, True),
        (0.0, 0.5, False),
    ],
)
def test_an_offer_takes_days_up_to_what_it_has_left(left, asked, fits):
    assert offer(left).can_take(asked) is fits
    assert rules.broker(RECEIVER, offer(left), asked).offer_condition.met_by(offer(left)) is fits


def test_a_withdrawn_offer_never_meets_the_condition():
    condition = rules.broker(RECEIVER, offer(5.0), 1.0).offer_condition
    assert not condition.met_by(offer(5.0, status="withdrawn"))


def test_taking_and_releasing_moves_days_between_remaining_and_committed():
    start = offer(5.0, 1.0)
    after = start.moved(rules.taken(2.5))
    assert (after.days_remaining, after.days_committed) == (2.5, 3.5)
    back = after.moved(rules.released(2.5))
    assert (back.days_remaining, back.days_committed) == (5.0, 1.0)
    assert after.days_remaining + after.days_committed == start.days_remaining + 1.0


@dataclass
class FakeOffer:
    """Applies a brokering decision as the store's one conditional update does: the counters move
    only if the stored offer still meets the decision's condition."""

    stored: OfferCapacity
    refused: list = field(default_factory=list)

    def take(self, decision: rules.Brokering) -> bool:
        if not decision.offer_condition.met_by(self.stored):
            self.refused.append(rules.fewer_days_left(self.stored.days_remaining))
            return False
        self.stored = self.stored.moved(decision.offer_change)
        return True


def test_agreements_decided_on_the_same_reading_never_take_more_than_the_offer_has():
    reading = offer(5.0)
    first, second = (rules.broker(RECEIVER, reading, 3.0) for _ in range(2))
    store = FakeOffer(reading)
    assert store.take(first) and not store.take(second)
    assert (store.stored.days_remaining, store.stored.days_committed) == (2.0, 3.0)
    assert store.refused[0].fields == {"days": ["Only 2 day(s) left on this offer."]}


def test_half_days_fill_an_offer_exactly():
    store = FakeOffer(offer(1.5))
    taken = [store.take(rules.broker(RECEIVER, store.stored, 0.5)) for _ in range(4)]
    assert taken == [True, True, True, False]
    assert (store.stored.days_remaining, store.stored.days_committed) == (0.0, 1.5)


# Consent
@pytest.mark.parametrize(
    ("answer", "given", "status", "release", "event"),
    [
        (rules.give_consent, "given", "active", 0, c.BROKERAGE_CONSENT_GIVEN),
        (rules.decline, "refused", "declined", 2.5, c.BROKERAGE_DECLINED),
    ],
)
def test_consent_makes_the_case_active_and_a_refusal_gives_its_days_back(
    answer, given, status, release, event
):
    decision = answer(CaseState("awaiting_consent", 2.5), "head", ON, "Noted.")
    consent = {"status": given, "by": "head", "on": ON, "note": "Noted."}
    assert decision.changes == {"consent": consent, "status": status}
    assert decision.from_statuses == ("awaiting_consent",)
    assert decision.release == release
    assert (decision.reopen_request, decision.close_request) == (status == "declined", False)
    assert decision.events == (event,)
    both = rules.answer_consent(
        CaseState("awaiting_consent", 2.5), given == "given", "head", ON, "Noted."
    )
    assert both == decision


# Reviews
@pytest.mark.parametrize("status", ["awaiting_consent", "active"])
def test_a_review_of_an_open_case_adds_the_next_review_date(status):
    case = CaseState(status, 3.0)
    decision = rules.record_review(case, ON, "Going well.", "coord", date(2026, 4, 1))
    assert decision.changes == {}
    assert decision.appended == {"reviews": {"on": ON, "notes": "Going well.", "by": "coord"}}
    assert decision.added == {"review_dates": date(2026, 4, 1)}
    assert decision.from_statuses == ("awaiting_consent", "active")
    assert (decision.release, decision.reopen_request, decision.close_request) == (0, False, False)
    assert decision.events == (c.BROKERAGE_REVIEW_RECORDED,)


def test_a_review_without_a_next_date_adds_none():
    decision = rules.record_review(CaseState("active", 3.0), ON, "Fine.", None, None)
    assert decision.added == {}
    assert decision.appended == {"reviews": {"on": ON, "notes": "Fine.", "by": None}}


# Closing
def test_closing_with_every_day_delivered_releases_nothing_and_closes_the_request():
    decision = rules.close(CaseState("active", 3.0), "Better phonics.", None)
    changes = {"status": "closed", "impact": "Better phonics.", "days_delivered": 3.0}
    assert decision.changes == changes
    assert decision.from_statuses == ("active",)
    assert (decision.release, decision.reopen_request, decision.close_request) == (0, False, True)
    assert decision.events == (c.BROKERAGE_CLOSED,)
    assert rules.close(CaseState("active", 3.0), "Done.", 3.0).release == 0  # exact fit


@pytest.mark.parametrize(("agreed", "delivered", "back"), [(5, 3.5, 1.5), (3, 0, 3), (2.5, 2, 0.5)])
def test_closing_gives_the_undelivered_days_back(agreed, delivered, back):
    decision = rules.close(CaseState("active", agreed), "Some impact.", delivered)
    assert decision.changes["days_delivered"] == delivered
    assert decision.release == back
    assert decision.close_request and not decision.reopen_request


@pytest.mark.parametrize(("agreed", "delivered", "most"), [(3.0, 4.0, "3"), (2.5, 3.0, "2.5")])
def test_more_days_delivered_than_agreed_is_refused(agreed, delivered, most):
    error = refusal(rules.close, CaseState("active", agreed), "Impact.", delivered)
    expected = {"days_delivered": [f"At most {most}."]}
    assert error == (InvalidInput, "More days delivered than agreed.", expected)


def test_over_delivery_is_named_before_the_case_status_as_before():
    error = refusal(rules.close, CaseState("cancelled", 3.0), "Impact.", 4.0)
    assert error[0] is InvalidInput


# Cancelling
@pytest.mark.parametrize("status", ["awaiting_consent", "active"])
def test_cancelling_an_open_case_gives_its_days_back_and_reopens_the_request(status):
    decision = rules.cancel(CaseState(status, 2.5), "Staff left.")
    assert decision.changes == {"status": "cancelled", "cancel_reason": "Staff left."}
    assert decision.from_statuses == ("awaiting_consent", "active")
    assert (decision.release, decision.reopen_request, decision.close_request) == (2.5, True, False)
    assert decision.events == (c.BROKERAGE_CANCELLED,)


def test_a_case_lives_the_whole_way_on_one_offer():
    """Broker, consent, review, close: the offer's days follow each decision."""
    store = FakeOffer(offer(5.0))
    assert store.take(rules.broker(RECEIVER, store.stored, 4.0))
    case = CaseState("awaiting_consent", 4.0)
    case = CaseState(rules.give_consent(case, "head", ON, "").changes["status"], case.days)
    assert rules.record_review(case, ON, "Halfway.", "coord", None).allows(case.status)
    closing = rules.close(case, "Done early.", 2.5)
    store.stored = store.stored.moved(rules.released(closing.release))
    assert (store.stored.days_remaining, store.stored.days_committed) == (2.5, 2.5)
