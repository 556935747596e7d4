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


def _ask(client, topic: str) -> dict:
    asked = client.post(
        "/api/v1/training-requests", json={"topic": topic, "phase": "Primary", "reason": "Need"}
    )
    assert asked.status_code == 201, asked.text
    return asked.json()


def _demand_row(coordinator, topic: str) -> dict | None:
    rows = coordinator.get("/api/v1/demand", params={"by": "topic"}).json()["rows"]
    return next((r for r in rows if r["key"] == topic.lower()), None)


def test_the_coordinator_closes_a_training_request_with_a_reason(as_user):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    asked = _ask(teacher, "Everyday close topic")
    close = f"/api/v1/training-requests/{asked['id']}/close"
    denied = teacher.post(close, json={"reason": "Mine"})
    assert denied.status_code == 403
    missing = coordinator.post(close, json={})
    assert missing.status_code == 422 and "reason" in missing.json()["error"]["fields"]

    closed = coordinator.post(close, json={"reason": "Covered by the spring course"})
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert (body["status"], body["closed_reason"]) == ("closed", "Covered by the spring course")
    assert body["closed_at"]
    assert _demand_row(coordinator, "Everyday close topic") is None
    again = coordinator.post(close, json={"reason": "Twice"})
    assert again.status_code == 409
    listed = teacher.get("/api/v1/training-requests", params={"status": "closed"}).json()
    assert asked["id"] in [r["id"] for r in listed["items"]]
    unknown = coordinator.post("/api/v1/training-requests/nope/close", json={"reason": "x"})
    assert unknown.status_code == 404
    commissioned = coordinator.post(
        "/api/v1/commissions",
        json={"request_ids": [asked["id"]], "course": {"title": "Late", **_course_fields()}},
    )
    assert commissioned.status_code == 409


def _course_fields() -> dict:
    return {"kind": "course", "capacity": 5, "sessions": SESSIONS}


def test_the_coordinator_merges_duplicate_training_requests(as_user):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    head, admin = as_user("headteacher"), as_user("school_admin")
    h, a = _me(head), _me(admin)
    topic = "Everyday merge topic"
    keep = _ask(teacher, topic)
    dup_by_head = _ask(head, topic.upper())
    dup_by_admin = _ask(admin, topic)
    # supporters overlap: the admin supports the head's duplicate, the teacher supports both
    assert admin.post(f"/api/v1/training-requests/{dup_by_head['id']}/support").ok
    assert teacher.post(f"/api/v1/training-requests/{dup_by_head['id']}/support").ok
    assert teacher.post(f"/api/v1/training-requests/{dup_by_admin['id']}/support").ok

    merge = f"/api/v1/training-requests/{keep['id']}/merge"
    duplicates = [dup_by_head["id"], dup_by_admin["id"]]
    assert head.post(merge, json={"request_ids": duplicates}).status_code == 403
    for bad in ([], [keep["id"]], [dup_by_head["id"], dup_by_head["id"]], ["nope"]):
        refused = coordinator.post(merge, json={"request_ids": bad})
        assert refused.status_code == 422, (bad, refused.text)
        assert "request_ids" in refused.json()["error"]["fields"]

    merged = coordinator.post(merge, json={"request_ids": duplicates})
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["status"] == "open"
    assert sorted(body["supporters"]) == sorted([h, a])  # each once; the requester not at all
    row = _demand_row(coordinator, topic)
    assert (row["requests"], row["supporters"]) == (1, 2)
    folded = {
        r["id"]: r
        for r in coordinator.get("/api/v1/training-requests", params={"status": "merged"}).json()[
            "items"
        ]
    }
    assert {folded[d]["merged_into"] for d in duplicates} == {keep["id"]}
    again = coordinator.post(merge, json={"request_ids": [dup_by_head["id"]]})
    assert again.status_code == 409
