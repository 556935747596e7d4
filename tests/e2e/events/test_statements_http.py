"""Statements over HTTP: a term as a school business manager writes it, the dates it covers,
people and schools named in the lines and the CSV, and the partnership-wide statement of what
every school owes (the coordinator and the LA officer only)."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import pytest

from support.platform import DEMO_SCHOOL_URN


def _next_february_9() -> date:
    today = datetime.now(UTC).date()
    day = date(today.year, 2, 9)
    return day if day > today + timedelta(days=7) else date(today.year + 1, 2, 9)


@pytest.fixture(scope="module")
def february_booking(as_user):
    """A paid course on 9 February (spring term) booked by the demo teacher."""
    coordinator, teacher = as_user("coordinator"), as_user("teacher")
    school = coordinator.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()
    day = _next_february_9()
    starts = datetime.combine(day, time(10), UTC)
    event = coordinator.post(
        "/api/v1/events",
        json={
            "title": "Spring phonics course",
            "kind": "course",
            "capacity": 5,
            "sessions": [
                {
                    "starts_at": starts.isoformat(),
                    "ends_at": (starts + timedelta(hours=2)).isoformat(),
                    "venue": "Northshore",
                }
            ],
            "pricing": {"price_pence": 4500, "by_type_group": {school["type_group"]: 4500}},
        },
    )
    assert event.status_code == 201, event.text
    booking = teacher.post(f"/api/v1/events/{event.json()['id']}/bookings", json={})
    assert booking.status_code == 201 and booking.json()["status"] == "confirmed"
    me = teacher.get("/api/v1/me").json()
    return {"day": day, "booking": booking.json(), "teacher": me, "school": school}


def _statement(client, term, **params):
    return client.get(
        f"/api/v1/schools/{DEMO_SCHOOL_URN}/statement", params={"term": term, **params}
    )


def test_a_february_booking_is_on_the_spring_statement_of_its_calendar_year(
    as_user, february_booking
):
    head = as_user("headteacher")
    year = february_booking["day"].year
    short = f"{year - 1}-{year % 100:02d}"
    for written in (f"{year}-spring", f"spring {year}", f"Spring {year}", f"{short} spring"):
        response = _statement(head, written)
        assert response.status_code == 200, (written, response.text)
        found = response.json()
        assert found["term"] == f"{year}-spring", written
        assert (found["starts_on"], found["ends_on"]) == (f"{year}-01-01", f"{year}-03-31")
        assert found["academic_year"] == short and found["term_label"] == f"Spring term {year}"
        booked = [line["booking_id"] for line in found["lines"]]
        assert february_booking["booking"]["id"] in booked, written
    # the academic year's start names the previous calendar year's spring: not this booking
    earlier = _statement(head, f"{year - 1}-spring").json()
    assert earlier["starts_on"] == f"{year - 1}-01-01"
    assert february_booking["booking"]["id"] not in [
        line["booking_id"] for line in earlier["lines"]
    ]


@pytest.mark.parametrize("term", ["2027-winter", "spring", "2026-28 spring", "x" * 60])
def test_an_unknown_term_is_refused_by_name(as_user, term):
    response = _statement(as_user("headteacher"), term)
    assert response.status_code == 422
    assert "term" in response.json()["error"]["fields"]
    other = as_user("coordinator").get("/api/v1/partnership/statement", params={"term": term})
    assert other.status_code == 422 and "term" in other.json()["error"]["fields"]


def test_statement_lines_and_csv_name_the_person_and_the_school(as_user, february_booking):
    head = as_user("headteacher")
    term = f"{february_booking['day'].year}-spring"
    teacher, school = february_booking["teacher"], february_booking["school"]
    found = _statement(head, term).json()
    assert found["school_name"] == school["name"]
    line = next(x for x in found["lines"] if x["booking_id"] == february_booking["booking"]["id"])
    assert (line["person_id"], line["person_name"]) == (teacher["id"], teacher["name"])
    assert (line["school_urn"], line["school_name"]) == (DEMO_SCHOOL_URN, school["name"])
    rows = list(csv.DictReader(io.StringIO(_statement(head, term, format="csv").text)))
    row = next(r for r in rows if r["booking_id"] == february_booking["booking"]["id"])
    assert (row["person_name"], row["school_name"]) == (teacher["name"], school["name"])
    assert row["price"] == "45.00"


def test_the_partnership_statement_shows_what_every_school_owes(as_user, february_booking):
    year = february_booking["day"].year
    school = february_booking["school"]
    for role in ("coordinator", "la_officer"):
        response = as_user(role).get(
            "/api/v1/partnership/statement", params={"term": f"Spring {year}"}
        )
        assert response.status_code == 200, response.text
        found = response.json()
        assert found["term"] == f"{year}-spring" and found["ends_on"] == f"{year}-03-31"
        owes = next(x for x in found["schools"] if x["school_urn"] == DEMO_SCHOOL_URN)
        assert owes["school_name"] == school["name"]
        assert owes["places"] >= 1 and owes["total_pence"] >= 4500
        assert found["total_pence"] == sum(x["total_pence"] for x in found["schools"])
    as_csv = as_user("la_officer").get(
        "/api/v1/partnership/statement", params={"term": f"{year}-spring", "format": "csv"}
    )
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert any(r["school_name"] == school["name"] for r in rows)
    for role in ("headteacher", "school_admin", "teacher"):
        refused = as_user(role).get("/api/v1/partnership/statement", params={"term": "2027-spring"})
        assert refused.status_code == 403, role
