"""Changes and cancellations carry what calendars need; attendance, certificates, feedback,
statements and feeds over the real broker and store."""

import base64
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from contracts.caller import Caller
from contracts.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from contracts.school_year import term_of
from events.storage import events_collection
from support.time_travel import move_into_past
from support.waiting import eventually

from .conftest import COORD, as_


def _book(rpc, event_id, person, urn=None):
    """``person`` books themselves (a teacher of school ``urn``, or of the stub directory)."""
    who = as_(person) if urn is None else Caller(person, ("teacher",), urn).dump()
    return rpc.events.book_place({"event_id": event_id}, caller=who)


def _vevents(text):
    return list(Calendar.from_ical(text).walk("VEVENT"))


def test_a_change_keeps_uids_raises_sequence_and_a_cancellation_is_marked(
    events_service, rpc, new_event, published
):
    event = rpc.events.create_event(new_event(capacity=2, sessions=2), caller=COORD)
    p1 = Caller("p1", ("teacher",), 100).dump()
    _book(rpc, event["id"], "p1", 100)
    before = _vevents(rpc.events.person_calendar(caller=p1))

    moved = new_event(capacity=3, sessions=2)["sessions"]
    moved[0]["venue"] = "The new hall"
    change = {"sessions": moved, "capacity": 3}
    with pytest.raises(Forbidden):
        rpc.events.update_event(event["id"], change, caller=p1)
    changed = rpc.events.update_event(event["id"], change, caller=COORD)
    assert changed["sequence"] == 1 and changed["capacity"] == 3
    after = _vevents(rpc.events.person_calendar(caller=p1))
    assert [str(v["UID"]) for v in after] == [str(v["UID"]) for v in before]
    assert [int(v["SEQUENCE"]) for v in after] == [1, 1]
    assert "The new hall" in [str(v["LOCATION"]) for v in after]

    with pytest.raises(InvalidInput) as below:
        rpc.events.update_event(event["id"], {"capacity": 0}, caller=COORD)
    assert "capacity" in below.value.fields
    _book(rpc, event["id"], "p2", 200)
    with pytest.raises(InvalidInput):
        rpc.events.update_event(event["id"], {"capacity": 1}, caller=COORD)

    with pytest.raises(Forbidden):
        rpc.events.cancel_event(event["id"], {"reason": "Snow"}, caller=p1)
    rpc.events.cancel_event(event["id"], {"reason": "Snow"}, caller=as_("la"))
    cancelled = _vevents(rpc.events.person_calendar(caller=p1))
    assert {str(v["STATUS"]) for v in cancelled} == {"CANCELLED"}
    assert all(int(v["SEQUENCE"]) > 1 for v in cancelled)
    with pytest.raises(Conflict):
        _book(rpc, event["id"], "p3")
    with pytest.raises(Forbidden):
        rpc.events.school_calendar(100, caller=as_("teacher-b"))
    text = rpc.events.school_calendar(100, caller=p1)
    school = _vevents(text)
    assert {str(v["STATUS"]) for v in school} == {"CANCELLED"}

    def announced():
        return {name: body for name, body in published()}

    seen = eventually(lambda: (got := announced()) and "event_cancelled" in got and got)
    assert sorted(seen["event_cancelled"]["person_ids"]) == ["p1", "p2"]
    assert seen["event_cancelled"]["sequence"] == 2
    assert seen["event_cancelled"]["cancelled_by"] == "la"


