"""A long poll for entries after a time is answered from the entry just stored, only when that
entry is exactly what the first page would hold."""

from datetime import UTC, datetime, timedelta

from notifications.usecases import page_of_new

AFTER = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ENTRY = {
    "_id": "e1:p1",
    "person_id": "p1",
    "kind": "booking_confirmed",
    "title": "Booking confirmed",
    "created_at": AFTER + timedelta(seconds=1, microseconds=123456),
    "read": False,
}


def query(**given):
    return {"page": 1, "per_page": 20, "unread": None, "after": AFTER, **given}


def test_the_new_entry_is_the_page_with_the_time_the_store_keeps():
    page = page_of_new(ENTRY, query())
    assert [item["id"] for item in page["items"]] == ["e1:p1"] and page["total"] == 1
    assert page["items"][0]["created_at"].microsecond == 123000


def test_other_queries_read_the_store():
    assert page_of_new(ENTRY, query(after=None)) is None
    assert page_of_new(ENTRY, query(page=2)) is None
    assert page_of_new(ENTRY, query(unread=False)) is None
    assert page_of_new({**ENTRY, "created_at": AFTER}, query()) is None
    assert page_of_new(ENTRY, query(unread=True))["items"][0]["id"] == "e1:p1"
