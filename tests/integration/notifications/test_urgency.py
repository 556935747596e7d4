"""Urgency: anything about a session that starts before its held email would go out is sent at
once, whichever way it would have waited (school time, the daily digest, the weekly bulletin).
The school calendar here has no school day today or in the next two days, so every held email
would wait at least until the third morning."""

import uuid
from datetime import UTC, datetime, timedelta

from notifications.storage import Delivery, Notification
from support.waiting import eventually


def _closed_for_three_days() -> dict:
    today = datetime.now(UTC).date()
    closed = {(today + timedelta(days=d)).weekday() for d in range(-1, 3)}
    return {
        "weekdays": [d for d in range(7) if d not in closed],
        "school_day": {"start": "08:00", "end": "16:30"},
    }


def _at(delta: timedelta) -> datetime:
    return datetime.now(UTC) + delta


def _sessions(cpd_event: str, starts: timedelta) -> list[dict]:
    return [
        {
            "uid": f"{cpd_event}-0@events",
            "starts_at": _at(starts),
            "ends_at": _at(starts + timedelta(hours=1)),
            "venue": "Hub",
        }
    ]


def _changed(cpd_event: str, person: str, starts: timedelta) -> dict:
    return {
        "cpd_event_id": cpd_event,
        "title": f"Moderation {cpd_event[:4]}",
        "kind": "course",
        "status": "open",
        "uid": f"{cpd_event}@events",
        "sequence": 2,
        "sessions": _sessions(cpd_event, starts),
        "changed": ["sessions"],
        "person_ids": [person],
    }


def _delivery(person: str, kind: str):
    return Delivery.objects(person_id=person, kind=kind).first()


def test_a_change_to_an_event_starting_in_three_hours_is_sent_now_not_next_morning(
    start_notifications, publish, directory, mailbox
):
    start_notifications(SCHOOL_CALENDAR=_closed_for_three_days())
    soon, later = directory.person("soon"), directory.person("later")

    publish("events", "event_changed", _changed(uuid.uuid4().hex, soon, timedelta(hours=3)))
    publish("events", "event_changed", _changed(uuid.uuid4().hex, later, timedelta(days=20)))

    email = eventually(lambda: mailbox.to(soon))[0]
    assert "Changed: Moderation" in str(email["Subject"])
    held = eventually(lambda: _delivery(later, "event_changed"))
    assert held.status == "pending"
    assert held.send_at.replace(tzinfo=UTC) > datetime.now(UTC) + timedelta(days=1)
    assert mailbox.to(later) == []


def test_an_event_moved_away_from_tomorrow_is_urgent_too(
    start_notifications, publish, directory, mailbox
):
    start_notifications(SCHOOL_CALENDAR=_closed_for_three_days())
    person = directory.person("moved")
    cpd_event = uuid.uuid4().hex
    payload = _changed(cpd_event, person, timedelta(days=20))
    payload["previous_sessions"] = _sessions(cpd_event, timedelta(days=1))

    publish("events", "event_changed", payload)

    eventually(lambda: mailbox.to(person))


def test_a_running_order_for_tomorrow_skips_the_weekly_bulletin_and_reaches_presenters(
    start_notifications, publish, directory, mailbox
):
    start_notifications(SCHOOL_CALENDAR=_closed_for_three_days())
    booked = directory.person("booked")
    presenter = directory.person("presenter")  # claimed a slot without booking
    tomorrow = _at(timedelta(days=1))
    publish(
        "events",
        "running_order_published",
        {
            "cpd_event_id": uuid.uuid4().hex,
            "title": "Spring Teachmeet",
            "slots": [{"title": "Phonics", "person_id": presenter, "starts_at": str(tomorrow)}],
            "person_ids": [booked],
            "starts_at": tomorrow,
        },
    )

    for person in (booked, presenter):
        email = eventually(lambda person=person: mailbox.to(person))[0]
        assert "Running order: Spring Teachmeet" in str(email["Subject"])
        assert _delivery(person, "running_order_published").mode == "now"  # not "weekly"


def test_a_daily_digest_item_about_a_session_today_goes_at_once(
    start_notifications, publish, directory, mailbox, rpc, callers
):
    start_notifications(SCHOOL_CALENDAR=_closed_for_three_days())
    requester = directory.person("requester")
    daily = {"categories": {"bookings": {"email": "daily"}}}
    rpc.notifications.set_preferences(requester, daily, caller=callers.person(requester))
    publish(
        "events",
        "course_commissioned",
        {
            "cpd_event_id": uuid.uuid4().hex,
            "title": "Maths mastery",
            "request_ids": ["q1"],
            "requester_ids": [requester],
            "topics": ["maths"],
            "starts_at": _at(timedelta(hours=5)),
        },
    )

    eventually(lambda: mailbox.to(requester))
    assert _delivery(requester, "course_commissioned").mode == "now"  # not "daily"
    assert [n.kind for n in Notification.objects(person_id=requester)] == ["course_commissioned"]
