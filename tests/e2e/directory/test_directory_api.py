"""The directory over HTTP through the gateway: schools, Ofsted, moderation, people, groups and the
school-to-school support flow, with its 4xx answers."""

import uuid

DEMO_URN = 900001


def test_schools_are_searched_by_name_phase_and_cluster(as_user):
    teacher = as_user("teacher")
    found = teacher.get("/api/v1/schools", params={"q": "northsh", "phase": "Primary"}).json()
    assert DEMO_URN in [s["urn"] for s in found["items"]]
    cluster = teacher.get(f"/api/v1/schools/{DEMO_URN}").json()["cluster"]
    in_cluster = teacher.get("/api/v1/schools", params={"cluster": cluster, "per_page": 100})
    assert {s["cluster"] for s in in_cluster.json()["items"]} == {cluster}
    assert teacher.get("/api/v1/schools/1").status_code == 404


def test_the_la_officer_edits_report_cards_and_nobody_else(as_user):
    card = {
        "report_card": {
            "inspected_on": "2026-10-01",
            "grades": {"inclusion": "strong_standard", "achievement": "needs_attention"},
            "safeguarding": "met",
        }
    }
    path = "/api/v1/schools/900011/ofsted"
    assert as_user("coordinator").request("PUT", path, json=card).status_code == 403
    response = as_user("la_officer").request("PUT", path, json=card)
    assert response.status_code == 200
    assert response.json()["report_card"]["grades"]["achievement"] == "needs_attention"
    bad = as_user("la_officer").request(
        "PUT", path, json={"report_card": {"grades": {"inclusion": "superb"}}}
    )
    assert bad.status_code == 422
    assert list(bad.json()["error"]["fields"]) == ["report_card.grades.inclusion.value"]


def test_moderation_selection_per_year(as_user):
    body = {"academic_year": "2030-31", "urns": [900009, 900011]}
    assert (
        as_user("headteacher").post("/api/v1/moderation-selections", json=body).status_code == 403
    )
    response = as_user("la_officer").post("/api/v1/moderation-selections", json=body)
    assert response.status_code == 200 and response.json()["total"] == 2
    selected = as_user("teacher").get("/api/v1/schools", params={"moderation_year": "2030-31"})
    assert sorted(s["urn"] for s in selected.json()["items"]) == [900009, 900011]
    unknown = as_user("la_officer").post(
        "/api/v1/moderation-selections", json={"academic_year": "2030-31", "urns": [1]}
    )
    assert unknown.status_code == 422 and "urns" in unknown.json()["error"]["fields"]


def test_people_with_year_groups_roles_and_duplicates(as_user):
    email = f"t-{uuid.uuid4().hex[:8]}@northshore.demo.partnership.test"
    body = {
        "email": email,
        "name": "Yara Yeargroup",
        "school_urn": DEMO_URN,
        "roles": ["teacher"],
        "year_groups": ["Year 3"],
        "subjects": ["Science"],
    }
    admin = as_user("school_admin")
    created = admin.post("/api/v1/people", json=body)
    assert created.status_code == 201 and created.json()["year_groups"] == ["Year 3"]
    assert admin.post("/api/v1/people", json=body).status_code == 409
    person_id = created.json()["id"]
    granted = admin.post(f"/api/v1/people/{person_id}/roles", json={"role": "senco"})
    assert "senco" in granted.json()["roles"]
    holders = as_user("teacher").get(
        "/api/v1/role-holders", params={"role": "senco", "school_urn": DEMO_URN}
    )
    assert person_id in [p["id"] for p in holders.json()["items"]]
    by_subject = as_user("teacher").get(
        "/api/v1/people", params={"subject": "Science", "q": "yara"}
    )
    assert [p["id"] for p in by_subject.json()["items"]] == [person_id]


def test_groups_show_chair_and_secretary(as_user):
    groups = as_user("teacher").get("/api/v1/groups").json()
    assert groups["total"] == 7
    assert all(g["chair"] and g["secretary"] for g in groups["items"])
    chair = as_user("teacher").get(
        "/api/v1/role-holders", params={"role": "chair", "group_id": "achievement"}
    )
    assert [p["name"] for p in chair.json()["items"]] == ["Pat Pier"]


