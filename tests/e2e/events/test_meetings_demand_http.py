"""Cluster meetings, Teachmeet slots, waitlist offers and training demand over HTTP through every
real process (the real directory names the cluster's schools)."""

from datetime import UTC, datetime, timedelta

from support.platform import DEMO_SCHOOL_URN


def _event(**extra):
    start = datetime.now(UTC) + timedelta(days=30)
    return {
        "title": extra.pop("title", "E2E meeting"),
        "kind": extra.pop("kind", "course"),
        "capacity": extra.pop("capacity", 5),
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
                "venue": "Hub",
            }
        ],
        **extra,
    }


def test_a_cluster_rota_rotates_hosts_and_the_host_head_names_the_chair(as_user):
    coordinator, head = as_user("coordinator"), as_user("headteacher")
    cluster = (
        as_user("teacher")
        .get("/api/v1/schools", params={"q": "northshore"})
        .json()["items"][0]["cluster"]
    )
    rota = coordinator.post(
        "/api/v1/rotas",
        json={"cluster": cluster, "academic_year": 2031, "year_groups": ["Year 4"]},
    )
    assert rota.status_code == 201
    meetings = rota.json()["meetings"]
    hosts = [m["host_school_urn"] for m in meetings]
    assert len(meetings) == 6 and len(set(hosts[: len(set(hosts))])) == len(set(hosts))
    hosted = [m for m in meetings if m["host_school_urn"] == DEMO_SCHOOL_URN]
    other = [m for m in meetings if m["host_school_urn"] != DEMO_SCHOOL_URN]
    me = head.get("/api/v1/me").json()["id"]
    if hosted:
        named = head.request(
            "PUT",
            f"/api/v1/events/{hosted[0]['id']}/meeting-roles",
            json={"chair_id": me, "minute_taker_id": me},
        )
        assert named.status_code == 200 and named.json()["chair_id"] == me
    if other:
        refused = head.request(
            "PUT",
            f"/api/v1/events/{other[0]['id']}/meeting-roles",
            json={"chair_id": me, "minute_taker_id": me},
        )
        assert refused.status_code == 403
    again = coordinator.post(
        "/api/v1/rotas",
        json={"cluster": cluster, "academic_year": 2031, "year_groups": ["Year 4"]},
    )
    assert again.status_code == 409


def test_a_cancelled_place_is_offered_to_the_first_waiting_who_accepts_once(as_user):
    coordinator, teacher, admin = (
        as_user("coordinator"),
        as_user("teacher"),
        as_user("school_admin"),
    )
    event = coordinator.post("/api/v1/events", json=_event(capacity=1)).json()
    first = admin.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    waiting = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    assert (first["status"], waiting["status"]) == ("confirmed", "waitlisted")
    assert admin.post(f"/api/v1/bookings/{first['id']}/cancel").json()["status"] == "cancelled"
    offered = teacher.get(f"/api/v1/bookings/{waiting['id']}").json()
    assert offered["status"] == "offered"
    answer = {"version": offered["version"]}
    accepted = teacher.post(f"/api/v1/bookings/{waiting['id']}/offer", json=answer)
    assert accepted.status_code == 200 and accepted.json()["status"] == "confirmed"
    twice = teacher.post(f"/api/v1/bookings/{waiting['id']}/offer", json=answer)
    assert twice.status_code == 409


def test_teachmeet_slots_and_commissioning_from_requests(as_user):
    coordinator, teacher, head = as_user("coordinator"), as_user("teacher"), as_user("headteacher")
    teachmeet = coordinator.post(
        "/api/v1/events", json=_event(kind="teachmeet", slot_minutes=5, slot_count=3)
    ).json()
    claimed = teacher.post(f"/api/v1/events/{teachmeet['id']}/slots", json={"title": "Oracy"})
    assert claimed.status_code == 201 and claimed.json()["slots"][0]["title"] == "Oracy"
    again = teacher.post(f"/api/v1/events/{teachmeet['id']}/slots", json={"title": "Again"})
    assert again.status_code == 409

    asked = teacher.post(
        "/api/v1/training-requests",
        json={"topic": "Retrieval practice", "phase": "Primary", "reason": "New staff"},
    ).json()
    assert head.post(f"/api/v1/training-requests/{asked['id']}/support").status_code == 200
    assert teacher.get("/api/v1/demand").status_code == 403
    rows = coordinator.get("/api/v1/demand", params={"by": "topic"}).json()["rows"]
    assert "retrieval practice" in [r["key"] for r in rows]
    course = coordinator.post(
        "/api/v1/commissions",
        json={"request_ids": [asked["id"]], "course": _event(title="Retrieval practice")},
    )
    assert course.status_code == 201 and course.json()["title"] == "Retrieval practice"
