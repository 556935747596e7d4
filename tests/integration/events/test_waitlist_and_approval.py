"""Waitlist offers, per-school caps and approvals over the real broker and store."""

import pytest

from contracts.errors import Conflict, Forbidden
from support.waiting import eventually

from .conftest import COORD, as_


def _book(rpc, event_id, person, by=None):
    data = {"event_id": event_id}
    if by is not None:
        data["person_id"] = person
    return rpc.events.book_place(data, caller=as_(by or person))


def test_cancellation_offers_the_place_to_the_first_waiting_once(
    events_service, rpc, new_event, published
):
    event = rpc.events.create_event(new_event(capacity=1), caller=COORD)
    first = _book(rpc, event["id"], "p1")
    second = _book(rpc, event["id"], "p2")
    third = _book(rpc, event["id"], "p3")
    assert [first["status"], second["status"], third["status"]] == [
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert (second["waitlist_position"], third["waitlist_position"]) == (1, 2)

    with pytest.raises(Forbidden):
        rpc.events.cancel_booking(first["id"], caller=as_("p2"))
    rpc.events.cancel_booking(first["id"], caller=as_("p1"))
    offered = rpc.events.get_booking(second["id"], caller=as_("p2"))
    assert offered["status"] == "offered" and offered["offer_expires_at"]
    assert rpc.events.get_booking(third["id"], caller=as_("p3"))["status"] == "waitlisted"

    version = offered["version"]
    with pytest.raises(Conflict):
        rpc.events.answer_offer(second["id"], {"version": version - 1}, caller=as_("p2"))
    with pytest.raises(Forbidden):
        rpc.events.answer_offer(second["id"], {"version": version}, caller=as_("p3"))
    accepted = rpc.events.answer_offer(second["id"], {"version": version}, caller=as_("p2"))
    assert accepted["status"] == "confirmed"
    with pytest.raises(Conflict):
        rpc.events.answer_offer(second["id"], {"version": version}, caller=as_("p2"))
    shown = rpc.events.get_event(event["id"])
    assert (shown["confirmed_count"], shown["waitlist_count"], shown["offered_count"]) == (1, 1, 0)

    seen = eventually(lambda: [n for n, _ in published()].count("booking_waitlisted") == 2)
    assert seen


def test_an_unanswered_offer_expires_and_the_next_person_is_offered(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=1), caller=COORD)
    first = _book(rpc, event["id"], "p1")
    second = _book(rpc, event["id"], "p2")
    third = _book(rpc, event["id"], "p3")
    rpc.events.cancel_booking(first["id"], caller=as_("p1"))

    def status(booking, person):
        return rpc.events.get_booking(booking["id"], caller=as_(person))["status"]

    assert status(second, "p2") == "offered"
    eventually(lambda: status(second, "p2") == "expired", 8)
    eventually(lambda: status(third, "p3") == "offered", 8)
    shown = rpc.events.get_event(event["id"])
    assert (shown["confirmed_count"], shown["offered_count"], shown["waitlist_count"]) == (0, 1, 0)


def test_per_school_cap_waitlists_and_skips_to_an_eligible_school(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=3, per_school_cap=1), caller=COORD)
    a1 = _book(rpc, event["id"], "teacher-a")
    a2 = _book(rpc, event["id"], "teacher-a2")
    b1 = _book(rpc, event["id"], "teacher-b")
    assert [a1["status"], a2["status"], b1["status"]] == ["confirmed", "waitlisted", "confirmed"]
    assert (a1["school_urn"], b1["school_urn"]) == (100, 200)

    rpc.events.cancel_booking(b1["id"], caller=as_("teacher-b"))
    # the freed place is not offered to A2 (school A is at its cap): it stays free
    assert rpc.events.get_booking(a2["id"], caller=COORD)["status"] == "waitlisted"
    rpc.events.cancel_booking(a1["id"], caller=COORD)  # the coordinator cancels for anyone
    assert rpc.events.get_booking(a2["id"], caller=COORD)["status"] == "offered"


def test_approval_goes_to_the_designated_approver_and_a_lapsed_one_frees_the_place(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(new_event(capacity=1, requires_approval=True), caller=COORD)
    pending = _book(rpc, event["id"], "teacher-a")
    # school A designated its deputy: not "the first headteacher"
    assert pending["status"] == "pending_approval" and pending["approver_id"] == "deputy-a"
    waiting = _book(rpc, event["id"], "teacher-a2")
    assert waiting["status"] == "waitlisted"
    for outsider in ("teacher-b", "head-a", "admin-a", "teacher-a"):
        with pytest.raises(Forbidden):
            rpc.events.answer_approval(pending["id"], {"approve": True}, caller=as_(outsider))

    def status(booking):
        return rpc.events.get_booking(booking["id"], caller=COORD)

    eventually(lambda: status(pending)["status"] == "expired", 8)
    offered = eventually(lambda: (b := status(waiting))["status"] == "offered" and b, 8)
    asked = rpc.events.answer_offer(
        waiting["id"], {"version": offered["version"]}, caller=as_("teacher-a2")
    )
    assert asked["status"] == "pending_approval" and asked["approver_id"] == "deputy-a"
    # school B designated nobody: its headteacher approves (the fallback order), not school A's
    other = rpc.events.create_event(new_event(capacity=5, requires_approval=True), caller=COORD)
    from_b = _book(rpc, other["id"], "teacher-b")
    assert from_b["status"] == "pending_approval" and from_b["approver_id"] == "head-b"
    with pytest.raises(Forbidden):
        rpc.events.answer_approval(from_b["id"], {"approve": True}, caller=as_("head-a"))
    approved = rpc.events.answer_approval(from_b["id"], {"approve": True}, caller=as_("head-b"))
    assert approved["status"] == "confirmed"
    # school C has no leader at all: the partnership coordinator approves
    from_c = _book(rpc, other["id"], "teacher-c")
    assert from_c["status"] == "pending_approval" and from_c["approver_id"] == "coord"


def test_the_designated_approver_approves_within_the_deadline(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=3, requires_approval=True), caller=COORD)
    pending = _book(rpc, event["id"], "teacher-a")
    waiting = rpc.events.list_approvals({}, caller=as_("deputy-a"))["items"]
    assert [b["id"] for b in waiting] == [pending["id"]]
    assert rpc.events.list_approvals({}, caller=as_("head-a"))["items"] == []
    approved = rpc.events.answer_approval(pending["id"], {"approve": True}, caller=as_("deputy-a"))
    assert approved["status"] == "confirmed"
    with pytest.raises(Conflict):
        rpc.events.answer_approval(pending["id"], {"approve": False}, caller=as_("deputy-a"))
    by_head = _book(rpc, event["id"], "head-a")  # the head is no approver: the deputy is asked
    assert by_head["status"] == "pending_approval" and by_head["approver_id"] == "deputy-a"
    by_approver = _book(rpc, event["id"], "deputy-a")
    assert by_approver["status"] == "confirmed"
    shown = rpc.events.get_event(event["id"])
    assert (shown["confirmed_count"], shown["pending_count"]) == (2, 1)