def test_support_request_to_brokerage_case(as_user):
    head, coordinator, teacher = as_user("headteacher"), as_user("coordinator"), as_user("teacher")
    offer = coordinator.post(
        "/api/v1/offers",
        json={
            "school_urn": 900002,
            "area": "writing",
            "title": "Writing moderation coaching",
            "academic_year": "2026-27",
            "capacity_days": 3,
            "phases": ["Primary"],
        },
    ).json()
    assert offer["days_remaining"] == 3
    bad = coordinator.post(
        "/api/v1/offers",
        json={
            "school_urn": 900002,
            "area": "juggling",
            "title": "x",
            "academic_year": "2026-27",
            "capacity_days": -2,
        },
    )
    assert bad.status_code == 422
    assert {"capacity_days"} <= set(bad.json()["error"]["fields"])
    request = head.post(
        "/api/v1/support-requests",
        json={"school_urn": DEMO_URN, "area": "writing", "description": "Y6 writing"},
    )
    assert request.status_code == 201
    request_id = request.json()["id"]
    suggestions = head.get(f"/api/v1/support-requests/{request_id}/suggestions").json()
    assert offer["id"] in [s["id"] for s in suggestions["items"]]
    case_body = {
        "request_id": request_id,
        "offer_id": offer["id"],
        "scope": "Four visits",
        "days": 5,
        "starts_on": "2027-01-10",
        "ends_on": "2027-03-01",
    }
    assert head.post("/api/v1/brokerage-cases", json=case_body).status_code == 403
    too_many = coordinator.post("/api/v1/brokerage-cases", json=case_body)
    assert too_many.status_code == 409 and "days" in too_many.json()["error"]["fields"]
    backwards = coordinator.post(
        "/api/v1/brokerage-cases", json={**case_body, "days": 2, "ends_on": "2026-01-01"}
    )
    assert backwards.status_code == 422 and "ends_on" in backwards.json()["error"]["fields"]
    case = coordinator.post("/api/v1/brokerage-cases", json={**case_body, "days": 2})
    assert case.status_code == 201 and case.json()["status"] == "awaiting_consent"
    case_id = case.json()["id"]
    assert head.get(f"/api/v1/brokerage-cases/{case_id}").status_code == 200
    assert teacher.get(f"/api/v1/brokerage-cases/{case_id}").status_code == 403
    assert case_id not in [c["id"] for c in teacher.get("/api/v1/brokerage-cases").json()["items"]]
    assert coordinator.get(f"/api/v1/offers/{offer['id']}").json()["days_remaining"] == 1
    ranked = teacher.get("/api/v1/offers", params={"area": "writing", "near_urn": DEMO_URN})
    assert offer["id"] in [o["id"] for o in ranked.json()["items"]]
    assert head.get(f"/api/v1/schools/{DEMO_URN}/ledger").status_code == 200
    assert teacher.get("/api/v1/schools/900002/ledger").status_code == 403


def test_directory_routes_are_in_the_openapi_document(platform):
    import requests

    paths = requests.get(platform.url + "/api/openapi.json", timeout=10).json()["paths"]
    for path in (
        "/api/v1/schools/{urn}/ofsted",
        "/api/v1/offers",
        "/api/v1/support-requests/{request_id}/suggestions",
        "/api/v1/brokerage-cases/{case_id}/consent",
        "/api/v1/groups/{group_id}/offices",
        "/api/v1/role-holders",
    ):
        assert path in paths


def test_a_school_entered_by_hand_needs_a_new_urn_and_a_known_cluster(as_user):
    # (creation itself is covered at RPC level: the shared demo keeps its twelve schools)
    body = {
        "urn": DEMO_URN,
        "name": "Windmill Free School (synthetic)",
        "phase": "Primary",
        "type": "Free schools",
        "cluster": "east",
    }
    coordinator = as_user("coordinator")
    assert as_user("teacher").post("/api/v1/schools", json=body).status_code == 403
    again = coordinator.post("/api/v1/schools", json=body)
    assert again.status_code == 409 and "urn" in again.json()["error"]["fields"]
    bad = coordinator.post("/api/v1/schools", json={**body, "urn": 8909998, "cluster": "west"})
    assert bad.status_code == 422 and "cluster" in bad.json()["error"]["fields"]
