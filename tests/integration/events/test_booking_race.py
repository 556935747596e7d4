"""Capacity is exact under concurrency: 200 simultaneous bookings race for 20 places."""

import eventlet
from nameko.standalone.rpc import ClusterRpcProxy

from contracts.caller import Caller
from events.storage import Booking, places_collection

from .conftest import COORD


def test_200_concurrent_bookings_for_20_places_confirm_exactly_20(
    events_service, rabbit_config, rpc, new_event
):
    event = rpc.events.create_event(new_event(capacity=20), caller=COORD)
    start = eventlet.event.Event()

    def book(n):
        with ClusterRpcProxy(rabbit_config, timeout=60) as proxy:
            start.wait()
            who = Caller(f"p{n}", ("teacher",), 100 + n % 3).dump()
            return proxy.events.book_place({"event_id": event["id"]}, caller=who)["status"]

    pool = eventlet.GreenPool(200)
    results = [pool.spawn(book, n) for n in range(200)]
    eventlet.sleep(2)
    start.send(True)
    statuses = [r.wait() for r in results]

    assert statuses.count("confirmed") == 20
    assert statuses.count("waitlisted") == 180
    shown = rpc.events.get_event(event["id"])
    assert (shown["confirmed_count"], shown["waitlist_count"]) == (20, 180)
    assert Booking.objects(event_id=event["id"], status="confirmed").count() == 20
    seqs = [b.waitlist_seq for b in Booking.objects(event_id=event["id"], status="waitlisted")]
    assert sorted(seqs) == list(range(1, 181))
    assert places_collection().find_one({"_id": event["id"]})["taken"] == 20
