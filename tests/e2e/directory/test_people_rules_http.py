"""Issue 12, people and roles in the directory over HTTP: an offer of support without
``person_id`` is the caller's own (a teacher), or their school's (its leaders)."""

from support.platform import DEMO_SCHOOL_URN


def _offer(**extra):
    return {
        "school_urn": DEMO_SCHOOL_URN,
        "area": "writing",
        "title": "Greater-depth writing coaching",
        "academic_year": "2026-27",
        "capacity_days": 2,
        **extra,
    }


def test_a_teacher_offering_without_person_id_offers_for_themselves(as_user):
    teacher, head = as_user("teacher"), as_user("headteacher")
    me = teacher.get("/api/v1/me").json()["id"]
    made = teacher.post("/api/v1/offers", json=_offer())
    assert made.status_code == 201, made.text
    assert made.json()["person_id"] == me
    # a head leaving it out offers for the whole school, as before
    school_offer = head.post("/api/v1/offers", json=_offer(title="Whole-school writing"))
    assert school_offer.status_code == 201 and school_offer.json()["person_id"] is None
    # a teacher still cannot offer someone else, nor for another school
    head_id = head.get("/api/v1/me").json()["id"]
    assert teacher.post("/api/v1/offers", json=_offer(person_id=head_id)).status_code == 403
    assert teacher.post("/api/v1/offers", json=_offer(school_urn=900002)).status_code == 403


def test_group_members_are_named_with_their_schools(as_user):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    me = teacher.get("/api/v1/me").json()
    group_id = coordinator.get("/api/v1/groups").json()["items"][0]["id"]
    added = coordinator.post(f"/api/v1/groups/{group_id}/members", json={"person_id": me["id"]})
    assert added.status_code == 200, added.text
    group = teacher.get(f"/api/v1/groups/{group_id}").json()
    assert me["id"] in group["members"]  # the ids stay
    mine = next(m for m in group["member_details"] if m["person_id"] == me["id"])
    school = teacher.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()
    assert mine == {
        "person_id": me["id"],
        "person_name": me["name"],
        "school_urn": DEMO_SCHOOL_URN,
        "school_name": school["name"],
    }
    listed = teacher.get("/api/v1/groups").json()["items"]
    assert any(m["person_name"] == me["name"] for g in listed for m in g["member_details"])
