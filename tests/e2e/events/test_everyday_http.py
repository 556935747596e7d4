"""Everyday organising over HTTP through every real process: the organisers remove Teachmeet
slots and set the running order (a presenter withdraws their own slot); the coordinator closes
a training request with a reason and merges duplicates into one."""

from datetime import UTC, datetime, timedelta

START = (datetime.now(UTC) + timedelta(days=40)).replace(hour=16, minute=0, second=0, microsecond=0)

END = START + timedelta(hours=1)
SESSIONS = [{"starts_at": START.isoformat(), "ends_at": END.isoformat(), "venue": "Hub"}]


def _teachmeet(coordinator) -> str:
    event = {
        "title": "Everyday Teachmeet",
        "kind": "teachmeet",
        "capacity": 40,
        "slot_minutes": 5,
        "slot_count": 4,
        "sessions": SESSIONS,
    }
    created = coordinator.post("/api/v1/events", json=event)
    assert created.status_code == 201, created.text
    return created.json()["id"]


def _me(client) -> str:
    return client.get("/api/v1/me").json()["id"]


def _order(answer) -> list[tuple[int, str, str]]:
    return [
        (s["position"], s["person_id"], datetime.fromisoformat(s["starts_at"]).strftime("%H:%M"))
        for s in answer["slots"]
    ]


def test_organisers_reorder_and_remove_teachmeet_slots(as_user):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    head, admin = as_user("headteacher"), as_user("school_admin")
    event_id = _teachmeet(coordinator)
    t, h, a = _me(teacher), _me(head), _me(admin)
    for client, title in ((teacher, "Oracy"), (head, "Coaching"), (admin, "Admin tips")):
        claimed = client.post(f"/api/v1/events/{event_id}/slots", json={"title": title})
        assert claimed.status_code == 201, claimed.text
    published = coordinator.post(f"/api/v1/events/{event_id}/running-order/publish")
    assert published.json()["published"] is True

    # only the organisers set the order; a presenter removes only their own slot
    order = f"/api/v1/events/{event_id}/running-order"
    denied = teacher.request("PUT", order, json={"order": [a, t, h]})
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "FORBIDDEN"
    assert head.request("DELETE", f"/api/v1/events/{event_id}/slots/{t}").status_code == 403

    moved = coordinator.request("PUT", order, json={"order": [a, t, h]})
    assert moved.status_code == 200, moved.text
    assert _order(moved.json()) == [(1, a, "16:00"), (2, t, "16:05"), (3, h, "16:10")]
    assert moved.json()["published"] is False  # changed since it was sent
    assert _order(teacher.get(order).json()) == _order(moved.json())

    for bad in ([a, t], [a, t, h, h], [a, t, "nobody"]):
        refused = coordinator.request("PUT", order, json={"order": bad})
        assert refused.status_code == 422, refused.text
        assert "order" in refused.json()["error"]["fields"]
    assert coordinator.request("PUT", order, json={}).status_code == 422

    removed = coordinator.request("DELETE", f"/api/v1/events/{event_id}/slots/{t}")
    assert removed.status_code == 200, removed.text
    assert _order(removed.json()) == [(1, a, "16:00"), (2, h, "16:05")]
    gone = coordinator.request("DELETE", f"/api/v1/events/{event_id}/slots/{t}")
    assert gone.status_code == 404 and "person_id" in gone.json()["error"]["fields"]

    withdrawn = head.request("DELETE", f"/api/v1/events/{event_id}/slots/{h}")
    assert withdrawn.status_code == 200
    assert _order(withdrawn.json()) == [(1, a, "16:00")]
    # a freed slot can be claimed again
    again = teacher.post(f"/api/v1/events/{event_id}/slots", json={"title": "Oracy again"})
    assert _order(again.json()) == [(1, a, "16:00"), (2, t, "16:05")]


def test_slots_of_an_event_without_slots_are_a_conflict(as_user):
    coordinator = as_user("coordinator")
    course = {
        "title": "Everyday course",
        "kind": "course",
        "capacity": 5,
        "sessions": SESSIONS,
    }
    event_id = coordinator.post("/api/v1/events", json=course).json()["id"]
    answer = coordinator.request(
        "PUT", f"/api/v1/events/{event_id}/running-order", json={"order": []}
    )
    assert answer.status_code == 409
