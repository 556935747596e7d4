"""Time rules over HTTP through every real process: nothing is recorded for a session before it
starts (register, certificate, feedback), no event is made or moved into the past, booking closes
when the first session starts, offers and approval requests never outlast it, the rota plans no
half term that is over, and a session is named by its id or its number as people see it.

An event "takes place" here by moving its stored sessions back whole days
(``support.time_travel``): the service itself refuses to create an event in the past."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from support.platform import DEMO_PASSWORD, DEMO_SCHOOL_URN
from support.time_travel import events_db, move_into_past

_count = itertools.count()


def _session(start: datetime, hours: float = 2, venue: str = "Northshore") -> dict:
    return {
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=hours)).isoformat(),
        "venue": venue,
    }


def _in(days: float = 0, hours: float = 0) -> datetime:
    moment = datetime.now(UTC) + timedelta(days=days, hours=hours)
    return moment.replace(second=0, microsecond=0)


def _event(*starts: datetime, **extra) -> dict:
    return {
        "title": extra.pop("title", f"Time rules course {next(_count)}"),
        "kind": extra.pop("kind", "course"),
        "capacity": extra.pop("capacity", 5),
        "sessions": [_session(s) for s in starts or (_in(days=20),)],
        **extra,
    }


def _created(coordinator, body: dict) -> dict:
    answer = coordinator.post("/api/v1/events", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _fields(response) -> dict:
    return response.json()["error"].get("fields") or {}


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.fixture(scope="module")
def db(platform):
    return events_db(platform)


@pytest.fixture(scope="module")
def colleague(platform, as_user):
    """Another Northshore teacher, signed in."""
    email = f"time.rules{next(_count)}@northshore.demo.partnership.test"
    person = {
        "email": email,
        "name": "Tess Timekeeper",
        "school_urn": DEMO_SCHOOL_URN,
        "roles": ["teacher"],
        "password": DEMO_PASSWORD,
    }
    made = as_user("coordinator").post("/api/v1/people", json=person)
    assert made.status_code == 201, made.text
    return platform.client(email)


def test_register_certificate_and_feedback_wait_until_the_session_has_started(as_user, db):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    me = teacher.get("/api/v1/me").json()["id"]
    event = _created(coordinator, _event(_in(days=20), _in(days=27), certificate_min_sessions=1))
    first, second = event["sessions"]
    assert (first["number"], second["number"]) == (1, 2)
    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    attendance = f"/api/v1/events/{event['id']}/attendance"

    # a course weeks ahead: no register (by number, id or the older index), no feedback
    for body, field in (
        ({"session_number": 1}, "session_number"),
        ({"session_id": first["id"]}, "session_id"),
        ({"session": 0}, "session"),
    ):
        early = coordinator.post(attendance, json={**body, "present": [me]})
        assert early.status_code == 422, early.text
        assert field in _fields(early) and "Session 1 starts on" in early.json()["error"]["message"]
    feedback = teacher.post(f"/api/v1/events/{event['id']}/feedback", json={"rating": 5})
    assert feedback.status_code == 422 and "event_id" in _fields(feedback)

    # the first session takes place: its register, and the certificate; not yet session 2's
    move_into_past(db, event["id"], until="first")
    marked = coordinator.post(attendance, json={"session_id": first["id"], "present": [me]})
    assert marked.status_code == 200, marked.text
    assert marked.json()["session_number"] == 1 and marked.json()["certificates_issued"] == 1
    pdf = teacher.get(f"/api/v1/bookings/{booking['id']}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    later = coordinator.post(attendance, json={"session_number": 2, "present": [me]})
    assert later.status_code == 422 and "session_number" in _fields(later)
    assert "Session 2 starts on" in later.json()["error"]["message"]
    feedback = teacher.post(f"/api/v1/events/{event['id']}/feedback", json={"rating": 5})
    assert feedback.status_code == 422  # the course is not over: its last session is ahead

    move_into_past(db, event["id"], until="last")
    assert coordinator.post(attendance, json={"session_number": 2, "present": [me]}).ok
    feedback = teacher.post(f"/api/v1/events/{event['id']}/feedback", json={"rating": 5})
    assert feedback.status_code == 201, feedback.text


def test_a_certificate_for_sessions_not_yet_held_is_not_given_out(as_user, db):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    event = _created(coordinator, _event(_in(days=40)))
    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    # what the service recorded before the rule: a register taken weeks early, a certificate
    db["bookings"].update_one(
        {"_id": booking["id"]}, {"$set": {"attended_sessions": [0], "certificate_id": "early"}}
    )
    pdf = teacher.get(f"/api/v1/bookings/{booking['id']}/certificate.pdf")
    assert pdf.status_code == 422 and "booking_id" in _fields(pdf)


def test_sessions_are_named_by_id_or_number_and_an_unknown_one_by_its_field(as_user, db):
    coordinator = as_user("coordinator")
    event = _created(coordinator, _event(_in(days=21)))
    move_into_past(db, event["id"])
    attendance = f"/api/v1/events/{event['id']}/attendance"
    for body, field in (
        ({"session_number": 2}, "session_number"),
        ({"session_number": 0}, "session_number"),
        ({"session_id": "not-a-session"}, "session_id"),
        ({"session": 1}, "session"),
        ({"session_number": 1, "session_id": event["sessions"][0]["id"]}, "session_number"),
        ({}, "session_id"),
    ):
        answer = coordinator.post(attendance, json={**body, "present": []})
        assert answer.status_code == 422, (body, answer.text)
        assert field in _fields(answer), (body, answer.text)
    done = coordinator.post(attendance, json={"session_number": 1, "present": []})
    assert done.status_code == 200 and done.json()["session_id"] == event["sessions"][0]["id"]


def test_no_event_is_created_commissioned_or_moved_into_the_past(as_user, db):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    past = coordinator.post("/api/v1/events", json=_event(_in(days=30), _in(days=-1)))
    assert past.status_code == 422 and list(_fields(past)) == ["sessions.1.starts_at"]

    asked = teacher.post(
        "/api/v1/training-requests",
        json={"topic": "Time rules", "phase": "Primary", "reason": "We keep missing dates"},
    )
    assert asked.status_code == 201, asked.text
    commissioned = coordinator.post(
        "/api/v1/commissions",
        json={"request_ids": [asked.json()["id"]], "course": _event(_in(hours=-3))},
    )
    assert commissioned.status_code == 422
    assert "course.sessions.0.starts_at" in _fields(commissioned)

    event = _created(coordinator, _event(_in(days=14), _in(days=21)))
    moved = coordinator.request(
        "PATCH",
        f"/api/v1/events/{event['id']}",
        json={"sessions": [_session(_in(days=-2)), _session(_in(days=21))]},
    )
    assert moved.status_code == 422 and "sessions.0.starts_at" in _fields(moved)

    # once the first session has taken place it stays as it was; the second may still move
    days = move_into_past(db, event["id"])
    held = _session(_moment(event["sessions"][0]["starts_at"]) - timedelta(days=days))
    kept = coordinator.request(
        "PATCH",
        f"/api/v1/events/{event['id']}",
        json={"sessions": [held, _session(_in(days=22), venue="Tideway")]},
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["sessions"][1]["venue"] == "Tideway"
    shifted = coordinator.request(
        "PATCH",
        f"/api/v1/events/{event['id']}",
        json={"sessions": [_session(_in(days=-1)), _session(_in(days=22))]},
    )
    assert shifted.status_code == 422 and "sessions.0.starts_at" in _fields(shifted)
    dropped = coordinator.request(
        "PATCH", f"/api/v1/events/{event['id']}", json={"sessions": [_session(_in(days=22))]}
    )
    assert dropped.status_code == 422 and "sessions" in _fields(dropped)


def test_booking_closes_when_the_first_session_starts(as_user, db, colleague):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    me = teacher.get("/api/v1/me").json()["id"]
    open_event = _created(coordinator, _event(_in(days=10), _in(days=17)))
    full_event = _created(coordinator, _event(_in(days=10), capacity=1))
    assert colleague.post(f"/api/v1/events/{full_event['id']}/bookings", json={}).ok
    for event in (open_event, full_event):
        move_into_past(db, event["id"])
        path = f"/api/v1/events/{event['id']}/bookings"
        for who, body in ((teacher, {}), (coordinator, {"person_id": me})):
            late = who.post(path, json=body)
            assert late.status_code == 409, late.text  # neither a place nor the waiting list
            assert "Booking has closed" in late.json()["error"]["message"]
    assert coordinator.get(f"/api/v1/events/{full_event['id']}").json()["waitlist_count"] == 0


def test_offers_and_approval_requests_expire_by_the_first_session(as_user, db, colleague):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    start = _in(hours=3)  # sooner than an offer (2 days) or an approval request (5 days) lasts

    approval = _created(coordinator, _event(start, requires_approval=True))
    pending = teacher.post(f"/api/v1/events/{approval['id']}/bookings", json={}).json()
    assert pending["status"] == "pending_approval"
    assert _moment(pending["approval_deadline"]) == start

    event = _created(coordinator, _event(start, capacity=1))
    held = colleague.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    waiting = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    assert waiting["status"] == "waitlisted"
    assert colleague.post(f"/api/v1/bookings/{held['id']}/cancel").ok
    offered = teacher.get(f"/api/v1/bookings/{waiting['id']}").json()
    assert offered["status"] == "offered" and _moment(offered["offer_expires_at"]) == start

    # once the event has started a freed place is offered to nobody
    late = _created(coordinator, _event(_in(days=9), capacity=1))
    held = colleague.post(f"/api/v1/events/{late['id']}/bookings", json={}).json()
    waiting = teacher.post(f"/api/v1/events/{late['id']}/bookings", json={}).json()
    move_into_past(db, late["id"])
    assert colleague.post(f"/api/v1/bookings/{held['id']}/cancel").ok
    assert teacher.get(f"/api/v1/bookings/{waiting['id']}").json()["status"] == "waitlisted"


def test_the_rota_plans_no_half_term_that_is_over(as_user):
    coordinator = as_user("coordinator")
    cluster = (
        as_user("teacher")
        .get("/api/v1/schools", params={"q": "northshore"})
        .json()["items"][0]["cluster"]
    )
    now = datetime.now(UTC)
    this_year = now.year if now.month >= 9 else now.year - 1
    rota = coordinator.post(
        "/api/v1/rotas",
        json={"cluster": cluster, "academic_year": this_year, "year_groups": ["Year 1"]},
    )
    assert rota.status_code == 201, rota.text
    meetings = rota.json()["meetings"]
    assert 0 < len(meetings) <= 6
    assert all(_moment(m["sessions"][0]["starts_at"]) > now for m in meetings)
    over = coordinator.post(
        "/api/v1/rotas",
        json={"cluster": cluster, "academic_year": this_year - 2, "year_groups": ["Year 1"]},
    )
    assert over.status_code == 422 and "academic_year" in _fields(over)
