"""The gateway's booking batcher: bookings arriving while a call is in flight go together in the
next call; each request gets its own result or error; a failed call fails only its bookings."""

import threading
import time

import pytest
from nameko.exceptions import serialize

from contracts.errors import Conflict
from gateway.batching import BookingBatcher, _Slot


class FakeEvents:
    """Stands in for ``book_places``: records each call's items, answers after a pause (and not
    before ``release`` is set: it is, unless a test holds the calls)."""

    def __init__(self, pause=0.05, fail_first=False):
        self.calls: list[list[str]] = []
        self.pause = pause
        self.fail_first = fail_first
        self.first_call_started = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.active = self.most_active = 0

    def __call__(self, items):
        self.calls.append([item["person_id"] for item in items])
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        self.first_call_started.set()
        self.release.wait(5)
        time.sleep(self.pause)
        self.active -= 1
        if self.fail_first and len(self.calls) == 1:
            raise TimeoutError("events did not answer")
        return [
            {"error": serialize(Conflict("Already booked.", {"person_id": ["Already booked."]}))}
            if item["person_id"].startswith("dup")
            else {"booking": {"person_id": item["person_id"], "status": "confirmed"}}
            for item in items
        ]


def _book_concurrently(batcher, fake, people):
    """The first booking goes alone; the rest arrive while its call is in flight."""
    outcomes: dict = {}

    def book(person):
        try:
            outcomes[person] = batcher.book({"event_id": "e1", "person_id": person})
        except Exception as exc:  # noqa: BLE001 - the test looks at what each request got
            outcomes[person] = exc

    fake.release.clear()  # calls are held until every booking is in one or queued
    first = threading.Thread(target=book, args=(people[0],))
    first.start()
    fake.first_call_started.wait(5)
    rest = [threading.Thread(target=book, args=(p,)) for p in people[1:]]
    for thread in rest:
        thread.start()

    def arrived() -> int:  # bookings in a call or queued behind one
        return sum(map(len, fake.calls)) + len(batcher._queue)

    deadline = time.monotonic() + 5
    while arrived() < len(people) and time.monotonic() < deadline:
        time.sleep(0.005)
    fake.release.set()
    for thread in [first, *rest]:
        thread.join(5)
    return outcomes


def test_bookings_queued_behind_a_call_go_together_in_the_next_call():
    fake = FakeEvents()
    outcomes = _book_concurrently(BookingBatcher(fake, in_flight=1), fake, ["a", "b", "c", "d"])

    assert fake.calls[0] == ["a"]
    assert sorted(fake.calls[1]) == ["b", "c", "d"] and len(fake.calls) == 2
    assert fake.most_active == 1
    assert {p: o["person_id"] for p, o in outcomes.items()} == {p: p for p in "abcd"}


def test_a_second_call_goes_out_while_the_first_is_in_flight():
    fake = FakeEvents()
    outcomes = _book_concurrently(BookingBatcher(fake, in_flight=2), fake, ["a", "b", "c", "d"])

    assert fake.calls[0] == ["a"] and fake.most_active == 2
    assert sorted(sum(fake.calls, [])) == ["a", "b", "c", "d"] and len(fake.calls) <= 3
    assert {p: o["person_id"] for p, o in outcomes.items()} == {p: p for p in "abcd"}


def test_each_request_gets_its_own_error():
    fake = FakeEvents()
    outcomes = _book_concurrently(BookingBatcher(fake, in_flight=1), fake, ["a", "dup-b", "c"])

    assert isinstance(outcomes["dup-b"], Conflict)
    assert outcomes["dup-b"].fields == {"person_id": ["Already booked."]}
    assert outcomes["a"]["status"] == outcomes["c"]["status"] == "confirmed"


def test_a_failed_call_fails_only_its_own_bookings_and_the_next_call_goes_out():
    fake = FakeEvents(fail_first=True)
    outcomes = _book_concurrently(BookingBatcher(fake, in_flight=1), fake, ["a", "b", "c"])

    assert isinstance(outcomes["a"], TimeoutError)
    assert outcomes["b"]["person_id"] == "b" and outcomes["c"]["person_id"] == "c"


