"""The four foundation flows through the real processes, HTTP in and notification out."""

import requests

from support.platform import DEMO_ACCOUNTS, DEMO_SCHOOL_URN
from support.waiting import eventually


def test_health_reports_every_check_ok(platform):
    response = platform.health()
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "community": "ok",
            "directory": "ok",
            "events": "ok",
            "notifications": "ok",
            "rabbitmq": "ok",
            "mongodb": "ok",
        },
    }


def test_a_demo_account_gets_a_token_and_sees_itself(platform):
    response = requests.post(
        platform.url + "/api/v1/auth/token",
        timeout=10,
        json={"email": DEMO_ACCOUNTS["teacher"], "password": "demo-password"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    me = requests.get(
        platform.url + "/api/v1/me",
        timeout=10,
        headers={"Authorization": f"Bearer {body['access_token']}"},
    ).json()
    assert me["email"] == DEMO_ACCOUNTS["teacher"]
    assert me["roles"] == ["teacher"] and me["school_urn"] == DEMO_SCHOOL_URN


def test_a_wrong_password_is_401(platform):
    response = requests.post(
        platform.url + "/api/v1/auth/token",
        timeout=10,
        json={"email": DEMO_ACCOUNTS["teacher"], "password": "not-it-at-all"},
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_schools_come_from_the_directory(as_user):
    body = as_user("teacher").get("/api/v1/schools", params={"q": "northshore"}).json()
    assert body["total"] == 1
    school = body["items"][0]
    assert school["urn"] == DEMO_SCHOOL_URN and school["phase"] == "Primary"
    assert set(school) >= {"urn", "name", "phase", "type", "cluster"}
    everything = as_user("teacher").get("/api/v1/schools", params={"per_page": 200}).json()
    assert everything["total"] == 12 and len(everything["items"]) == 12


def test_booking_reaches_the_inbox(as_user):
    teacher = as_user("teacher")
    event = (
        as_user("coordinator")
        .post(
            "/api/v1/events",
            json={
                "title": "Early reading network",
                "kind": "course",
                "capacity": 5,
                "sessions": [
                    {
                        "starts_at": "2027-01-12T15:45:00+00:00",
                        "ends_at": "2027-01-12T17:00:00+00:00",
                        "venue": "Northshore",
                    }
                ],
            },
        )
        .json()
    )
    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={})
    assert booking.status_code == 201 and booking.json()["status"] == "confirmed"
    again = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={})
    assert again.status_code == 409 and again.json()["error"]["code"] == "CONFLICT"

    def confirmed():
        items = teacher.get("/api/v1/me/notifications").json()["items"]
        return [n for n in items if n["title"] == "Booking confirmed: Early reading network"]

    note = eventually(confirmed)[0]
    assert note["kind"] == "booking_confirmed" and note["read"] is False
    assert set(note) >= {"id", "kind", "title", "created_at", "read"}
    shown = as_user("coordinator").get(f"/api/v1/events/{event['id']}").json()
    assert (shown["capacity"], shown["confirmed_count"], shown["waitlist_count"]) == (5, 1, 0)
