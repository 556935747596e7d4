"""Notifications through the real platform: a booking made over HTTP reaches the inbox routes and
the person's mailbox (with its calendar invite); preferences and delivery records over HTTP."""

import uuid

from support.platform import DEMO_ACCOUNTS
from support.waiting import eventually


def _event(coordinator, title):
    response = coordinator.post(
        "/api/v1/events",
        json={
            "title": title,
            "kind": "course",
            "capacity": 5,
            "sessions": [
                {
                    "starts_at": "2027-03-09T15:45:00+00:00",
                    "ends_at": "2027-03-09T17:00:00+00:00",
                    "venue": "Northshore",
                }
            ],
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_booking_reaches_inbox_and_mailbox_and_can_be_read(platform, as_user):
    teacher = as_user("teacher")
    title = f"Writing moderation {uuid.uuid4().hex[:6]}"
    event = _event(as_user("coordinator"), title)
    before = teacher.get("/api/v1/me/notifications/unread-count").json()["unread"]

    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()

    def arrived():
        items = teacher.get("/api/v1/me/notifications", params={"unread": "true"}).json()["items"]
        return [n for n in items if n["title"] == f"Booking confirmed: {title}"]

    note = eventually(arrived)[0]
    assert teacher.get("/api/v1/me/notifications/unread-count").json()["unread"] == before + 1

    def emailed():
        found = platform.mailbox.to(DEMO_ACCOUNTS["teacher"])
        return [m for m in found if title in str(m["Subject"])]

    message = eventually(emailed)[0]
    parts = platform.mailbox.parts(message)
    assert title in parts["text"] and title in parts["html"]
    assert "METHOD:REQUEST" in parts["ics"] and "Northshore" in parts["ics"]

    read = teacher.post(f"/api/v1/me/notifications/{note['id']}/read")
    assert read.status_code == 200 and read.json()["read"] is True
    missing = teacher.post("/api/v1/me/notifications/not-a-real-id/read")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"
    assert teacher.post("/api/v1/me/notifications/read-all").status_code == 200
    assert teacher.get("/api/v1/me/notifications/unread-count").json() == {"unread": 0}

    cancelled = teacher.post(f"/api/v1/bookings/{booking['id']}/cancel")
    assert cancelled.status_code == 200

    def cancel_emailed():
        return [m for m in emailed() if "cancelled" in str(m["Subject"]).lower()]

    assert "METHOD:CANCEL" in platform.mailbox.parts(eventually(cancel_emailed)[0])["ics"]


def test_preferences_over_http_and_bad_ones_name_the_field(as_user):
    admin = as_user("school_admin")
    shown = admin.get("/api/v1/me/notifications/preferences")
    assert shown.status_code == 200
    assert set(shown.json()["categories"]) >= {"bookings", "reminders", "group_news"}

    changed = admin.request(
        "PUT",
        "/api/v1/me/notifications/preferences",
        json={"categories": {"group_news": {"inbox": False, "email": "off"}}},
    )
    assert changed.status_code == 200
    assert changed.json()["categories"]["group_news"] == {"inbox": False, "email": "off"}

    bad = admin.request(
        "PUT",
        "/api/v1/me/notifications/preferences",
        json={"categories": {"reminders": {"email": "hourly"}}},
    )
    assert bad.status_code == 422
    assert any(name.startswith("categories.reminders") for name in bad.json()["error"]["fields"])


def test_delivery_records_are_for_the_coordinator(as_user):
    assert as_user("teacher").get("/api/v1/notifications/deliveries").status_code == 403
    listed = as_user("coordinator").get("/api/v1/notifications/deliveries", params={"per_page": 5})
    assert listed.status_code == 200 and "total" in listed.json()
    failed = as_user("coordinator").get(
        "/api/v1/notifications/deliveries", params={"status": "failed"}
    )
    assert failed.status_code == 200
    assert all(d["status"] == "failed" for d in failed.json()["items"])


def test_long_polling_the_inbox_answers_when_an_entry_arrives(platform, as_user):
    teacher = as_user("teacher")
    since = teacher.get("/api/v1/me/notifications", params={"per_page": 1}).json()["items"]
    after = since[0]["created_at"] if since else "2020-01-01T00:00:00+00:00"
    empty = teacher.get("/api/v1/me/notifications", params={"after": after, "wait": 0.2})
    assert empty.status_code == 200 and empty.json()["items"] == []

    title = f"Long poll {uuid.uuid4().hex[:6]}"
    event = _event(as_user("coordinator"), title)
    assert teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).status_code == 201

    def arrived():
        page = teacher.get("/api/v1/me/notifications", params={"after": after, "wait": 2.5})
        return [n for n in page.json()["items"] if title in n["title"]]

    assert eventually(arrived)[0]["kind"] == "booking_confirmed"
    too_long = teacher.get("/api/v1/me/notifications", params={"wait": 60})
    assert too_long.status_code == 422 and "wait" in too_long.json()["error"]["fields"]


def test_a_booking_needing_approval_asks_the_head_at_once(platform, as_user):
    title = f"Leadership day {uuid.uuid4().hex[:6]}"
    created = as_user("coordinator").post(
        "/api/v1/events",
        json={
            "title": title,
            "kind": "conference",
            "capacity": 5,
            "requires_approval": True,
            "sessions": [
                {
                    "starts_at": "2027-03-16T09:00:00+00:00",
                    "ends_at": "2027-03-16T15:00:00+00:00",
                    "venue": "Town hall",
                }
            ],
        },
    )
    assert created.status_code == 201, created.text
    booking = as_user("teacher").post(f"/api/v1/events/{created.json()['id']}/bookings", json={})
    assert booking.status_code == 201 and booking.json()["status"] == "pending_approval"

    head = as_user("headteacher")

    def asked():
        items = head.get("/api/v1/me/notifications", params={"per_page": 50}).json()["items"]
        return [n for n in items if n["kind"] == "approval_requested" and title in n["title"]]

    assert eventually(asked)
    emails = eventually(
        lambda: [
            m for m in platform.mailbox.to(DEMO_ACCOUNTS["headteacher"]) if title in m["Subject"]
        ]
    )
    assert "Approval needed" in emails[0]["Subject"]
