"""The node leading the busiest queues dies in the middle of a stream of bookings: the services
go on through the other two nodes, and every booking the events service confirmed is notified
exactly once (counted in the notifications store, not in the replies)."""

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from nameko.standalone.rpc import ClusterRpcProxy
from pymongo import MongoClient

from contracts.caller import Caller
from support.waiting import eventually

BOOKINGS = 90
WORKERS = 3
KILL_AFTER = 30  # bookings answered before the leader is killed
CONFIRMED_QUEUE = "evt-events-booking_confirmed--notifications.handle_booking_confirmed"


def _event() -> dict:
    start = datetime.now(UTC) + timedelta(days=7)
    return {
        "title": "Failover briefing",
        "kind": "briefing",
        "capacity": BOOKINGS * 2,
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Hub",
            }
        ],
    }


class _Broken(Exception):
    pass


class _Stream:
    """Bookings by ``BOOKINGS`` people, ``WORKERS`` at a time; what each call answered."""

    def __init__(self, uri: str, event_id: str):
        self.uri, self.event_id = uri, event_id
        self.confirmed: list[str] = []
        self.failed: list[str] = []
        self.answered = threading.Semaphore(0)
        self._next = iter(range(BOOKINGS))
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._work) for _ in range(WORKERS)]

    def _take(self) -> int | None:
        with self._lock:
            return next(self._next, None)

    def _work(self) -> None:
        while True:
            try:
                with ClusterRpcProxy({"AMQP_URI": self.uri}, timeout=15) as rpc:
                    self._book(rpc)
                return
            except _Broken:
                time.sleep(0.5)  # a proxy whose connection broke is made again
            except Exception:  # noqa: BLE001 - no proxy while the cluster fails over: again
                time.sleep(0.5)

    def _book(self, rpc) -> None:
        while (i := self._take()) is not None:
            person = f"failover-{i}"
            try:
                booking = rpc.events.book_place(
                    {"event_id": self.event_id}, caller=Caller(person, ("teacher",)).dump()
                )
            except Exception as error:  # refused or unanswered while the node died
                self.failed.append(person)
                raise _Broken() from error
            finally:
                self.answered.release()
            (self.confirmed if booking["status"] == "confirmed" else self.failed).append(person)

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def wait_for(self, answers: int) -> None:
        for _ in range(answers):
            assert self.answered.acquire(timeout=60), "the bookings stopped being answered"

    def join(self) -> None:
        for thread in self._threads:
            thread.join(timeout=120)


@pytest.mark.timeout(420)
def test_killing_the_leading_node_loses_and_doubles_no_confirmation(cluster, cluster_platform):
    # the handlers' consumer starts beside the RPC one: its queues may come a moment later
    types = eventually(lambda: (t := cluster.queue_types()).get(CONFIRMED_QUEUE) and t, 60, 0.5)
    assert types["rpc-events"] == "quorum"
    assert types[CONFIRMED_QUEUE] == "quorum"
    assert types["dlq." + CONFIRMED_QUEUE] == "quorum"
    assert not [name for name, kind in types.items() if name.startswith("rpc.reply-")
                and kind != "classic"]  # fmt: skip

    leader = cluster.leader(CONFIRMED_QUEUE)
    client_uri = cluster.uri_without(leader)  # the test's own calls outlive the killed node
    with ClusterRpcProxy({"AMQP_URI": client_uri}, timeout=15) as rpc:
        event = rpc.events.create_event(_event(), caller=Caller("coord", ("coordinator",)).dump())

    stream = _Stream(client_uri, event["id"])
    stream.start()
    stream.wait_for(KILL_AFTER)
    confirmed_before = len(stream.confirmed)
    cluster.kill_node(leader)
    stream.join()

    assert confirmed_before > 0
    assert len(stream.confirmed) > confirmed_before, "no booking was confirmed after the kill"
    assert cluster.leader(CONFIRMED_QUEUE) != leader

    env = cluster_platform.env
    with MongoClient(cluster_platform.env["MONGO_URI"]) as client:
        bookings = client[env["EVENTS_DB"]]["bookings"]
        inbox = client[env["NOTIFICATIONS_DB"]]["inbox"]
        stored = {
            b["person_id"] for b in bookings.find({"event_id": event["id"], "status": "confirmed"})
        }
        assert set(stream.confirmed) <= stored  # every confirmed answer was stored

        def notified() -> Counter:
            found = inbox.find({"kind": "booking_confirmed", "person_id": {"$in": list(stored)}})
            counts = Counter(entry["person_id"] for entry in found)
            return counts if set(counts) == stored else None

        counts = eventually(notified, 90, interval=0.5)
        assert counts, "some confirmed bookings were never notified"
        assert set(counts.values()) == {1}, {p: n for p, n in counts.items() if n != 1}
    print(
        f"\n{len(stored)} bookings confirmed ({confirmed_before} before rabbit{leader} was killed,"
        f" {len(stream.failed)} calls failed or unanswered), each notified exactly once"
    )
