"""The event page offers "Book a place" or the waiting list only before the event starts; once
it has started or ended it says "Booking has closed" (the events service refuses too)."""

from datetime import UTC, datetime, timedelta

import pytest
from unit.gateway import booking_pages_stand_in as stand_in
from unit.gateway.booking_pages_stand_in import event

from gateway.web.events import booking_closed

# the shared fixtures, used by name below
app, client, resolved, services = (
    stand_in.app,
    stand_in.client,
    stand_in.resolved,
    stand_in.services,
)


def _at(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


def _event_from(start_hours: float, end_hours: float, **extra) -> dict:
    session = {"starts_at": _at(start_hours), "ends_at": _at(end_hours), "venue": "Northshore"}
    return event("ev-1", sessions=[session], **extra)


@pytest.mark.parametrize(
    "start,end,full,shown,hidden",
    [
        (48, 50, False, "Book a place", "Booking has closed"),
        (48, 50, True, "Join the waiting list", "Booking has closed"),
        (-1, 2, False, "Booking has closed: this event has started.", "Book a place"),
        (-1, 2, True, "Booking has closed: this event has started.", "Join the waiting list"),
        (-50, -48, False, "Booking has closed: this event has ended.", "Book a place"),
    ],
)
def test_the_event_page_offers_booking_only_before_the_event_starts(
    client, services, start, end, full, shown, hidden
):
    taken = {"confirmed_count": 20} if full else {}
    services.events = [_event_from(start, end, **taken)]
    html = client.get("/events/ev-1").get_data(as_text=True)
    assert shown in html and hidden not in html
    if "closed" in shown:
        assert "Join the waiting list" not in html and "waiting list is open" not in html


def test_booking_closes_at_the_first_session_of_several():
    now = datetime(2027, 2, 9, 10, tzinfo=UTC)
    sessions = [
        {"starts_at": "2027-02-16T09:30:00+00:00", "ends_at": "2027-02-16T12:00:00+00:00"},
        {"starts_at": "2027-02-09T09:30:00+00:00", "ends_at": "2027-02-09T12:00:00+00:00"},
    ]
    assert booking_closed({"sessions": sessions}, now) == (
        "Booking has closed: this event has started."
    )
    assert booking_closed({"sessions": sessions}, now - timedelta(hours=1)) is None
    assert booking_closed({"sessions": []}, now) is None
