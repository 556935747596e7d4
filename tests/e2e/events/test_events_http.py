"""Events over HTTP through every real process: booking rules, approval by the school's approver,
calendar feeds, statements, attendance and certificates, bad input (the demo head is
their school's designated approver)."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from contracts.school_year import term_of
from support.platform import DEMO_SCHOOL_URN
from support.time_travel import events_db, move_into_past
from support.waiting import eventually


def _event(**extra):
    start = datetime.now(UTC) + timedelta(days=20)
    return {
        "title": extra.pop("title", "E2E course"),
        "kind": extra.pop("kind", "course"),
        "capacity": extra.pop("capacity", 5),
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Northshore",
            }
        ],
        **extra,
    }


def test_a_teacher_books_is_confirmed_and_sees_it_in_their_calendar(as_user):
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    event = coordinator.post("/api/v1/events", json=_event(title="Calendar course")).json()
    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={})
    assert booking.status_code == 201 and booking.json()["status"] == "confirmed"
    assert booking.json()["school_urn"] == DEMO_SCHOOL_URN

    feed = teacher.get("/api/v1/me/calendar.ics")
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    uids = [str(v["UID"]) for v in Calendar.from_ical(feed.text).walk("VEVENT")]
    assert f"{event['id']}-s0@partnership-hub" in uids

    moved = coordinator.request(
        "PATCH",
        f"/api/v1/events/{event['id']}",
        json={"sessions": [{**_event()["sessions"][0], "venue": "Tideway"}]},
    )
    assert moved.status_code == 200 and moved.json()["sequence"] == 1
    school = as_user("headteacher").get(f"/api/v1/schools/{DEMO_SCHOOL_URN}/calendar.ics")
    entry = [
        v
        for v in Calendar.from_ical(school.text).walk("VEVENT")
        if str(v["UID"]).startswith(event["id"])
    ][0]
    assert int(entry["SEQUENCE"]) == 1 and str(entry["LOCATION"]) == "Tideway"


def test_approval_goes_to_the_schools_designated_approver(as_user):
    coordinator, teacher, head = as_user("coordinator"), as_user("teacher"), as_user("headteacher")
    event = coordinator.post(
        "/api/v1/events", json=_event(title="Approval course", requires_approval=True)
    ).json()
    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    assert booking["status"] == "pending_approval"
    head_id = head.get("/api/v1/me").json()["id"]
    assert booking["approver_id"] == head_id
    waiting = head.get("/api/v1/me/approvals").json()["items"]
    assert booking["id"] in [b["id"] for b in waiting]
    denied = teacher.post(f"/api/v1/bookings/{booking['id']}/approval", json={"approve": True})
    assert denied.status_code == 403
    approved = head.post(f"/api/v1/bookings/{booking['id']}/approval", json={"approve": True})
    assert approved.status_code == 200 and approved.json()["status"] == "confirmed"

    def told():
        items = teacher.get("/api/v1/me/notifications").json()["items"]
        return [n for n in items if "Approval course" in n["title"]]

    eventually(told, 15)


def test_attendance_gives_a_pdf_certificate_and_the_statement_is_csv(as_user, platform):
    coordinator, teacher, head = as_user("coordinator"), as_user("teacher"), as_user("headteacher")
    event = coordinator.post(
        "/api/v1/events",
        json=_event(title="Paid course", pricing={"price_pence": 5000, "by_type_group": {}}),
    ).json()
    booking = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    move_into_past(events_db(platform), event["id"])  # the course takes place
    event = coordinator.get(f"/api/v1/events/{event['id']}").json()
    me = teacher.get("/api/v1/me").json()["id"]
    assert (
        teacher.post(
            f"/api/v1/events/{event['id']}/attendance", json={"session": 0, "present": [me]}
        ).status_code
        == 403
    )
    marked = coordinator.post(
        f"/api/v1/events/{event['id']}/attendance", json={"session": 0, "present": [me]}
    )
    assert marked.status_code == 200 and marked.json()["certificates_issued"] == 1
    pdf = teacher.get(f"/api/v1/bookings/{booking['id']}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert (
        teacher.post(f"/api/v1/events/{event['id']}/feedback", json={"rating": 4}).status_code
        == 201
    )

    term = term_of(datetime.fromisoformat(event["sessions"][0]["starts_at"])).name
    statement = head.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}/statement", params={"term": term})
    assert statement.status_code == 200
    assert set(statement.json()) >= {"school_urn", "term", "lines", "total_pence"}
    as_csv = head.get(
        f"/api/v1/schools/{DEMO_SCHOOL_URN}/statement", params={"term": term, "format": "csv"}
    )
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    assert as_csv.text.splitlines()[0].startswith("booking_id")
    assert (
        teacher.get(
            f"/api/v1/schools/{DEMO_SCHOOL_URN}/statement", params={"term": term}
        ).status_code
        == 403
    )


def test_bad_input_and_rules_are_clear_4xx(as_user):
    coordinator, teacher, admin = (
        as_user("coordinator"),
        as_user("teacher"),
        as_user("school_admin"),
    )
    bad = dict(_event())
    bad["sessions"] = [{**bad["sessions"][0], "ends_at": "2020-01-01T00:00:00+00:00"}]
    response = coordinator.post("/api/v1/events", json=bad)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["sessions.0.ends_at"]
    assert teacher.post("/api/v1/events", json=_event()).status_code == 403

    later = datetime.now(UTC) + timedelta(days=5)
    closed = coordinator.post(
        "/api/v1/events", json=_event(booking_opens_at=later.isoformat())
    ).json()
    early = teacher.post(f"/api/v1/events/{closed['id']}/bookings", json={})
    assert early.status_code == 409 and "booking_window" in early.json()["error"]["fields"]

    event = coordinator.post("/api/v1/events", json=_event(capacity=1)).json()
    mine = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={}).json()
    assert admin.post(f"/api/v1/bookings/{mine['id']}/cancel").status_code == 403
    shrink = coordinator.request("PATCH", f"/api/v1/events/{event['id']}", json={"capacity": 0})
    assert shrink.status_code == 422
    heads = coordinator.post(
        "/api/v1/events", json=_event(audience={"roles": ["headteacher"]})
    ).json()
    outside = teacher.post(f"/api/v1/events/{heads['id']}/bookings", json={})
    assert outside.status_code == 403 and "person_id" in outside.json()["error"]["fields"]
    assert teacher.get("/api/v1/events/nope").status_code == 404
