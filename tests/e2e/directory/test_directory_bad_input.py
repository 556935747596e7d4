"""Bad input to the directory's routes gets a 4xx JSON error naming the field, never a 500."""

import pytest

CASES = [
    ("coordinator", "POST", "/api/v1/people", {"email": "x", "name": ""}, 422, {"email", "name"}),
    (
        "coordinator",
        "POST",
        "/api/v1/people",
        {"email": "a@b.test", "name": "A", "roles": ["king"]},
        422,
        {"roles"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/people",
        {"email": "a@b.test", "name": "A", "year_groups": ["Year 99"]},
        422,
        {"year_groups"},
    ),
    ("coordinator", "PATCH", "/api/v1/schools/900001", {"cluster": 5}, 422, {"cluster"}),
    ("coordinator", "PATCH", "/api/v1/schools/900001", {"colour": "red"}, 422, {"colour"}),
    (
        "la_officer",
        "PUT",
        "/api/v1/schools/900001/ofsted",
        {"ofsted_rating": "Great"},
        422,
        {"ofsted_rating"},
    ),
    (
        "la_officer",
        "PUT",
        "/api/v1/schools/900001/ofsted",
        {"report_card": {"grades": {"vibes": "exceptional"}}},
        422,
        {"report_card"},
    ),
    (
        "la_officer",
        "POST",
        "/api/v1/moderation-selections",
        {"academic_year": "2026-28", "urns": []},
        422,
        {"academic_year"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/groups/cpd/offices",
        {"office": "treasurer", "person_id": "x", "starts_on": "2026-01-01"},
        422,
        {"office"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/offers",
        {
            "school_urn": 900001,
            "area": "maths",
            "title": "T",
            "academic_year": "2026-27",
            "capacity_days": 0,
        },
        422,
        {"capacity_days"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/offers",
        {
            "school_urn": 900001,
            "area": "maths",
            "title": "T",
            "academic_year": "2026-27",
            "capacity_days": 2,
            "last_verified_on": "2026-05-01",
            "verification_due_on": "2026-01-01",
        },
        422,
        {"verification_due_on"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/support-requests",
        {"school_urn": 900001, "area": "nope", "description": "d"},
        422,
        {"area"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/support-requests",
        {"school_urn": 900001, "area": "maths", "description": "d", "urgency": "yesterday"},
        422,
        {"urgency"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/brokerage-cases",
        {
            "request_id": "r",
            "offer_id": "o",
            "scope": "s",
            "days": -1,
            "starts_on": "2026-01-01",
            "ends_on": "2026-02-01",
        },
        422,
        {"days"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/brokerage-cases",
        {
            "request_id": "r",
            "offer_id": "o",
            "scope": "s",
            "days": 1,
            "starts_on": "2026-01-01",
            "ends_on": "2026-02-01",
        },
        404,
        {"request_id"},
    ),
    ("coordinator", "POST", "/api/v1/support-areas", {"id": "Bad Id", "name": "x"}, 422, {"id"}),
    ("coordinator", "POST", "/api/v1/support-areas", {"id": "maths", "name": "Maths"}, 409, {"id"}),
]


# every list in a request has a maximum length
CASES += [
    (
        "coordinator",
        "POST",
        "/api/v1/people",
        {"email": "a@b.test", "name": "A", "subjects": [f"S{n}" for n in range(31)]},
        422,
        {"subjects"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/people",
        {"email": "a@b.test", "name": "A", "roles": ["teacher"] * 11},
        422,
        {"roles"},
    ),
    (
        "coordinator",
        "POST",
        "/api/v1/brokerage-cases",
        {
            "request_id": "r",
            "offer_id": "o",
            "scope": "s",
            "days": 1,
            "starts_on": "2026-01-01",
            "ends_on": "2026-02-01",
            "review_dates": ["2026-01-15"] * 21,
        },
        422,
        {"review_dates"},
    ),
    (
        "coordinator",
        "PATCH",
        "/api/v1/offers/demo-offer-maths",
        {"evidence": {"accreditations": [{"name": "A"}] * 21}},
        422,
        {"evidence"},
    ),
    (
        "coordinator",
        "PUT",
        "/api/v1/schools/900001/approver",
        {"person_id": "x" * 65},
        422,
        {"person_id"},
    ),
]


def _named(expected: set, fields: dict) -> bool:
    """Each expected field is named, itself or as the head of a dotted name (``report_card.x``)."""
    return all(any(f == e or f.startswith(e + ".") for f in fields) for e in expected)


@pytest.mark.parametrize("role, method, path, body, status, fields", CASES)
def test_bad_bodies_are_refused_naming_the_field(as_user, role, method, path, body, status, fields):
    response = as_user(role).request(method, path, json=body)
    assert response.status_code == status, response.text
    assert _named(fields, response.json()["error"].get("fields", {})), response.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/schools?per_page=0",
        "/api/v1/schools?moderation_year=next",
        "/api/v1/people?role=wizard",
        "/api/v1/people?year_group=Year%2099",
        "/api/v1/offers?min_days=-1",
        "/api/v1/offers?phase=Kindergarten",
        "/api/v1/role-holders?role=chair",
        "/api/v1/role-holders",
        "/api/v1/schools/900001/ledger?academic_year=2026-28",
    ],
)
def test_bad_query_strings_are_422(as_user, path):
    response = as_user("coordinator").get(path)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "INVALID_INPUT"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/schools/123",
        "/api/v1/people/nobody",
        "/api/v1/groups/nothing",
        "/api/v1/offers/none",
        "/api/v1/support-requests/none",
        "/api/v1/brokerage-cases/none",
        "/api/v1/schools/123/ledger",
    ],
)
def test_unknown_things_are_404(as_user, path):
    assert as_user("coordinator").get(path).status_code == 404
