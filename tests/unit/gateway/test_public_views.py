"""What the public pages show: a school's public facts only, and only courses open to booking."""

from datetime import UTC, datetime, timedelta

from gateway.app import create_app
from gateway.web.public_views import open_courses, public_school

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _event(**extra):
    start = NOW + timedelta(days=3)
    session = {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()}
    return {
        "id": "e1",
        "title": "Phonics",
        "kind": "course",
        "status": "open",
        "capacity": 10,
        "confirmed_count": 3,
        "offered_count": 1,
        "pending_count": 1,
        "sessions": [{**session, "venue": "Hall"}],
        "pricing": {"price_pence": 4500},
        "audience": {"phases": ["Primary"]},
        "owner": {"name": "Ann Organiser", "email": "ann@school.test"},
        **extra,
    }


def test_a_course_open_to_booking_is_shown_without_its_owner():
    [course] = open_courses([_event()], NOW)
    assert course["places_left"] == 5 and course["price_pence"] == 4500
    assert course["venue"] == "Hall" and course["phases"] == ["Primary"]
    assert "owner" not in course


def test_cancelled_past_unopened_closed_and_meetings_are_left_out():
    soon, past = (NOW + timedelta(days=1)).isoformat(), (NOW - timedelta(hours=1)).isoformat()
    gone = {"starts_at": past, "ends_at": past, "venue": "Hall"}
    events = [
        _event(status="cancelled"),
        _event(sessions=[gone]),
        _event(booking_opens_at=soon),
        _event(booking_closes_at=past),
        _event(kind="cluster_meeting"),
        _event(kind="group_meeting"),
    ]
    assert open_courses(events, NOW) == []
    assert open_courses([_event(booking_opens_at=past, booking_closes_at=soon)], NOW)


def test_a_school_shows_only_what_gias_and_ofsted_publish():
    school = {"urn": 1, "name": "A", "notes": "private", "approver_id": "p1", "report_card": {}}
    shown = public_school({**school, "ofsted_rating": "Good"})
    assert shown["ofsted_rating"] == "Good" and shown["name"] == "A"
    assert not {"notes", "approver_id", "report_card", "cluster"} & set(shown)


def test_the_home_page_keeps_its_way_in_while_the_community_is_away():
    app = create_app({"TESTING": True, "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/"})
    response = app.test_client().get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Sign in" in html
