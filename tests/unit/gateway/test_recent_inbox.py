"""The gateway's memory of new inbox entries (``RecentEntries``): when it may answer a long poll,
what it answers, and when it hands over to a read of the store."""

import threading
import time
from datetime import UTC, datetime, timedelta

from gateway.recent_inbox import CLOCK_MARGIN, RecentEntries

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.at = T0

    def __call__(self):
        return self.at


def entry(person, seconds, ref=None):
    at = T0 + timedelta(seconds=seconds)
    return {
        "id": f"{person}-{seconds}",
        "person_id": person,
        "kind": "booking_confirmed",
        "category": "bookings",
        "title": "Booking confirmed",
        "body": "",
        "ref": ref,
        "created_at": at.isoformat(),
        "read": False,
    }


def live(clock=None, **kwargs):
    clock = clock or Clock()
    recent = RecentEntries(now=clock, **kwargs)
    recent.went_live()
    clock.at = T0 + timedelta(seconds=10)
    return recent, clock


def test_it_answers_only_for_times_since_it_went_live_plus_the_clock_margin():
    clock = Clock()
    recent = RecentEntries(now=clock)
    assert not recent.covers(T0 + timedelta(seconds=5))  # not live yet
    recent.went_live()
    clock.at = T0 + timedelta(seconds=10)
    assert not recent.covers(T0)
    assert not recent.covers(T0 + CLOCK_MARGIN - timedelta(milliseconds=1))
    assert recent.covers(T0 + CLOCK_MARGIN)
    recent.went_down()
    assert not recent.covers(T0 + timedelta(seconds=5))


def test_it_answers_only_within_what_it_keeps():
    recent, clock = live(retention=timedelta(seconds=60))
    clock.at = T0 + timedelta(seconds=100)
    assert not recent.covers(T0 + timedelta(seconds=30))
    assert recent.covers(T0 + timedelta(seconds=41))


def test_the_entries_after_the_time_newest_first_with_their_total():
    recent, _ = live()
    for second in (2, 3, 4, 5):
        recent.add(entry("ann", second))
    recent.add(entry("bob", 4))
    page = recent.wait_page("ann", T0 + timedelta(seconds=2.5), per_page=2, seconds=0)
    assert [item["id"] for item in page["items"]] == ["ann-5", "ann-4"]
    assert page["total"] == 3


def test_nothing_new_answers_none_once_the_wait_is_over():
    recent, _ = live()
    recent.add(entry("ann", 2))
    started = time.monotonic()
    assert recent.wait_page("ann", T0 + timedelta(seconds=2), per_page=5, seconds=0.2) is None
    assert time.monotonic() - started >= 0.19


def waiting_reader(recent):
    """Ann waiting (up to 5 s) for entries after T0 + 2 s in a thread of her own: the thread,
    and the list her answer lands in."""
    answers = []
    reader = threading.Thread(
        target=lambda: answers.append(
            recent.wait_page("ann", T0 + timedelta(seconds=2), per_page=5, seconds=5)
        )
    )
    reader.start()
    return reader, answers


def test_a_waiting_reader_is_answered_as_soon_as_its_entry_arrives():
    recent, _ = live()
    started = time.monotonic()
    reader, answers = waiting_reader(recent)
    time.sleep(0.05)
    recent.add(entry("bob", 3))  # someone else's: the reader keeps waiting
    time.sleep(0.05)
    assert reader.is_alive()
    recent.add(entry("ann", 3, ref="b1"))
    reader.join(timeout=5)
    assert time.monotonic() - started < 1
    assert [item["ref"] for item in answers[0]["items"]] == ["b1"]


def test_a_reader_waiting_when_the_feed_goes_down_reads_the_store_instead():
    recent, _ = live()
    reader, answers = waiting_reader(recent)
    time.sleep(0.05)
    recent.went_down()
    reader.join(timeout=5)
    assert answers == [None]


def test_when_older_entries_may_have_been_dropped_the_store_is_read():
    recent, _ = live(per_person=3)
    for second in (2, 3, 4, 5):
        recent.add(entry("ann", second))
    assert recent.wait_page("ann", T0 + timedelta(seconds=1.5), per_page=5, seconds=0) is None
    page = recent.wait_page("ann", T0 + timedelta(seconds=3.5), per_page=5, seconds=0)
    assert [item["id"] for item in page["items"]] == ["ann-5", "ann-4"]


def test_entries_older_than_the_retention_are_forgotten():
    recent, clock = live(retention=timedelta(seconds=60))
    recent.add(entry("ann", 2))
    clock.at = T0 + timedelta(seconds=70)
    recent.add(entry("bob", 69))
    assert "ann" not in recent._by_person
    assert list(recent._by_person) == ["bob"]


def test_after_a_read_of_the_store_only_what_came_since_must_be_covered():
    recent, clock = live(retention=timedelta(seconds=60))
    clock.at = T0 + timedelta(seconds=300)
    long_ago = T0 - timedelta(hours=1)
    recent.add(entry("ann", 299))
    assert recent.wait_page("ann", long_ago, per_page=5, seconds=0) is None  # can't tell
    read_at = T0 + timedelta(seconds=298)
    page = recent.wait_page("ann", long_ago, per_page=5, seconds=0, store_read_at=read_at)
    assert [item["id"] for item in page["items"]] == ["ann-299"]
