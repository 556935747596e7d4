"""Meeting roles, Teachmeet slots and running order, moderation selection and the support ledger
on a Flask test client, the services stood in for: each page renders; bad input shows the same
page again with an error summary and "Error: " in the title, and nothing is sent to a service; a
service's Forbidden is the 403 page; the number of calls a page makes does not grow with rows."""

import pytest
from unit.gateway import test_web_manage as manage_tests
from unit.gateway.stand_in import replace_calls
from unit.gateway.test_web_manage import _assert_error_page, _title
from werkzeug.datastructures import MultiDict

from contracts.errors import Conflict, Forbidden
from gateway.web import manage_ledger, manage_teachmeet, meeting_roles, names
from gateway.web.meetings_forms import current_academic_year

SESSION = {
    "uid": "s1",
    "starts_at": "2026-12-10T15:30:00+00:00",
    "ends_at": "2026-12-10T17:00:00+00:00",
    "venue": "Northshore, hall",
}
MEETING = {
    "id": "m-1",
    "title": "Year 3 cluster meeting",
    "kind": "cluster_meeting",
    "cluster": "north",
    "host_school_urn": 900001,
    "status": "open",
    "capacity": 30,
    "sessions": [SESSION],
}
TEACHMEET = {**MEETING, "id": "tm-1", "title": "Winter Teachmeet", "kind": "teachmeet"}
TEACHMEET.update(slot_count=6, slot_minutes=7, cluster=None, host_school_urn=None)
SCHOOLS = [
    {"urn": 900001, "name": "Northshore Primary (synthetic)", "phase": "Primary"},
    {"urn": 900002, "name": "Marram Academy (synthetic)", "phase": "Primary"},
]


def _people(n: int) -> list[dict]:
    return [
        {"id": f"p-{i}", "name": f"Person {i:03d}", "school_urn": 900001, "roles": ["teacher"]}
        for i in range(n)
    ]


def _slots(n: int) -> list[dict]:
    return [
        {
            "position": i + 1,
            "title": f"Talk {i}",
            "person_id": f"p-{i}",
            "school_urn": 900001,
            "starts_at": "2026-12-10T15:30:00+00:00",
            "minutes": 7,
        }
        for i in range(n)
    ]


def _case(n: int) -> dict:
    return {
        "id": f"case-{n}",
        "area": "behaviour",
        "provider_urn": 900005,
        "provider_name": "Dune School (synthetic)",
        "receiver_urn": 900001,
        "receiver_name": "Northshore Primary (synthetic)",
        "days": 3.0,
        "days_delivered": 2.5 if n % 2 else None,
        "academic_year": "2026-27",
        "starts_on": "2027-01-10",
        "ends_on": "2027-03-10",
        "funding": "free",
        "cost_pence": 0,
        "reviews": [{"on": "2027-02-01", "notes": "Going well", "by": "la-1"}],
        "impact": "Calmer corridors" if n % 2 else None,
        "status": "closed" if n % 2 else "active",
    }


class Services(manage_tests.Services):
    """The stand-in services of the manage pages' tests, answering for these pages; ``rows``
    is how many people, slots and cases a list holds."""

    def __init__(self, rows: int = 2):
        self.calls = []
        self.fail = {}
        self.rows = rows
        year = current_academic_year()
        self.answers = {
            "get_event": lambda event_id: TEACHMEET if event_id == "tm-1" else MEETING,
            "list_people": lambda q: {"items": _people(self.rows), "total": self.rows},
            "list_schools": lambda q: {
                "items": [{**SCHOOLS[0], "moderation_selected_years": [year]}, SCHOOLS[1]],
                "total": 2,
            },
            "list_clusters": lambda: {"items": [{"id": "north", "name": "North"}], "total": 1},
            "assign_meeting_roles": lambda event_id, body: {**MEETING, **body},
            "get_running_order": lambda event_id: {
                "event_id": event_id,
                "slots": _slots(self.rows),
                "published": False,
            },
            "claim_slot": lambda event_id, body: {"event_id": event_id, "slots": []},
            "publish_running_order": lambda event_id: {"slots": [], "published": True},
            "set_moderation_selection": lambda body: {
                "items": [s for s in SCHOOLS if s["urn"] in body["urns"]],
                "total": len(body["urns"]),
            },
            "get_school": lambda urn: {"urn": urn, "name": "Northshore Primary (synthetic)"},
            "school_ledger": lambda urn, q: {
                "urn": urn,
                "academic_year": q.get("academic_year"),
                "days_given": 0.0,
                "days_received": 5.5,
                "balance": -5.5,
                "entries": [],
            },
            "list_cases": lambda q: {
                "items": [_case(i) for i in range(self.rows)],
                "total": self.rows,
            },
        }


client = manage_tests.client  # the coordinator's signed-in test client, on these services


@pytest.fixture
def services(monkeypatch):
    fake = Services()
    for module in (manage_ledger, manage_teachmeet, meeting_roles, names):
        replace_calls(monkeypatch, module, fake)
    return fake


