"""Changes and cancellations carry what calendars need; attendance, certificates, feedback,
statements and feeds over the real broker and store."""

import base64
from datetime import datetime

import pytest
from icalendar import Calendar

from contracts.errors import Conflict, Forbidden, InvalidInput
from events.rules import term_of
from support.waiting import eventually


def _book(rpc, event_id, person, urn=None):
    return rpc.events.book_place(
        {"event_id": event_id, "person_id": person, "booked_by": person, "school_urn": urn}
    )


def _vevents(text):
    return list(Calendar.from_ical(text).walk("VEVENT"))


def test_a_change_keeps_uids_raises_sequence_and_a_cancellation_is_marked(
    events_service, rpc, new_event, published
):
    event = rpc.events.create_event(new_event(capacity=2, sessions=2), "organiser")
    _book(rpc, event["id"], "p1", 100)
    before = _vevents(rpc.events.person_calendar("p1"))

    moved = new_event(capacity=3, sessions=2)["sessions"]
    moved[0]["venue"] = "The new hall"
    changed = rpc.events.update_event(event["id"], {"sessions": moved, "capacity": 3}, "org")
    assert changed["sequence"] == 1 and changed["capacity"] == 3
    after = _vevents(rpc.events.person_calendar("p1"))
    assert [str(v["UID"]) for v in after] == [str(v["UID"]) for v in before]
    assert [int(v["SEQUENCE"]) for v in after] == [1, 1]
    assert "The new hall" in [str(v["LOCATION"]) for v in after]

    with pytest.raises(InvalidInput) as below:
        rpc.events.update_event(event["id"], {"capacity": 0}, "org")
    assert "capacity" in below.value.fields
    _book(rpc, event["id"], "p2", 200)
    with pytest.raises(InvalidInput):
        rpc.events.update_event(event["id"], {"capacity": 1}, "org")

    rpc.events.cancel_event(event["id"], {"reason": "Snow"}, "org")
    cancelled = _vevents(rpc.events.person_calendar("p1"))
    assert {str(v["STATUS"]) for v in cancelled} == {"CANCELLED"}
    assert all(int(v["SEQUENCE"]) > 1 for v in cancelled)
    with pytest.raises(Conflict):
        _book(rpc, event["id"], "p3")
    text = rpc.events.school_calendar(100)
    school = _vevents(text)
    assert {str(v["STATUS"]) for v in school} == {"CANCELLED"}

    def announced():
        return {name: body for name, body in published()}

    seen = eventually(lambda: (got := announced()) and "event_cancelled" in got and got)
    assert sorted(seen["event_cancelled"]["person_ids"]) == ["p1", "p2"]
    assert seen["event_cancelled"]["sequence"] == 2


def test_attendance_issues_certificates_at_the_threshold_and_only_attendees_give_feedback(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(
        new_event(capacity=5, sessions=3, certificate_min_sessions=2), "org"
    )
    ann = _book(rpc, event["id"], "ann")
    _book(rpc, event["id"], "bob")
    with pytest.raises(InvalidInput):
        rpc.events.record_attendance(event["id"], {"session": 0, "present": ["stranger"]})
    first = rpc.events.record_attendance(event["id"], {"session": 0, "present": ["ann", "bob"]})
    assert first["certificates_issued"] == 0
    second = rpc.events.record_attendance(event["id"], {"session": 1, "present": ["ann"]})
    assert second["certificates_issued"] == 1 and second["absent"] == ["bob"]
    again = rpc.events.record_attendance(event["id"], {"session": 1, "present": ["ann"]})
    assert again["certificates_issued"] == 0

    certificate = rpc.events.get_certificate(ann["id"])
    assert base64.b64decode(certificate["pdf_base64"]).startswith(b"%PDF")
    assert rpc.events.get_booking(ann["id"])["attended_sessions"] == [0, 1]

    rpc.events.submit_feedback(event["id"], "ann", {"rating": 5, "comments": "Useful"})
    with pytest.raises(Conflict):
        rpc.events.submit_feedback(event["id"], "ann", {"rating": 4})
    with pytest.raises(Forbidden):
        rpc.events.submit_feedback(event["id"], "carol", {"rating": 1})
    summary = rpc.events.feedback_summary(event["id"])
    assert (summary["responses"], summary["average_rating"]) == (1, 5.0)


def test_the_termly_statement_charges_academies_and_not_maintained_schools(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(
        new_event(capacity=5, pricing={"price_pence": 7500, "by_type_group": {}}), "org"
    )
    academy = _book(rpc, event["id"], "teacher-a")
    maintained = _book(rpc, event["id"], "teacher-b")
    assert (academy["price_pence"], maintained["price_pence"]) == (7500, 0)
    term = term_of(datetime.fromisoformat(event["sessions"][0]["starts_at"]))
    statement = rpc.events.school_statement(100, {"term": term})
    assert statement["total_pence"] == 7500 and len(statement["lines"]) == 1
    assert rpc.events.school_statement(200, {"term": term})["total_pence"] == 0
    csv_text = rpc.events.school_statement_csv(100, {"term": term})
    assert "75.00" in csv_text.splitlines()[1]
    with pytest.raises(InvalidInput):
        rpc.events.school_statement(100, {"term": "autumn"})
