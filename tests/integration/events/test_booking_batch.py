"""Bookings of one event stored as a batch (group commit): one update holds what is left for the
first comers in arrival order, the rest wait in order, a duplicate gives back what it took."""

import pytest

from contracts.errors import Conflict, InvalidInput
from events.booking_batch import NEEDS_RULES, book_batch
from events.context import Context
from events.storage import Booking, places_collection
from support.waiting import eventually

from .conftest import COORD, as_


def _requests(event_id, people):
    return [
        (Context(), {"event_id": event_id, "person_id": p, "booked_by": p, "school_urn": urn})
        for p, urn in people
    ]


def test_a_batch_confirms_the_first_comers_and_waitlists_the_rest_in_order(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(new_event(capacity=3), caller=COORD)
    people = [("p1", 100), ("p2", 200), ("p3", 100), ("p2", 200), ("p4", 100), ("p5", None)]

    outcomes = book_batch(event["id"], _requests(event["id"], people))

    assert [o["status"] for o in outcomes[:3]] == ["confirmed"] * 3
    assert [o["person_id"] for o in outcomes[:3]] == ["p1", "p2", "p3"]
    assert isinstance(outcomes[3], Conflict)  # p2 again: already booked
    assert [o["status"] for o in outcomes[4:]] == ["waitlisted", "waitlisted"]
    places = places_collection().find_one({"_id": event["id"]})
    assert (places["taken"], places["confirmed_count"], places["waitlist_count"]) == (3, 3, 2)
    assert places["school_taken"] == {"u100": 2, "u200": 1, "u_none": 0}
    waiting = Booking.objects(event_id=event["id"], status="waitlisted").order_by("waitlist_seq")
    assert [b.person_id for b in waiting] == ["p4", "p5"]
    assert rpc.events.get_booking(outcomes[4]["id"], caller=COORD)["waitlist_position"] == 1


def test_a_full_event_waitlists_a_whole_batch_and_counts_stay_exact(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=2), caller=COORD)
    first = book_batch(event["id"], _requests(event["id"], [("a", 100), ("b", 100)]))
    second = book_batch(event["id"], _requests(event["id"], [("c", 100), ("d", 200)]))
    third = book_batch(event["id"], _requests(event["id"], [("e", 100), ("f", 200)]))

    assert [o["status"] for o in first] == ["confirmed", "confirmed"]
    assert [o["status"] for o in second + third] == ["waitlisted"] * 4
    shown = rpc.events.get_event(event["id"])
    assert (shown["confirmed_count"], shown["waitlist_count"]) == (2, 4)
    waiting = Booking.objects(event_id=event["id"], status="waitlisted").order_by("waitlist_seq")
    assert [b.person_id for b in waiting] == ["c", "d", "e", "f"]


def test_an_event_with_rules_is_left_to_the_full_way_untouched(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=5, per_school_cap=1), caller=COORD)

    outcomes = book_batch(event["id"], _requests(event["id"], [("a", 100), ("b", 100)]))

    assert outcomes == [NEEDS_RULES, NEEDS_RULES]
    places = places_collection().find_one({"_id": event["id"]})
    assert (places["taken"], places["waitlist_count"]) == (0, 0)
    assert Booking.objects(event_id=event["id"]).count() == 0


def test_book_places_books_each_as_book_place_would_with_its_own_result(
    events_service, rpc, new_event, published
):
    simple = rpc.events.create_event(new_event(capacity=1), caller=COORD)
    capped = rpc.events.create_event(new_event(capacity=5, per_school_cap=1), caller=COORD)
    item = {"event_id": simple["id"]}
    call = [
        {**item, "caller": as_("p1"), "correlation_id": "request-1"},
        {**item, "caller": as_("p2"), "correlation_id": "request-2"},
        {**item, "caller": as_("p1"), "correlation_id": "request-3"},
        {**item, "event_id": "no-such-event", "caller": as_("p4")},
        {"event_id": capped["id"], "caller": as_("teacher-a")},
        {**item, "person_id": "teacher-b", "caller": as_("teacher-a")},  # another school's
        {**item, "caller": None},
        {**item, "person_id": "teacher-a2", "caller": as_("admin-a")},  # own school's staff
    ]

    results = rpc.events.book_places({"bookings": call})["results"]

    assert [r.get("booking", {}).get("status") for r in results] == [
        "confirmed",
        "waitlisted",
        None,
        None,
        "confirmed",
        None,
        None,
        "waitlisted",
    ]
    assert results[2]["error"]["exc_type"] == "Conflict"
    assert results[3]["error"]["exc_type"] == "NotFound"
    assert results[4]["booking"]["school_urn"] == 100  # the booker's own school
    assert results[5]["error"]["exc_type"] == "Forbidden"  # decided by this booking's caller
    assert results[6]["error"]["exc_type"] == "Unauthorized"
    by_admin = results[7]["booking"]
    assert (by_admin["person_id"], by_admin["booked_by"], by_admin["school_urn"]) == (
        "teacher-a2",
        "admin-a",
        100,
    )
    assert Booking.objects(person_id="teacher-b").count() == 0
    announced = eventually(
        lambda: (
            (
                got := {
                    b["person_id"]: b["correlation_id"]
                    for n, b in published()
                    if n in ("booking_confirmed", "booking_waitlisted")
                }
            )
            and len(got) == 4
            and got
        )
    )
    assert announced["p1"] == "request-1" and announced["p2"] == "request-2"


def test_book_places_rejects_an_empty_or_malformed_call(events_service, rpc):
    with pytest.raises(InvalidInput) as empty:
        rpc.events.book_places({"bookings": []})
    assert "bookings" in empty.value.fields
    with pytest.raises(InvalidInput) as malformed:
        rpc.events.book_places({"bookings": [{"event_id": "e1"}, {"person_id": "p1"}]})
    assert list(malformed.value.fields) == ["bookings.1.event_id"]
    with pytest.raises(InvalidInput) as too_long:
        rpc.events.book_places({"bookings": [{"event_id": "e" * 65}]})
    assert list(too_long.value.fields) == ["bookings.0.event_id"]
