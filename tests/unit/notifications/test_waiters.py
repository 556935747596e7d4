"""Long polling: a waiting reader is woken by an arrival, even one between its registration and its
read (the wake-up is never lost), and at most ``limit`` readers wait at once."""

import eventlet

from notifications import waiters
from notifications.waiters import InboxWaiters


def test_an_arrival_wakes_the_waiting_reader(monkeypatch):
    monkeypatch.setattr(
        waiters, "RECHECK_SECONDS", 300
    )  # a lost wake-up would outlast the test timeout
    box = InboxWaiters(limit=2)
    pages = iter([{"items": []}, {"items": ["n1"]}])
    reader = eventlet.spawn(box.wait_for, "p1", lambda: next(pages), 300)
    eventlet.sleep(0)
    box.arrived("p1")
    assert reader.wait() == {"items": ["n1"]}


def test_an_arrival_during_the_read_is_not_lost(monkeypatch):
    monkeypatch.setattr(
        waiters, "RECHECK_SECONDS", 300
    )  # a lost wake-up would outlast the test timeout
    box = InboxWaiters(limit=2)
    reads = []

    def read_page():
        reads.append(1)
        if len(reads) == 1:
            box.arrived("p1")  # stored while the first read was under way
            return {"items": []}
        return {"items": ["n1"]}

    assert box.wait_for("p1", read_page, 300) == {"items": ["n1"]}


def test_readers_beyond_the_limit_do_not_wait():
    box = InboxWaiters(limit=1)
    box.slots.acquire()
    assert box.wait_for("p1", lambda: {"items": []}, 60) == {"items": []}


def test_an_arrival_that_hands_over_its_entry_is_answered_without_another_read(monkeypatch):
    monkeypatch.setattr(waiters, "RECHECK_SECONDS", 300)
    box = InboxWaiters(limit=2)
    reads = []

    def read_page():
        reads.append(1)
        return {"items": []}

    reader = eventlet.spawn(
        box.wait_for, "p1", read_page, 300, lambda entry: {"items": [entry["_id"]]}
    )
    eventlet.sleep(0)
    box.arrived("p1", {"_id": "n1"})
    assert reader.wait() == {"items": ["n1"]}
    assert len(reads) == 1


def test_an_entry_the_page_cannot_use_means_reading_the_store(monkeypatch):
    monkeypatch.setattr(waiters, "RECHECK_SECONDS", 300)
    box = InboxWaiters(limit=2)
    pages = iter([{"items": []}, {"items": ["from the store"]}])
    reader = eventlet.spawn(box.wait_for, "p1", lambda: next(pages), 300, lambda entry: None)
    eventlet.sleep(0)
    box.arrived("p1", {"_id": "n1"})
    assert reader.wait() == {"items": ["from the store"]}
