"""Cluster rota, meeting roles and minutes, Teachmeet slots, training demand and commissioning,
and pathways over the real broker and store."""

from collections import Counter
from datetime import UTC, datetime

import pytest

from contracts.errors import Conflict, Forbidden
from events.storage import events_collection
from support.time_travel import move_into_past
from support.waiting import eventually

from .conftest import COORD, as_

# next academic year: every half term is ahead (the rota plans none that is over)
TODAY = datetime.now(UTC)
NEXT_YEAR = (TODAY.year if TODAY.month >= 9 else TODAY.year - 1) + 1
ROTA = {
    "cluster": "North",
    "academic_year": NEXT_YEAR,
    "year_groups": ["Year 2"],
    "exclude_urns": [],
}


def test_a_rota_rotates_hosts_round_the_cluster_and_minutes_reach_the_cluster(
    events_service, rpc, published
):
    with pytest.raises(Forbidden):
        rpc.events.create_rota(ROTA, caller=as_("head-a"))
    rota = rpc.events.create_rota(ROTA, caller=COORD)
    hosts = [m["host_school_urn"] for m in rota["meetings"]]
    assert len(hosts) == 6 and sorted(hosts[:3]) == [100, 200, 300]
    assert Counter(hosts) == {100: 2, 200: 2, 300: 2}
    with pytest.raises(Conflict):
        rpc.events.create_rota(ROTA, caller=COORD)
    meeting = next(m for m in rota["meetings"] if m["host_school_urn"] == 100)
    roles = {"chair_id": "head-a", "minute_taker_id": "teacher-a"}
    with pytest.raises(Forbidden):  # another host school's head
        rpc.events.assign_meeting_roles(meeting["id"], roles, caller=as_("head-b"))
    named = rpc.events.assign_meeting_roles(meeting["id"], roles, caller=as_("head-a"))
    assert named["chair_id"] == "head-a"
    minutes = {"minutes": "We agreed.", "actions": [{"text": "Share plans"}]}
    with pytest.raises(Forbidden):
        rpc.events.publish_minutes(meeting["id"], minutes, caller=as_("teacher-b"))
    rpc.events.publish_minutes(meeting["id"], minutes, caller=as_("teacher-a"))  # minute-taker
    shown = rpc.events.get_minutes(meeting["id"], caller=as_("teacher-b"))  # same cluster
    assert shown["actions"][0]["text"] == "Share plans"
    eventually(lambda: "minutes_published" in [n for n, _ in published()])


def test_teachmeet_slots_are_claimed_in_order_until_full(events_service, rpc, new_event):
    event = rpc.events.create_event(
        new_event(kind="teachmeet", capacity=40, slot_minutes=5, slot_count=2), caller=COORD
    )
    rpc.events.claim_slot(event["id"], {"title": "Phonics"}, caller=as_("p1"))
    with pytest.raises(Conflict):
        rpc.events.claim_slot(event["id"], {"title": "Again"}, caller=as_("p1"))
    # a slot is always the caller's, whatever person it names
    order = rpc.events.claim_slot(
        event["id"], {"title": "Oracy", "person_id": "p9"}, caller=as_("teacher-b")
    )
    assert [(s["position"], s["title"]) for s in order["slots"]] == [(1, "Phonics"), (2, "Oracy")]
    assert [(s["person_id"], s["school_urn"]) for s in order["slots"]][1] == ("teacher-b", 200)
    with pytest.raises(Conflict):
        rpc.events.claim_slot(event["id"], {"title": "Late"}, caller=as_("p3"))
    with pytest.raises(Forbidden):
        rpc.events.publish_running_order(event["id"], caller=as_("p1"))
    assert rpc.events.publish_running_order(event["id"], caller=COORD)["published"] is True
    assert len(rpc.events.get_running_order(event["id"], caller=as_("p3"))["slots"]) == 2


def test_commissioning_a_course_tells_every_requester_and_supporter(
    events_service, rpc, new_event, published
):
    asked = rpc.events.submit_training_request(
        {"topic": "Oracy", "phase": "Primary", "reason": "Speaking skills"},
        caller=as_("teacher-a"),
    )
    assert (asked["person_id"], asked["school_urn"]) == ("teacher-a", 100)
    other = rpc.events.submit_training_request(
        {"topic": "oracy", "phase": "Primary", "reason": "Same"}, caller=as_("teacher-b")
    )
    rpc.events.support_training_request(asked["id"], caller=as_("teacher-c"))
    with pytest.raises(Forbidden):
        rpc.events.demand({"by": "topic"}, caller=as_("teacher-a"))
    demand = rpc.events.demand({"by": "topic"}, caller=as_("member-cpd"))  # the CPD group
    assert demand["rows"][0]["key"] == "oracy" and demand["rows"][0]["requests"] == 2
    audit = {"school_urn": 300, "academic_year": 2026, "priorities": ["Oracy"]}
    with pytest.raises(Forbidden):
        rpc.events.submit_audit(audit, caller=as_("head-a"))  # another school's audit
    rpc.events.submit_audit(audit, caller=COORD)
    assert rpc.events.demand({"by": "topic"}, caller=COORD)["rows"][0]["audit_mentions"] == 1

    commission = {
        "request_ids": [asked["id"], other["id"]],
        "course": new_event(title="Oracy course"),
    }
    with pytest.raises(Forbidden):
        rpc.events.commission_course(commission, caller=as_("member-cpd"))
    course = rpc.events.commission_course(commission, caller=COORD)
    assert course["title"] == "Oracy course" and course["created_by"] == "coord"
    with pytest.raises(Conflict):
        rpc.events.commission_course(
            {"request_ids": [asked["id"]], "course": new_event()}, caller=COORD
        )

    def commissioned():
        return [body for name, body in published() if name == "course_commissioned"]

    body = eventually(commissioned)[0]
    assert body["requester_ids"] == ["teacher-a", "teacher-b", "teacher-c"]
    assert body["cpd_event_id"] == course["id"] and body["commissioned_by"] == "coord"


def test_pathway_progress_follows_bookings_and_certificates(events_service, rpc, new_event):
    first = rpc.events.create_event(new_event(title="Leading phonics"), caller=COORD)
    second = rpc.events.create_event(new_event(title="Leading maths"), caller=COORD)
    pathway = {"title": "Middle leaders", "course_ids": [first["id"], second["id"]]}
    with pytest.raises(Forbidden):
        rpc.events.create_pathway(pathway, caller=as_("head-a"))
    pathway = rpc.events.create_pathway(pathway, caller=as_("la"))
    p1 = as_("p1")
    assert rpc.events.enrol_pathway(pathway["id"], caller=p1)["percent"] == 0
    with pytest.raises(Conflict):
        rpc.events.enrol_pathway(pathway["id"], caller=p1)
    rpc.events.book_place({"event_id": first["id"]}, caller=p1)
    move_into_past(events_collection().database, first["id"])  # the course took place
    rpc.events.record_attendance(first["id"], {"session": 0, "present": ["p1"]}, caller=COORD)
    progress = rpc.events.pathway_progress(pathway["id"], caller=p1)
    assert progress["completed"] == [first["id"]] and progress["remaining"] == [second["id"]]
    assert progress["percent"] == 50
    assert rpc.events.list_pathways({}, caller=p1)["total"] == 1
