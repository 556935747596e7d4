"""Offered places over HTTP: a declined offer is ``declined`` (not ``cancelled``) and sends no
"Booking cancelled" nor calendar CANCEL; an answered offer keeps no ``offer_expires_at``; and a
session's UID has one SEQUENCE everywhere: the personal feed, the school feed and every email."""

import time
import uuid
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from support.platform import DEMO_ACCOUNTS, DEMO_SCHOOL_URN
from support.waiting import eventually


def _course(coordinator, title):
    start = datetime.now(UTC) + timedelta(days=40)
    event = {
        "title": title,
        "kind": "course",
        "capacity": 1,
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Hub",
            }
        ],
    }
    response = coordinator.post("/api/v1/events", json=event)
    assert response.status_code == 201, response.text
    return response.json()


def _offered_to_teacher(as_user, title):
    """An event of one place: the administrator holds it, the teacher waits, the administrator
    cancels, and the place is offered to the teacher."""
    coordinator, admin, teacher = (
        as_user("coordinator"),
        as_user("school_admin"),
        as_user("teacher"),
    )
    event = _course(coordinator, title)
    first = admin.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    waiting = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    assert (first["status"], waiting["status"]) == ("confirmed", "waitlisted")
    changed = coordinator.request(
        "PATCH", f"/api/v1/events/{event['id']}", json={"description": "Bring a laptop."}
    )
    assert changed.status_code == 200, changed.text
    assert admin.post(f"/api/v1/bookings/{first['id']}/cancel").status_code == 200
    offered = eventually(
        lambda: (
            (b := teacher.get(f"/api/v1/bookings/{waiting['id']}").json())["status"] == "offered"
            and b
        )
    )
    assert offered["offer_expires_at"]
    return event, offered


def _emails(platform, title):
    found = platform.mailbox.to(DEMO_ACCOUNTS["teacher"])
    return [m for m in found if title in str(m["Subject"])]


def _sequences(ics: str | bytes, uid_prefix: str) -> dict:
    return {
        str(ev["UID"]): int(ev["SEQUENCE"])
        for ev in Calendar.from_ical(ics).walk("VEVENT")
        if str(ev["UID"]).startswith(uid_prefix)
    }


def test_a_declined_offer_is_declined_with_no_cancellation_sent(platform, as_user):
    teacher = as_user("teacher")
    title = f"Declined offer {uuid.uuid4().hex[:6]}"
    event, offered = _offered_to_teacher(as_user, title)

    answer = {"version": offered["version"], "accept": False}
    declined = teacher.post(f"/api/v1/bookings/{offered['id']}/offer", json=answer)

    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    assert declined.json()["offer_expires_at"] is None
    mine = teacher.get("/api/v1/me/bookings", params={"status": "declined"}).json()["items"]
    assert offered["id"] in [b["id"] for b in mine]
    eventually(
        lambda: any("A place is offered" in str(m["Subject"]) for m in _emails(platform, title))
    )
    time.sleep(3)  # what the decline would have sent has had time to arrive
    subjects = [str(m["Subject"]) for m in _emails(platform, title)]
    assert not [s for s in subjects if s.startswith("Booking cancelled")], subjects
    calendars = [platform.mailbox.parts(m)["ics"] or "" for m in _emails(platform, title)]
    assert not [ics for ics in calendars if "METHOD:CANCEL" in ics]
    titles = [n["title"] for n in teacher.get("/api/v1/me/notifications").json()["items"]]
    assert f"Booking cancelled: {title}" not in titles


def test_one_sequence_per_uid_in_both_feeds_and_every_email(platform, as_user):
    teacher = as_user("teacher")
    title = f"Sequence check {uuid.uuid4().hex[:6]}"
    event, offered = _offered_to_teacher(as_user, title)
    accepted = teacher.post(
        f"/api/v1/bookings/{offered['id']}/offer", json={"version": offered["version"]}
    ).json()
    assert accepted["status"] == "confirmed" and accepted["version"] > 2
    assert accepted["offer_expires_at"] is None
    sequence = teacher.get(f"/api/v1/events/{event['id']}").json()["sequence"]
    assert sequence >= 1
    uid = event["id"]

    personal = _sequences(teacher.get("/api/v1/me/calendar.ics").content, uid)
    school = _sequences(teacher.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}/calendar.ics").content, uid)
    assert personal and personal == school and set(personal.values()) == {sequence}

    assert teacher.post(f"/api/v1/bookings/{accepted['id']}/cancel").status_code == 200
    cancel = eventually(
        lambda: [
            m for m in _emails(platform, title) if str(m["Subject"]).startswith("Booking cancelled")
        ]
    )[0]
    invite = [
        m for m in _emails(platform, title) if str(m["Subject"]).startswith("Booking confirmed")
    ]
    for message in (cancel, *invite):
        assert _sequences(platform.mailbox.parts(message)["ics"], uid) == personal
    after = _sequences(teacher.get("/api/v1/me/calendar.ics").content, uid)
    assert after == personal
