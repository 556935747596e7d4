"""How the gateway answers an inbox read: from the feed's memory when it can, else from the
notifications service, and never with more long polls waiting at once than ``INBOX_WAITERS``."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from gateway.app import create_app
from gateway.inbox_feed import inbox_page
from gateway.recent_inbox import CLOCK_MARGIN, RecentEntries


class WatchedEntries(RecentEntries):
    """RecentEntries telling who waited on it."""

    def __init__(self, now=lambda: datetime.now(UTC)):
        super().__init__(now=now)
        self.waited_for = []

    def wait_page(self, person_id, *args, **kwargs):
        self.waited_for.append(person_id)
        return super().wait_page(person_id, *args, **kwargs)


class FakeFeed:
    """The consumer thread stood down: entries are added by the test. It went live
    ``live_for`` ago."""

    def __init__(self, live_for=timedelta(seconds=10)):
        self.recent = WatchedEntries(now=lambda: datetime.now(UTC) - live_for)
        self.recent.went_live()
        self.recent._now = lambda: datetime.now(UTC)

    def start(self):
        pass


@pytest.fixture
def app():
    app = create_app({"TESTING": True, "INBOX_WAITERS": 1, "AMQP_URI": "amqp://x@127.0.0.1:1/"})
    app.extensions["inbox_feed"] = FakeFeed()
    with app.app_context():
        yield app


def query(**given):
    return {"page": 1, "per_page": 5, "unread": None, "after": None, "wait": 0, **given}


class Store:
    """Stands in for the notifications service: records what it was asked."""

    def __init__(self):
        self.asked = []

    def __call__(self, asked):
        self.asked.append(asked)
        return {"items": [], "total": 0}


def entry(feed, person, after):
    item = {"id": "n1", "person_id": person, "kind": "booking_confirmed", "category": "bookings"}
    item.update(title="Booking confirmed", body="", ref="b1", read=False)
    item["created_at"] = (after + timedelta(milliseconds=5)).isoformat()
    feed.recent.add(item)
    return item


def test_a_plain_read_goes_to_the_store(app):
    store = Store()
    assert inbox_page("ann", query(), store) == {"items": [], "total": 0}
    assert store.asked == [query()]


def test_a_long_poll_is_answered_from_the_feed_without_the_store(app):
    feed, store = app.extensions["inbox_feed"], Store()
    after = feed.recent.live_since + CLOCK_MARGIN
    item = entry(feed, "ann", after)
    assert inbox_page("ann", query(after=after, wait=2), store) == {"items": [item], "total": 1}
    assert store.asked == []


def test_when_nothing_comes_the_store_is_read_without_waiting_again(app):
    feed, store = app.extensions["inbox_feed"], Store()
    after = feed.recent.live_since + CLOCK_MARGIN
    inbox_page("ann", query(after=after, wait=0.1), store)
    assert store.asked == [query(after=after, wait=0)]


def test_while_the_feed_is_only_just_live_the_store_waits(app):
    app.extensions["inbox_feed"] = feed = FakeFeed(live_for=timedelta(0))
    store = Store()
    before = feed.recent.live_since - timedelta(seconds=5)
    inbox_page("ann", query(after=before, wait=2), store)
    assert store.asked == [query(after=before, wait=2)]
    assert feed.recent.waited_for == []


class StoreWith(Store):
    def __init__(self, items):
        super().__init__()
        self.items = items

    def __call__(self, asked):
        self.asked.append(asked)
        return {"items": self.items, "total": len(self.items)}


def test_an_old_time_is_read_from_the_store_once_then_waited_for_on_the_feed(app):
    feed, store = app.extensions["inbox_feed"], Store()
    long_ago = datetime.now(UTC) - timedelta(hours=3)
    item = entry(feed, "ann", datetime.now(UTC))  # arrives while ann waits
    page = inbox_page("ann", query(after=long_ago, wait=2), store)
    assert page == {"items": [item], "total": 1}
    assert store.asked == [query(after=long_ago, wait=0)]
    assert feed.recent.waited_for == ["ann"]


def test_an_old_time_the_store_has_entries_after_is_answered_by_the_store(app):
    feed = app.extensions["inbox_feed"]
    long_ago = datetime.now(UTC) - timedelta(hours=3)
    store = StoreWith([{"id": "old-but-new-to-ann"}])
    page = inbox_page("ann", query(after=long_ago, wait=2), store)
    assert page["items"] == [{"id": "old-but-new-to-ann"}]
    assert store.asked == [query(after=long_ago, wait=0)]
    assert feed.recent.waited_for == []


def test_past_the_waiters_limit_a_long_poll_is_answered_at_once(app):
    feed, store = app.extensions["inbox_feed"], Store()
    after = feed.recent.live_since + CLOCK_MARGIN

    def bob_waits():
        with app.app_context():
            inbox_page("bob", query(after=after, wait=2), Store())

    waiting = threading.Thread(target=bob_waits)
    waiting.start()
    try:
        for _ in range(100):  # until bob's long poll holds the one waiter's place
            if app.extensions["inbox_waiters"]._value == 0:
                break
            threading.Event().wait(0.01)
        inbox_page("ann", query(after=after, wait=2), store)
        assert store.asked == [query(after=after, wait=0)]
        assert feed.recent.waited_for == ["bob"]  # ann was read at once, not kept waiting
    finally:
        entry(feed, "bob", after)  # bob's answer arrives: his wait ends
        waiting.join(timeout=5)
    assert not waiting.is_alive()
