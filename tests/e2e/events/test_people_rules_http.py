"""Issue 12, people and roles, over HTTP: vacant posts fall back in one documented order (the
approver of bookings), names beside ids in booking lists, and why a booking waits."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from support.platform import DEMO_PASSWORD, Client


# these tests add schools and people: a platform of their own, so the shared one keeps the demo's
@pytest.fixture(scope="module")
def platform(private_platform):
    return private_platform


@pytest.fixture(scope="module")
def as_user(as_private_user):
    return as_private_user


def _event(**extra):
    start = datetime.now(UTC) + timedelta(days=45)
    return {
        "title": extra.pop("title", "People rules course"),
        "kind": extra.pop("kind", "course"),
        "capacity": extra.pop("capacity", 10),
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Hub",
            }
        ],
        **extra,
    }


def new_school(platform, coordinator, staff: dict[str, list[str]], cluster=None):
    """A school of the test's own with ``staff`` (name -> roles), each signed in:
    ``(urn, {name: (person id, client)})``."""
    urn = 8000000 + uuid.uuid4().int % 999999
    body = {"urn": urn, "name": f"Test school {urn}", "phase": "Primary", "type": "Academy"}
    if cluster:
        body["cluster"] = cluster
    created = coordinator.post("/api/v1/schools", json=body)
    assert created.status_code == 201, created.text
    people = {}
    for name, roles in staff.items():
        email = f"{name}-{uuid.uuid4().hex[:8]}@school{urn}.test"
        person = {"email": email, "name": f"{name.title()} {urn}", "school_urn": urn}
        person.update(roles=roles, password=DEMO_PASSWORD)
        made = coordinator.post("/api/v1/people", json=person)
        assert made.status_code == 201, made.text
        people[name] = (made.json()["id"], Client(platform.url, platform.token(email)))
    return urn, people


def test_a_school_with_a_deputy_but_no_head_has_its_bookings_approved_by_the_deputy(
    platform, as_user
):
    coordinator = as_user("coordinator")
    urn, people = new_school(
        platform, coordinator, {"deputy": ["deputy_head"], "teacher": ["teacher"]}
    )
    (deputy_id, deputy), (_, teacher) = people["deputy"], people["teacher"]
    school = coordinator.get(f"/api/v1/schools/{urn}").json()
    assert school["approver_id"] == deputy_id and school["approver_source"] == "deputy_head"
    event = coordinator.post("/api/v1/events", json=_event(requires_approval=True)).json()
    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    assert booking["status"] == "pending_approval" and booking["approver_id"] == deputy_id
    waiting = deputy.get("/api/v1/me/approvals").json()["items"]
    assert booking["id"] in [b["id"] for b in waiting]
    answered = deputy.post(f"/api/v1/bookings/{booking['id']}/approval", json={"approve": True})
    assert answered.status_code == 200 and answered.json()["status"] == "confirmed"


def test_the_fallback_order_puts_the_business_manager_before_the_administrator(platform, as_user):
    coordinator = as_user("coordinator")
    urn, people = new_school(
        platform,
        coordinator,
        {"admin": ["school_admin"], "bursar": ["business_manager"], "teacher": ["teacher"]},
    )
    school = coordinator.get(f"/api/v1/schools/{urn}").json()
    assert school["approver_id"] == people["bursar"][0]
    assert school["approver_source"] == "business_manager"
    event = coordinator.post("/api/v1/events", json=_event(requires_approval=True)).json()
    booking = people["teacher"][1].post(f"/api/v1/events/{event['id']}/bookings", json={})
    assert booking.json()["approver_id"] == people["bursar"][0]
    refused = people["admin"][1].post(
        f"/api/v1/bookings/{booking.json()['id']}/approval", json={"approve": True}
    )
    assert refused.status_code == 403


def test_a_cluster_meetings_chair_and_minute_taker_come_from_the_cluster(platform, as_user):
    coordinator, head = as_user("coordinator"), as_user("headteacher")
    mine = coordinator.get("/api/v1/schools/900001").json()["cluster"]
    clusters = [c["id"] for c in coordinator.get("/api/v1/clusters").json()["items"]]
    elsewhere = next(c for c in clusters if c != mine)
    _, outsiders = new_school(platform, coordinator, {"outsider": ["teacher"]}, elsewhere)
    outsider = outsiders["outsider"][0]
    rota = coordinator.post(
        "/api/v1/rotas", json={"cluster": mine, "academic_year": 2033, "year_groups": ["Year 6"]}
    )
    assert rota.status_code == 201, rota.text
    path = f"/api/v1/events/{rota.json()['meetings'][0]['id']}/meeting-roles"
    me = head.get("/api/v1/me").json()["id"]
    for field in ("chair_id", "minute_taker_id"):
        roles = {"chair_id": me, "minute_taker_id": me, field: outsider}
        refused = coordinator.request("PUT", path, json=roles)
        assert refused.status_code == 422, refused.text
        assert list(refused.json()["error"]["fields"]) == [field]
    unknown = coordinator.request("PUT", path, json={"chair_id": "nobody", "minute_taker_id": me})
    assert unknown.status_code == 422 and "chair_id" in unknown.json()["error"]["fields"]
    named = coordinator.request("PUT", path, json={"chair_id": me, "minute_taker_id": me})
    assert named.status_code == 200 and named.json()["minute_taker_id"] == me


def test_pathway_progress_counts_confirmed_places_names_things_and_shows_to_leaders(
    platform, as_user
):
    coordinator, teacher, head, admin = (
        as_user("coordinator"),
        as_user("teacher"),
        as_user("headteacher"),
        as_user("school_admin"),
    )
    full = coordinator.post("/api/v1/events", json=_event(title="Full course", capacity=1)).json()
    open_ = coordinator.post("/api/v1/events", json=_event(title="Open course")).json()
    assert coordinator.post(f"/api/v1/events/{full['id']}/bookings", json={}).status_code == 201
    pathway = coordinator.post(
        "/api/v1/pathways",
        json={"title": f"Pathway {uuid.uuid4().hex[:6]}", "course_ids": [full["id"], open_["id"]]},
    ).json()
    assert teacher.post(f"/api/v1/pathways/{pathway['id']}/enrolments").status_code == 201
    waiting = teacher.post(f"/api/v1/events/{full['id']}/bookings", json={}).json()
    assert waiting["status"] == "waitlisted"
    teacher.post(f"/api/v1/events/{open_['id']}/bookings", json={})
    path = f"/api/v1/pathways/{pathway['id']}/progress"
    mine = teacher.get(path).json()
    assert mine["booked"] == [open_["id"]] and mine["waiting"] == [full["id"]]
    assert full["id"] in mine["remaining"] and mine["percent"] == 0
    me = teacher.get("/api/v1/me").json()
    assert mine["person_name"] == me["name"] and mine["pathway_title"] == pathway["title"]
    assert [(c["title"], c["state"]) for c in mine["courses"]] == [
        ("Full course", "waiting"),
        ("Open course", "booked"),
    ]
    for reader in (head, coordinator):
        theirs = reader.get(path, params={"person_id": me["id"]})
        assert theirs.status_code == 200, theirs.text
        assert theirs.json()["person_id"] == me["id"] and theirs.json()["person_name"] == me["name"]
    _, strangers = new_school(platform, coordinator, {"head": ["headteacher"]})
    for outsider in (admin, strangers["head"][1]):
        refused = outsider.get(path, params={"person_id": me["id"]})
        assert refused.status_code == 403, refused.text


def test_a_person_with_no_year_groups_is_outside_a_year_group_audience(platform, as_user):
    coordinator = as_user("coordinator")
    _, people = new_school(platform, coordinator, {"none": ["teacher"], "year3": ["teacher"]})
    (_, nobody), (year3_id, year3) = people["none"], people["year3"]
    given = coordinator.request(
        "PATCH", f"/api/v1/people/{year3_id}", json={"year_groups": ["Year 3"]}
    )
    assert given.status_code == 200, given.text
    audience = {"year_groups": ["Year 3"]}
    event = coordinator.post("/api/v1/events", json=_event(audience=audience)).json()
    refused = nobody.post(f"/api/v1/events/{event['id']}/bookings", json={})
    assert refused.status_code == 403 and "Year 3" in refused.json()["error"]["message"]
    assert year3.post(f"/api/v1/events/{event['id']}/bookings", json={}).status_code == 201


def test_booking_lists_name_people_and_schools_and_say_where_and_why_each_waits(platform, as_user):
    coordinator, teacher, admin = (
        as_user("coordinator"),
        as_user("teacher"),
        as_user("school_admin"),
    )
    body = _event(title="Waiting reasons", capacity=2, per_school_cap=1)
    event = coordinator.post("/api/v1/events", json=body).json()
    path = f"/api/v1/events/{event['id']}/bookings"
    assert teacher.post(path, json={}).json()["status"] == "confirmed"
    capped = admin.post(path, json={}).json()  # a place is left, but the school is at its cap
    assert capped["status"] == "waitlisted" and capped["waitlist_reason"] == "school_cap_reached"
    urn, people = new_school(platform, coordinator, {"first": ["teacher"], "second": ["teacher"]})
    assert people["first"][1].post(path, json={}).json()["status"] == "confirmed"
    full = people["second"][1].post(path, json={}).json()
    assert full["status"] == "waitlisted" and full["waitlist_reason"] == "event_full"
    assert full["waitlist_position"] == 2
    listed = {b["id"]: b for b in coordinator.get(path).json()["items"]}
    assert listed[capped["id"]]["waitlist_position"] == 1
    assert listed[full["id"]]["waitlist_position"] == 2
    assert listed[full["id"]]["waitlist_reason"] == "event_full"
    assert listed[full["id"]]["person_name"] == f"Second {urn}"
    assert listed[full["id"]]["school_name"] == f"Test school {urn}"
    confirmed = [b for b in listed.values() if b["status"] == "confirmed"]
    assert all(b["person_name"] and b["waitlist_position"] is None for b in confirmed)
    mine = admin.get("/api/v1/me/bookings").json()["items"]
    waiting = next(b for b in mine if b["id"] == capped["id"])
    assert waiting["waitlist_position"] == 1 and waiting["waitlist_reason"] == "school_cap_reached"
    assert waiting["person_name"] == admin.get("/api/v1/me").json()["name"]