def test_a_call_carries_at_most_the_limit():
    fake = FakeEvents()
    batcher = BookingBatcher(fake, max_batch=2, in_flight=1)
    _book_concurrently(batcher, fake, ["a", "b", "c", "d", "e"])

    assert [len(call) for call in fake.calls] == [1, 2, 2]


def test_a_quiet_gateway_sends_each_booking_at_once():
    fake = FakeEvents(pause=0)
    batcher = BookingBatcher(fake)
    for person in ("a", "b"):
        assert batcher.book({"event_id": "e1", "person_id": person})["person_id"] == person
    assert fake.calls == [["a"], ["b"]]
    with pytest.raises(Conflict):
        batcher.book({"event_id": "e1", "person_id": "dup-c"})


def test_every_thread_of_a_large_call_is_woken_in_turn():
    fake = FakeEvents()
    people = [f"p{i}" for i in range(60)]
    outcomes = _book_concurrently(BookingBatcher(fake, in_flight=1), fake, people)

    assert len(fake.calls) == 2 and len(fake.calls[1]) == 59
    assert {p: o["person_id"] for p, o in outcomes.items()} == {p: p for p in people}


def test_a_thread_busy_sending_its_own_call_holds_up_nobody():
    """b's thread holds a turn, but b went out in a's call before it ran; it sends what was
    queued next (e) instead, and that call is held. c, after b in a's call, is answered all
    the same, without waiting for b's thread to finish sending."""
    held = {1: threading.Event(), 2: threading.Event()}
    calls: list[list[str]] = []

    def send(items):
        calls.append([item["person_id"] for item in items])
        held[len(calls)].wait(5)
        return [{"booking": {"person_id": item["person_id"]}} for item in items]

    batcher = BookingBatcher(send, in_flight=2)
    a, b, c, e = (_Slot({"event_id": "e1", "person_id": p}) for p in "abce")
    with batcher._lock:  # as after two calls ended: a and b each hold a turn
        batcher._queue.extend([a, b, c])
        batcher._in_flight = 2
        a.leads = b.leads = True
    answered: dict = {}

    def wait_for(slot):
        answered[slot.item["person_id"]] = batcher._wait_for(slot)

    threads = {
        s.item["person_id"]: threading.Thread(target=wait_for, args=(s,)) for s in (a, b, c, e)
    }

    def until(check):
        deadline = time.monotonic() + 5
        while not check() and time.monotonic() < deadline:
            time.sleep(0.005)

    threads["a"].start()
    until(lambda: len(calls) == 1)
    threads["c"].start()
    batcher._queue.append(e)
    threads["b"].start()
    until(lambda: len(calls) == 2)
    threads["e"].start()
    held[1].set()
    for person in "ac":
        threads[person].join(5)
    assert calls == [["a", "b", "c"], ["e"]]
    assert sorted(answered) == ["a", "c"]  # b's thread is still sending e's call
    held[2].set()
    for thread in threads.values():
        thread.join(5)
    assert sorted(answered) == ["a", "b", "c", "e"]
    assert batcher._in_flight == 0 and not batcher._queue


def test_turns_are_never_lost_under_contention():
    """Many rounds of concurrent bookings with short calls: every booking is answered, and
    afterwards no turn is left taken (the batcher would otherwise stall for good)."""

    def send(items):
        time.sleep(0.001)
        return [{"booking": {"person_id": item["person_id"]}} for item in items]

    batcher = BookingBatcher(send, max_batch=7, in_flight=2)
    answered: list[str] = []

    def book(person):
        answered.append(batcher.book({"event_id": "e1", "person_id": person})["person_id"])

    for round_no in range(20):
        threads = [threading.Thread(target=book, args=(f"r{round_no}-{i}",)) for i in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert not any(thread.is_alive() for thread in threads)
    assert len(answered) == 800 and len(set(answered)) == 800
    assert batcher._in_flight == 0 and not batcher._queue