PAGES = [
    "/manage/events/m-1/roles",
    "/events/tm-1/slots",
    "/manage/events/tm-1/running-order",
    "/manage/moderation",
    "/manage/moderation?academic_year=2026-27&phase=Primary&cluster=north&q=north",
    "/manage/schools/900001/ledger",
    "/manage/schools/900001/ledger?academic_year=2026-27",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert not _title(response.get_data(as_text=True)).startswith("Error")


@pytest.mark.parametrize("path", PAGES)
def test_calls_a_page_makes_do_not_grow_with_rows(client, services, path):
    services.rows = 1
    client.get(path)
    few = len(services.calls)
    services.calls.clear()
    services.rows = 150
    response = client.get(path)
    assert response.status_code == 200
    assert len(services.calls) == few


def test_roles_page_offers_the_cluster_people_by_name_and_school(client, services):
    html = client.get("/manage/events/m-1/roles").get_data(as_text=True)
    assert "Person 000, Northshore Primary (synthetic)" in html
    assert services.called("list_people") == [({"per_page": 200, "cluster": "north"},)]


def test_naming_the_chair_and_minute_taker_sends_both(client, services):
    response = client.post(
        "/manage/events/m-1/roles", data={"chair_id": "p-0", "minute_taker_id": "p-1"}
    )
    assert response.status_code == 302
    assert services.called("assign_meeting_roles") == [
        ("m-1", {"chair_id": "p-0", "minute_taker_id": "p-1"})
    ]


@pytest.mark.parametrize(
    "data", [{}, {"chair_id": "", "minute_taker_id": ""}, {"chair_id": "x", "minute_taker_id": "y"}]
)
def test_roles_bad_input_is_the_same_page_with_errors(client, services, data):
    response = client.post("/manage/events/m-1/roles", data=data)
    _assert_error_page(response, "chair_id", "minute_taker_id")
    assert not services.called("assign_meeting_roles")


def test_roles_on_an_event_that_is_not_a_meeting_is_not_found(client):
    assert client.get("/manage/events/tm-1/roles").status_code == 404


def test_a_teachmeet_slot_is_claimed_with_its_title(client, services):
    response = client.post("/events/tm-1/slots", data={"title": "  Retrieval practice  "})
    assert response.status_code == 302
    assert services.called("claim_slot") == [("tm-1", {"title": "Retrieval practice"})]


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_slot_needs_a_short_title(client, services, title):
    _assert_error_page(client.post("/events/tm-1/slots", data={"title": title}), "title")
    assert not services.called("claim_slot")


def test_a_full_teachmeet_says_so_next_to_the_title(client, services):
    services.fail["claim_slot"] = Conflict("No slot left, or you already hold one.")
    response = client.post("/events/tm-1/slots", data={"title": "Retrieval practice"})
    _assert_error_page(response, "title")
    assert "No slot left" in response.get_data(as_text=True)


def test_the_running_order_shows_names_schools_and_times(client):
    html = client.get("/manage/events/tm-1/running-order").get_data(as_text=True)
    assert "Person 000, Northshore Primary (synthetic)" in html
    assert "3:30pm: Talk 0" in html
    assert "Publish the running order" in html


def test_publishing_the_running_order(client, services):
    response = client.post("/manage/events/tm-1/running-order/publish")
    assert response.status_code == 302
    assert services.called("publish_running_order") == [("tm-1",)]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/manage/events/tm-1/running-order/publish"),
        ("post", "/manage/events/m-1/roles"),
        ("post", "/manage/moderation"),
        ("get", "/manage/schools/900001/ledger"),
    ],
)
def test_a_service_forbidden_is_the_403_page(client, services, method, path):
    for name in ("publish_running_order", "assign_meeting_roles", "set_moderation_selection"):
        services.fail[name] = Forbidden("Only the LA officer.")
    services.fail["school_ledger"] = Forbidden("Only the partnership roles.")
    data = {"chair_id": "p-0", "minute_taker_id": "p-1", "urns": ["900002"]}
    response = getattr(client, method)(path, data=data)
    assert response.status_code == 403, response.get_data(as_text=True)
    assert "You cannot do that" in response.get_data(as_text=True)


def test_moderation_selects_ticked_and_deselects_unticked_schools(client, services):
    year = current_academic_year()
    response = client.post("/manage/moderation", data=MultiDict([("urns", "900002")]))
    assert response.status_code == 302
    assert services.called("set_moderation_selection") == [
        ({"academic_year": year, "urns": [900002], "selected": True},),
        ({"academic_year": year, "urns": [900001], "selected": False},),
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Selected for " + year + ": Marram Academy (synthetic)." in page


def test_moderation_page_names_the_selected_schools(client):
    html = client.get("/manage/moderation").get_data(as_text=True)
    assert "Northshore Primary (synthetic)</a>" in html
    assert 'value="900001" checked' in html
    assert 'value="900002" checked' not in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("academic_year=2026", "academic_year"),
        ("academic_year=2026-28", "academic_year"),
        ("academic_year=", "academic_year"),
        ("academic_year=2026-27&phase=Nowhere", "phase"),
        ("academic_year=2026-27&cluster=atlantis", "cluster"),
    ],
)
def test_moderation_bad_filters_send_nothing(client, services, query, field):
    response = client.get("/manage/moderation?" + query)
    _assert_error_page(response, field)
    assert not services.called("list_schools")
    response = client.post("/manage/moderation?" + query, data={"urns": ["900001"]})
    _assert_error_page(response, field)
    assert not services.called("set_moderation_selection")


def test_moderation_unknown_school_is_refused_on_the_page(client, services):
    response = client.post("/manage/moderation", data={"urns": ["123456"]})
    _assert_error_page(response, "urns")
    assert not services.called("set_moderation_selection")


def test_the_ledger_shows_cases_days_reviews_and_impact(client):
    html = client.get("/manage/schools/900001/ledger").get_data(as_text=True)
    for text in (
        "Days received from other schools",
        "5.5",
        "5.5 more received than given",
        "Support received from Dune School (synthetic)",
        "Going well",
        "Calmer corridors",
        "Days delivered",
    ):
        assert text in html, text


@pytest.mark.parametrize("year", ["2026", "26-27", "2026-2027", "2026-26"])
def test_the_ledger_refuses_a_bad_year(client, services, year):
    response = client.get(f"/manage/schools/900001/ledger?academic_year={year}")
    _assert_error_page(response, "academic_year")
    assert not services.called("school_ledger")
