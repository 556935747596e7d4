"""Cluster rota, meeting roles and minutes, Teachmeet slots, training demand and commissioning,
and pathways over the real broker and store."""

from collections import Counter

import pytest

from contracts.errors import Conflict
from support.waiting import eventually


def test_a_rota_rotates_hosts_round_the_cluster_and_minutes_reach_the_cluster(
    events_service, rpc, published
):
    rota = rpc.events.create_rota(
        {"cluster": "North", "academic_year": 2026, "year_groups": ["Year 2"], "exclude_urns": []},
        "coordinator",
    )
    hosts = [m["host_school_urn"] for m in rota["meetings"]]
    assert len(hosts) == 6 and sorted(hosts[:3]) == [100, 200, 300]
    assert Counter(hosts) == {100: 2, 200: 2, 300: 2}
    with pytest.raises(Conflict):
        rpc.events.create_rota(
            {"cluster": "North", "academic_year": 2026, "year_groups": ["Year 2"]}, "c"
        )
    meeting = rota["meetings"][0]
    roles = rpc.events.assign_meeting_roles(
        meeting["id"], {"chair_id": "head-a", "minute_taker_id": "teacher-a"}
    )
    assert roles["chair_id"] == "head-a"
    rpc.events.publish_minutes(
        meeting["id"], {"minutes": "We agreed.", "actions": [{"text": "Share plans"}]}
    )
    assert rpc.events.get_minutes(meeting["id"])["actions"][0]["text"] == "Share plans"
    names = eventually(lambda: (got := [n for n, _ in published()]) and got)
    eventually(lambda: "minutes_published" in names + [n for n, _ in published()])


def test_teachmeet_slots_are_claimed_in_order_until_full(events_service, rpc, new_event):
    event = rpc.events.create_event(
        new_event(kind="teachmeet", capacity=40, slot_minutes=5, slot_count=2), "org"
    )
    rpc.events.claim_slot(event["id"], {"title": "Phonics", "person_id": "p1"})
    with pytest.raises(Conflict):
        rpc.events.claim_slot(event["id"], {"title": "Again", "person_id": "p1"})
    order = rpc.events.claim_slot(event["id"], {"title": "Oracy", "person_id": "p2"})
    assert [(s["position"], s["title"]) for s in order["slots"]] == [(1, "Phonics"), (2, "Oracy")]
    with pytest.raises(Conflict):
        rpc.events.claim_slot(event["id"], {"title": "Late", "person_id": "p3"})
    assert rpc.events.publish_running_order(event["id"])["published"] is True


def test_commissioning_a_course_tells_every_requester_and_supporter(
    events_service, rpc, new_event, published
):
    asked = rpc.events.submit_training_request(
        {"topic": "Oracy", "phase": "Primary", "reason": "Speaking skills"}, "teacher-a", 100
    )
    other = rpc.events.submit_training_request(
        {"topic": "oracy", "phase": "Primary", "reason": "Same"}, "teacher-b", 200
    )
    rpc.events.support_training_request(asked["id"], "teacher-c")
    demand = rpc.events.demand({"by": "topic"})
    assert demand["rows"][0]["key"] == "oracy" and demand["rows"][0]["requests"] == 2
    rpc.events.submit_audit({"school_urn": 300, "academic_year": 2026, "priorities": ["Oracy"]})
    assert rpc.events.demand({"by": "topic"})["rows"][0]["audit_mentions"] == 1

    course = rpc.events.commission_course(
        {"request_ids": [asked["id"], other["id"]], "course": new_event(title="Oracy course")},
        "coordinator",
    )
    assert course["title"] == "Oracy course"
    with pytest.raises(Conflict):
        rpc.events.commission_course(
            {"request_ids": [asked["id"]], "course": new_event()}, "coordinator"
        )

    def commissioned():
        return [body for name, body in published() if name == "course_commissioned"]

    body = eventually(commissioned)[0]
    assert body["requester_ids"] == ["teacher-a", "teacher-b", "teacher-c"]
    assert body["cpd_event_id"] == course["id"]


def test_pathway_progress_follows_bookings_and_certificates(events_service, rpc, new_event):
    first = rpc.events.create_event(new_event(title="Leading phonics"), "org")
    second = rpc.events.create_event(new_event(title="Leading maths"), "org")
    pathway = rpc.events.create_pathway(
        {"title": "Middle leaders", "course_ids": [first["id"], second["id"]]}, "org"
    )
    assert rpc.events.enrol_pathway(pathway["id"], "p1")["percent"] == 0
    with pytest.raises(Conflict):
        rpc.events.enrol_pathway(pathway["id"], "p1")
    rpc.events.book_place({"event_id": first["id"], "person_id": "p1", "booked_by": "p1"})
    rpc.events.record_attendance(first["id"], {"session": 0, "present": ["p1"]})
    progress = rpc.events.pathway_progress(pathway["id"], "p1")
    assert progress["completed"] == [first["id"]] and progress["remaining"] == [second["id"]]
    assert progress["percent"] == 50