def test_attendance_issues_certificates_at_the_threshold_and_only_attendees_give_feedback(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(
        new_event(capacity=5, sessions=3, certificate_min_sessions=2), caller=COORD
    )
    ann = _book(rpc, event["id"], "ann")
    _book(rpc, event["id"], "bob")
    move_into_past(events_collection().database, event["id"], until="last")  # it took place

    def register(data, who=COORD):
        return rpc.events.record_attendance(event["id"], data, caller=who)

    with pytest.raises(Forbidden):  # a teacher does not take the register
        register({"session": 0, "present": ["ann"]}, as_("ann"))
    with pytest.raises(InvalidInput):
        register({"session": 0, "present": ["stranger"]})
    first = register({"session": 0, "present": ["ann", "bob"]})
    assert first["certificates_issued"] == 0
    second = register({"session": 1, "present": ["ann"]})
    assert second["certificates_issued"] == 1 and second["absent"] == ["bob"]
    again = register({"session": 1, "present": ["ann"]})
    assert again["certificates_issued"] == 0

    certificate = rpc.events.get_certificate(ann["id"], caller=as_("ann"))
    assert base64.b64decode(certificate["pdf_base64"]).startswith(b"%PDF")
    with pytest.raises(Forbidden):
        rpc.events.get_certificate(ann["id"], caller=as_("bob"))
    assert rpc.events.get_booking(ann["id"], caller=as_("ann"))["attended_sessions"] == [0, 1]

    told = rpc.events.submit_feedback(
        event["id"], {"rating": 5, "comments": "Useful"}, caller=as_("ann")
    )
    assert told["comments"] == ["Useful"]
    with pytest.raises(Conflict):
        rpc.events.submit_feedback(event["id"], {"rating": 4}, caller=as_("ann"))
    with pytest.raises(Conflict):  # did not attend
        rpc.events.submit_feedback(event["id"], {"rating": 1}, caller=as_("carol"))
    bob = rpc.events.submit_feedback(
        event["id"], {"rating": 3, "comments": "Meh"}, caller=as_("bob")
    )
    assert bob["comments"] == ["Meh"]  # an attendee sees their own comment, not the others'
    with pytest.raises(Forbidden):
        rpc.events.feedback_summary(event["id"], caller=as_("ann"))
    summary = rpc.events.feedback_summary(event["id"], caller=COORD)
    assert (summary["responses"], summary["average_rating"]) == (2, 4.0)
    assert summary["comments"] == ["Useful", "Meh"]


def test_the_termly_statement_charges_academies_and_not_maintained_schools(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(
        new_event(capacity=5, pricing={"price_pence": 7500, "by_type_group": {}}), caller=COORD
    )
    academy = _book(rpc, event["id"], "teacher-a")
    maintained = _book(rpc, event["id"], "teacher-b")
    assert (academy["price_pence"], maintained["price_pence"]) == (7500, 0)
    term = {"term": term_of(datetime.fromisoformat(event["sessions"][0]["starts_at"])).name}
    statement = rpc.events.school_statement(100, term, caller=as_("head-a"))
    assert statement["total_pence"] == 7500 and len(statement["lines"]) == 1
    assert rpc.events.school_statement(200, term, caller=COORD)["total_pence"] == 0
    csv_text = rpc.events.school_statement_csv(100, term, caller=as_("admin-a"))
    assert "75.00" in csv_text.splitlines()[1]
    with pytest.raises(InvalidInput):
        rpc.events.school_statement(100, {"term": "autumn"}, caller=COORD)
    current = rpc.events.school_statement(100, {}, caller=COORD)  # no term: the current one
    assert current["term"] == term_of(datetime.now(UTC)).name


def test_a_price_is_quoted_before_booking_by_the_rule_the_booking_then_charges(
    events_service, rpc, new_event
):
    pricing = {"price_pence": 7500, "by_type_group": {}}
    event = rpc.events.create_event(new_event(capacity=5, pricing=pricing), caller=COORD)
    quotes = {
        who: rpc.events.quote_price(event["id"], caller=as_(who))
        for who in ("teacher-a", "teacher-b")
    }
    assert quotes["teacher-a"]["price_pence"] == 7500  # an academy pays
    assert quotes["teacher-b"]["price_pence"] == 0  # a maintained school is covered
    assert quotes["teacher-a"]["school_urn"] == 100
    for who, quote in quotes.items():
        assert _book(rpc, event["id"], who)["price_pence"] == quote["price_pence"]
    with pytest.raises(NotFound):
        rpc.events.quote_price("no-such-event", caller=as_("teacher-a"))
    with pytest.raises(Unauthorized):
        rpc.events.quote_price(event["id"])


def test_a_page_of_events_can_be_asked_for_by_id_in_one_call(events_service, rpc, new_event):
    made = [rpc.events.create_event(new_event(capacity=2), caller=COORD)["id"] for _ in range(3)]
    page = rpc.events.list_events({"ids": made[:2], "per_page": 10})
    assert sorted(item["id"] for item in page["items"]) == sorted(made[:2])
    assert page["total"] == 2
    with pytest.raises(InvalidInput):
        rpc.events.list_events({"ids": []})


def test_the_calendar_filters_by_the_group_that_runs_an_event_and_by_phase(
    events_service, rpc, new_event
):
    cpd = {"type": "strategic_group", "id": "cpd", "name": "CPD"}
    audience = {"roles": [], "clusters": [], "year_groups": []}
    made = {
        name: rpc.events.create_event(new_event(title=name, **extra), caller=COORD)["id"]
        for name, extra in {
            "cpd-primary": {"owner": cpd, "audience": {**audience, "phases": ["Primary"]}},
            "cpd-any": {"owner": cpd},
            "partnership-secondary": {"audience": {**audience, "phases": ["Secondary"]}},
        }.items()
    }

    def titles(query):
        found = rpc.events.list_events({**query, "ids": list(made.values()), "per_page": 10})
        assert found["total"] == len(found["items"])
        return sorted(item["title"] for item in found["items"])

    assert titles({"group": "cpd"}) == ["cpd-any", "cpd-primary"]
    assert titles({"phase": "Primary"}) == ["cpd-any", "cpd-primary"]
    assert titles({"phase": "Secondary"}) == ["cpd-any", "partnership-secondary"]
    assert titles({"group": "cpd", "phase": "Secondary"}) == ["cpd-any"]
    assert titles({"group": "CPD", "phase": "secondary"}) == ["cpd-any"]  # any case, id or name
    with pytest.raises(InvalidInput) as exc:
        rpc.events.list_events({"phase": "Bogus"})
    assert "phase" in exc.value.fields
    with pytest.raises(InvalidInput) as exc:  # an unknown group is refused, listing the groups
        rpc.events.list_events({"group": "other"})
    assert "cpd" in exc.value.fields["group"][0]
