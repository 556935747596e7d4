"""Waitlist offers, per-school caps and approvals over the real broker and store."""

import pytest

from contracts.errors import Conflict, Forbidden, InvalidInput
from support.waiting import eventually


def _book(rpc, event_id, person, by=None, urn=None):
    data = {"event_id": event_id, "person_id": person, "booked_by": by or person}
    if urn is not None:
        data["school_urn"] = urn
    return rpc.events.book_place(data)


def test_cancellation_offers_the_place_to_the_first_waiting_once(
    events_service, rpc, new_event, published
):
    event = rpc.events.create_event(new_event(capacity=1), "organiser")
    first = _book(rpc, event["id"], "p1")
    second = _book(rpc, event["id"], "p2")
    third = _book(rpc, event["id"], "p3")
    assert [first["status"], second["status"], third["status"]] == [
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert (second["waitlist_position"], third["waitlist_position"]) == (1, 2)

    rpc.events.cancel_booking(first["id"], "p1")
    offered = rpc.events.get_booking(second["id"])
    assert offered["status"] == "offered" and offered["offer_expires_at"]
    assert rpc.events.get_booking(third["id"])["status"] == "waitlisted"

    with pytest.raises(Conflict):
        rpc.events.answer_offer(second["id"], "p2", {"version": offered["version"] - 1})
    with pytest.raises(Forbidden):
        rpc.events.answer_offer(second["id"], "p3", {"version": offered["version"]})
    accepted = rpc.events.answer_offer(second["id"], "p2", {"version": offered["version"]})
    assert accepted["status"] == "confirmed"
    with pytest.raises(Conflict):
        rpc.events.answer_offer(second["id"], "p2", {"version": offered["version"]})
    shown = rpc.events.get_event(event["id"])
    assert (shown["confirmed_count"], shown["waitlist_count"], shown["offered_count"]) == (1, 1, 0)

    seen = eventually(lambda: [n for n, _ in published()].count("booking_waitlisted") == 2)
    assert seen


def test_an_unanswered_offer_expires_and_the_next_person_is_offered(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=1), "organiser")
    first = _book(rpc, event["id"], "p1")
    second = _book(rpc, event["id"], "p2")
    third = _book(rpc, event["id"], "p3")
    rpc.events.cancel_booking(first["id"], "p1")
    assert rpc.events.get_booking(second["id"])["status"] == "offered"

    eventually(lambda: rpc.events.get_booking(second["id"])["status"] == "expired", 8)
    eventually(lambda: rpc.events.get_booking(third["id"])["status"] == "offered", 8)
    shown = rpc.events.get_event(event["id"])
    assert (shown["confirmed_count"], shown["offered_count"], shown["waitlist_count"]) == (0, 1, 0)


def test_per_school_cap_waitlists_and_skips_to_an_eligible_school(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=3, per_school_cap=1), "organiser")
    a1 = _book(rpc, event["id"], "teacher-a")
    a2 = _book(rpc, event["id"], "teacher-a2")
    b1 = _book(rpc, event["id"], "teacher-b")
    assert [a1["status"], a2["status"], b1["status"]] == ["confirmed", "waitlisted", "confirmed"]
    assert (a1["school_urn"], b1["school_urn"]) == (100, 200)

    rpc.events.cancel_booking(b1["id"], "teacher-b")
    # the freed place is not offered to A2 (school A is at its cap): it stays free
    assert rpc.events.get_booking(a2["id"])["status"] == "waitlisted"
    rpc.events.cancel_booking(a1["id"], "teacher-a")
    assert rpc.events.get_booking(a2["id"])["status"] == "offered"


def test_approval_by_the_headteacher_confirms_and_a_lapsed_one_frees_the_place(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(new_event(capacity=1, requires_approval=True), "organiser")
    pending = _book(rpc, event["id"], "teacher-a")
    assert pending["status"] == "pending_approval" and pending["approver_id"] == "head-a"
    waiting = _book(rpc, event["id"], "teacher-a2")
    assert waiting["status"] == "waitlisted"
    with pytest.raises(Forbidden):
        rpc.events.answer_approval(pending["id"], "teacher-b", {"approve": True})

    eventually(lambda: rpc.events.get_booking(pending["id"])["status"] == "expired", 8)
    offered = eventually(
        lambda: (b := rpc.events.get_booking(waiting["id"]))["status"] == "offered" and b, 8
    )
    asked = rpc.events.answer_offer(waiting["id"], "teacher-a2", {"version": offered["version"]})
    assert asked["status"] == "pending_approval" and asked["approver_id"] == "head-a"
    with pytest.raises(InvalidInput):
        _book(rpc, event["id"], "teacher-b")  # nobody at school B can approve


def test_the_head_approves_within_the_deadline(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=2, requires_approval=True), "organiser")
    pending = _book(rpc, event["id"], "teacher-a")
    approved = rpc.events.answer_approval(pending["id"], "head-a", {"approve": True})
    assert approved["status"] == "confirmed"
    with pytest.raises(Conflict):
        rpc.events.answer_approval(pending["id"], "head-a", {"approve": False})
    by_head = _book(rpc, event["id"], "head-a")
    assert by_head["status"] == "confirmed"
    shown = rpc.events.get_event(event["id"])
    assert (shown["confirmed_count"], shown["pending_count"]) == (2, 0)
