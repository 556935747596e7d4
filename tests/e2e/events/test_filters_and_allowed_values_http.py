"""Filters and fixed lists over HTTP: a filter matches whatever the case (``phase=secondary``),
an unknown value is 422 naming the filter and listing the allowed values (never an empty 200),
the OpenAPI document lists those values, and a training request takes only a real phase and a
real strategic group (so ``/demand`` never grows rows for made-up ones)."""

import uuid

import pytest

from support.platform import DEMO_SCHOOL_URN

SAME_WHATEVER_THE_CASE = [
    ("/api/v1/events", "phase", "Primary", "primary"),
    ("/api/v1/events", "kind", "course", "COURSE"),
    ("/api/v1/events", "kind", "cluster_meeting", "Cluster meeting"),
    ("/api/v1/events", "cluster", "north", "NORTH"),
    ("/api/v1/events", "cluster", "north", "North"),
    ("/api/v1/events", "group", "cpd", "CPD"),
    ("/api/v1/schools", "phase", "Primary", "primary"),
    ("/api/v1/schools", "cluster", "north", "North"),
    ("/api/v1/schools", "status", "Open", "open"),
    ("/api/v1/people", "role", "teacher", "Teacher"),
    ("/api/v1/people", "phase", "Primary", "PRIMARY"),
    ("/api/v1/offers", "area", "reading", "Reading"),
    ("/api/v1/offers", "phase", "Primary", "primary"),
    ("/api/v1/support-requests", "status", "open", "Open"),
    ("/api/v1/me/bookings", "status", "confirmed", "Confirmed"),
    ("/api/v1/training-requests", "status", "open", "OPEN"),
    ("/api/v1/demand", "by", "cluster", "Cluster"),
]


@pytest.mark.parametrize(("path", "name", "exact", "written"), SAME_WHATEVER_THE_CASE)
def test_a_filter_matches_whatever_the_case(as_user, path, name, exact, written):
    client = as_user("coordinator")
    expected = client.get(path, params={name: exact, "per_page": 200})
    found = client.get(path, params={name: written, "per_page": 200})
    assert expected.status_code == 200, expected.text
    assert found.status_code == 200, found.text
    assert found.json() == expected.json()


def test_secondary_schools_are_found_as_secondary(as_user):
    client = as_user("teacher")
    found = client.get("/api/v1/schools", params={"phase": "secondary", "per_page": 200}).json()
    assert found["total"] > 0 and {s["phase"] for s in found["items"]} == {"Secondary"}


UNKNOWN = [
    ("/api/v1/events", "phase", "Bogus", "Primary"),
    ("/api/v1/events", "kind", "lecture", "course"),
    ("/api/v1/events", "cluster", "atlantis", "north"),
    ("/api/v1/events", "group", "astrology", "cpd"),
    ("/api/v1/schools", "phase", "Bogus", "Secondary"),
    ("/api/v1/schools", "cluster", "atlantis", "north"),
    ("/api/v1/schools", "type_group", "Spaceports", None),
    ("/api/v1/schools", "status", "Haunted", "Open"),
    ("/api/v1/schools", "type", "Castle", None),
    ("/api/v1/people", "phase", "Bogus", "Primary"),
    ("/api/v1/people", "cluster", "atlantis", "north"),
    ("/api/v1/people", "role", "wizard", "teacher"),
    ("/api/v1/offers", "area", "astrology", "reading"),
    ("/api/v1/offers", "cluster", "atlantis", "north"),
    ("/api/v1/support-requests", "area", "astrology", "reading"),
    ("/api/v1/support-requests", "status", "lost", "open"),
    ("/api/v1/brokerage-cases", "status", "lost", "active"),
    ("/api/v1/me/bookings", "status", "lost", "confirmed"),
    ("/api/v1/training-requests", "status", "lost", "open"),
    ("/api/v1/demand", "by", "weather", "topic"),
    (f"/api/v1/schools/{DEMO_SCHOOL_URN}/statement", "format", "pdf", "csv"),
]


@pytest.mark.parametrize(("path", "name", "value", "listed"), UNKNOWN)
def test_an_unknown_filter_value_is_422_listing_the_allowed_ones(
    as_user, path, name, value, listed
):
    response = as_user("coordinator").get(path, params={name: value})
    assert response.status_code == 422, response.text
    problems = response.json()["error"]["fields"][name]
    assert "Must be one of:" in problems[0]
    if listed:
        assert listed in problems[0]


def _parameters(spec: dict, path: str) -> dict:
    return {p["name"]: p.get("schema", {}) for p in spec["paths"][path]["get"]["parameters"]}


def test_the_openapi_document_lists_the_allowed_values(as_user):
    spec = as_user("teacher").get("/api/openapi.json").json()
    events = _parameters(spec, "/api/v1/events")
    assert "course" in events["kind"]["enum"] and "Secondary" in events["phase"]["enum"]
    schools = _parameters(spec, "/api/v1/schools")
    assert "Primary" in schools["phase"]["enum"]
    people = _parameters(spec, "/api/v1/people")
    assert "senco" in people["role"]["enum"] and "Year 6" in people["year_group"]["enum"]
    bookings = _parameters(spec, "/api/v1/me/bookings")
    assert "waitlisted" in bookings["status"]["enum"]
    card = spec["components"]["schemas"]["ReportCard"]["properties"]
    assert "exceptional" in card["grades"]["additionalProperties"]["enum"]
    assert "inclusion" in card["grades"]["x-enum-keys"]
    assert "met" in card["safeguarding"]["enum"]
    request = spec["components"]["schemas"]["TrainingRequestCreate"]["properties"]
    assert "Secondary" in request["phase"]["enum"]


def _ask(client, **extra):
    body = {"topic": f"Oracy {uuid.uuid4().hex[:6]}", "phase": "Primary", "reason": "Why"}
    return client.post("/api/v1/training-requests", json={**body, **extra})


def test_a_training_request_takes_only_a_real_phase_and_strategic_group(as_user):
    teacher, coordinator = as_user("teacher"), as_user("coordinator")
    fine = _ask(teacher, phase="secondary", strategic_group="CPD")
    assert fine.status_code == 201, fine.text
    assert (fine.json()["phase"], fine.json()["strategic_group"]) == ("Secondary", "cpd")
    bad_phase = _ask(teacher, phase="Bogus")
    assert bad_phase.status_code == 422
    assert "Primary" in bad_phase.json()["error"]["fields"]["phase"][0]
    bad_group = _ask(teacher, strategic_group="Knitting circle")
    assert bad_group.status_code == 422
    assert "cpd" in bad_group.json()["error"]["fields"]["strategic_group"][0]
    rows = coordinator.get("/api/v1/demand", params={"by": "strategic_group"}).json()["rows"]
    assert "Knitting circle" not in {row["key"] for row in rows}
    assert "cpd" in {row["key"] for row in rows}
