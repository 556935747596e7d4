"""Bookings of one event stored as a batch (group commit): one update holds what is left for the
first comers in arrival order, the rest wait in order, a duplicate gives back what it took."""

from contracts.errors import Conflict
from events.booking_batch import NEEDS_RULES, book_batch
from events.context import Context
from events.storage import Booking, places_collection


def _requests(event_id, people):
    return [
        (Context(), {"event_id": event_id, "person_id": p, "booked_by": p, "school_urn": urn})
        for p, urn in people
    ]


def test_a_batch_confirms_the_first_comers_and_waitlists_the_rest_in_order(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(new_event(capacity=3), "organiser")
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
    assert rpc.events.get_booking(outcomes[4]["id"])["waitlist_position"] == 1


def test_a_full_event_waitlists_a_whole_batch_and_counts_stay_exact(events_service, rpc, new_event):
    event = rpc.events.create_event(new_event(capacity=2), "organiser")
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
    event = rpc.events.create_event(new_event(capacity=5, per_school_cap=1), "organiser")

    outcomes = book_batch(event["id"], _requests(event["id"], [("a", 100), ("b", 100)]))

    assert outcomes == [NEEDS_RULES, NEEDS_RULES]
    places = places_collection().find_one({"_id": event["id"]})
    assert (places["taken"], places["waitlist_count"]) == (0, 0)
    assert Booking.objects(event_id=event["id"]).count() == 0
