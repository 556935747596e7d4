"""A Teachmeet's running order over HTTP reaches every presenter who claimed a slot, booked on
the Teachmeet or not (and everyone booked)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from support.waiting import eventually


@pytest.fixture(scope="module")
def as_user(as_private_user):
    """A platform of its own: on the shared one another test turns the administrator's group news
    off in the inbox."""
    return as_private_user


def test_a_presenter_without_a_booking_receives_the_running_order(as_user):
    coordinator, teacher, admin = (
        as_user("coordinator"),
        as_user("teacher"),
        as_user("school_admin"),
    )
    title = f"Teachmeet {uuid.uuid4().hex[:6]}"
    start = datetime.now(UTC) + timedelta(days=30)
    created = coordinator.post(
        "/api/v1/events",
        json={
            "title": title,
            "kind": "teachmeet",
            "capacity": 20,
            "slot_minutes": 5,
            "slot_count": 3,
            "sessions": [
                {
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=1)).isoformat(),
                    "venue": "Hub",
                }
            ],
        },
    )
    assert created.status_code == 201, created.text
    event_id = created.json()["id"]
    claimed = teacher.post(f"/api/v1/events/{event_id}/slots", json={"title": "Oracy"})
    assert claimed.status_code == 201, claimed.text
    booked = admin.post(f"/api/v1/events/{event_id}/bookings", json={})
    assert booked.status_code == 201, booked.text
    mine = teacher.get("/api/v1/me/bookings", params={"per_page": 100}).json()["items"]
    assert event_id not in [b["event_id"] for b in mine]  # the presenter did not book

    published = coordinator.post(f"/api/v1/events/{event_id}/running-order/publish")
    assert published.status_code == 200, published.text

    for reader in (teacher, admin):
        eventually(
            lambda reader=reader: [
                n
                for n in reader.get("/api/v1/me/notifications").json()["items"]
                if n["title"] == f"Running order: {title}"
            ]
        )
