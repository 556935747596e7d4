"""Issue 10's directory findings over HTTP, each now refused by the directory itself: a school
administrator raising their own role or unseating the head, anyone but the head or the
partnership naming the approver, other schools' staff emails, the coordinator's notes, and an
offer's owner verifying it."""

import uuid

from support.platform import DEMO_SCHOOL_URN

OTHER_URN = 900003


def _me(client) -> dict:
    return client.get("/api/v1/me").json()


def _error(response, status):
    assert response.status_code == status, response.text
    return response.json()["error"]


def test_a_school_admin_cannot_make_themselves_head_nor_take_the_heads_role(as_user):
    admin, head = as_user("school_admin"), as_user("headteacher")
    admin_id, head_id = _me(admin)["id"], _me(head)["id"]
    refused = _error(
        admin.post(f"/api/v1/people/{admin_id}/roles", json={"role": "headteacher"}), 403
    )
    assert refused["code"] == "FORBIDDEN"
    _error(
        admin.post(
            f"/api/v1/people/{head_id}/roles", json={"role": "headteacher", "assigned": False}
        ),
        403,
    )
    assert _me(admin)["roles"] == ["school_admin"]
    assert _me(head)["roles"] == ["headteacher"]
    # nor register a second head for the school
    body = {
        "email": f"h-{uuid.uuid4().hex[:8]}@northshore.demo.partnership.test",
        "name": "Second Head",
        "school_urn": DEMO_SCHOOL_URN,
        "roles": ["headteacher"],
    }
    assert "roles" in _error(admin.post("/api/v1/people", json=body), 403)["fields"]


def test_only_the_head_or_the_partnership_names_the_approver(as_user):
    admin, head, coordinator = (
        as_user("school_admin"),
        as_user("headteacher"),
        as_user("coordinator"),
    )
    path = f"/api/v1/schools/{DEMO_SCHOOL_URN}/approver"
    head_id, admin_id = _me(head)["id"], _me(admin)["id"]
    assert (
        coordinator.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()["approver_person_id"]
        == head_id
    )
    _error(admin.request("PUT", path, json={"person_id": admin_id}), 403)
    not_eligible = _error(head.request("PUT", path, json={"person_id": admin_id}), 422)
    assert "person_id" in not_eligible["fields"]
    kept = head.request("PUT", path, json={"person_id": head_id})
    assert kept.status_code == 200 and kept.json()["approver_person_id"] == head_id
    _error(head.request("PUT", path, json={"person_id": 5}), 422)


def test_other_schools_staff_emails_and_the_coordinators_notes_are_not_shown(as_user):
    teacher, coordinator = as_user("teacher"), as_user("coordinator")
    elsewhere = teacher.get("/api/v1/people", params={"school_urn": OTHER_URN}).json()["items"]
    assert elsewhere and all(p["email"] is None for p in elsewhere)
    own = teacher.get("/api/v1/people", params={"school_urn": DEMO_SCHOOL_URN}).json()["items"]
    assert own and all("@" in p["email"] for p in own)
    listed = coordinator.get("/api/v1/people", params={"school_urn": OTHER_URN}).json()["items"]
    assert all("@" in p["email"] for p in listed)

    noted = coordinator.request(
        "PATCH", f"/api/v1/schools/{OTHER_URN}", json={"notes": "Needs a visit"}
    )
    assert noted.status_code == 200 and noted.json()["notes"] == "Needs a visit"
    assert teacher.get(f"/api/v1/schools/{OTHER_URN}").json()["notes"] is None
    assert as_user("headteacher").get(f"/api/v1/schools/{OTHER_URN}").json()["notes"] is None
    assert as_user("la_officer").get(f"/api/v1/schools/{OTHER_URN}").json()["notes"] == (
        "Needs a visit"
    )


def test_an_offers_owner_cannot_verify_it(as_user):
    teacher = as_user("teacher")
    offer = {
        "school_urn": DEMO_SCHOOL_URN,
        "person_id": _me(teacher)["id"],
        "area": "reading",
        "title": f"Reading aloud {uuid.uuid4().hex[:6]}",
        "academic_year": "2026-27",
        "capacity_days": 2,
    }
    refused = _error(
        teacher.post("/api/v1/offers", json={**offer, "last_verified_on": "2026-11-20"}), 403
    )
    assert list(refused["fields"]) == ["last_verified_on"]
    created = teacher.post("/api/v1/offers", json=offer)
    assert created.status_code == 201 and created.json()["last_verified_on"] is None
    offer_id = created.json()["id"]
    _error(
        teacher.post(f"/api/v1/offers/{offer_id}/verify", json={"verified_on": "2026-11-20"}), 403
    )
    endorsed = {"evidence": {"endorsements": [{"by_name": "Myself"}]}}
    assert (
        "evidence.endorsements"
        in _error(teacher.request("PATCH", f"/api/v1/offers/{offer_id}", json=endorsed), 403)[
            "fields"
        ]
    )
    verified = as_user("headteacher").post(
        f"/api/v1/offers/{offer_id}/verify", json={"verified_on": "2026-11-20"}
    )
    assert verified.status_code == 200 and verified.json()["last_verified_on"] == "2026-11-20"


def test_a_schools_ledger_hides_confidential_case_rows_from_its_staff(as_user):
    coordinator, head = as_user("coordinator"), as_user("headteacher")
    offer = coordinator.post(
        "/api/v1/offers",
        json={
            "school_urn": DEMO_SCHOOL_URN,
            "area": "attendance",
            "title": f"Attendance clinic {uuid.uuid4().hex[:6]}",
            "academic_year": "2026-27",
            "capacity_days": 3,
        },
    ).json()
    request = coordinator.post(
        "/api/v1/support-requests",
        json={"school_urn": OTHER_URN, "area": "attendance", "description": "Persistent absence"},
    ).json()
    case = coordinator.post(
        "/api/v1/brokerage-cases",
        json={
            "request_id": request["id"],
            "offer_id": offer["id"],
            "scope": "Two families, confidential",
            "days": 1,
            "starts_on": "2027-01-10",
            "ends_on": "2027-02-10",
        },
    ).json()
    consented = head.post(f"/api/v1/brokerage-cases/{case['id']}/consent", json={"given": True})
    assert consented.status_code == 200 and consented.json()["status"] == "active"

    path = f"/api/v1/schools/{DEMO_SCHOOL_URN}/ledger"
    assert case["id"] in {e["case_id"] for e in head.get(path).json()["entries"]}
    for role in ("teacher", "school_admin"):
        ledger = as_user(role).get(path)
        assert ledger.status_code == 200
        assert case["id"] not in {e["case_id"] for e in ledger.json()["entries"]}
        _error(as_user(role).get(f"/api/v1/brokerage-cases/{case['id']}"), 403)
    _error(as_user("teacher").get(f"/api/v1/schools/{OTHER_URN}/ledger"), 403)
