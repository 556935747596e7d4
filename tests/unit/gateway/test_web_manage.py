"""The coordinator's and the LA officer's pages on a Flask test client, the services stood in
for: each page renders; bad input shows the same page again with an error summary linked to each
field and "Error: " in the title, and nothing is sent to a service; never a 500."""

import re

import pytest
from unit.gateway.stand_in import replace_calls

from contracts.caller import Caller
from contracts.errors import Conflict, Forbidden
from gateway import auth
from gateway.app import create_app
from gateway.web import manage, manage_la, manage_meetings, names

COORDINATOR = Caller(id="coord-1", roles=("coordinator",), name="Casey Coordinator")
SESSION = {
    "uid": "s1",
    "starts_at": "2026-12-10T09:30:00+00:00",
    "ends_at": "2026-12-10T12:00:00+00:00",
    "venue": "Northshore, hall",
}
EVENT = {
    "id": "ev-1",
    "title": "Phonics leadership course",
    "kind": "course",
    "capacity": 20,
    "confirmed_count": 1,
    "waitlist_count": 0,
    "status": "open",
    "requires_approval": False,
    "sessions": [SESSION, {**SESSION, "uid": "s2", "starts_at": "2026-12-17T09:30:00+00:00"}],
}
BOOKING = {
    "id": "bk-1",
    "event_id": "ev-1",
    "person_id": "teacher-1",
    "status": "confirmed",
    "attended_sessions": [0, 1],
    "certificate_id": "cert-1",
}
REQUEST = {
    "id": "tr-1",
    "topic": "Early reading",
    "phase": "Primary",
    "person_id": "teacher-1",
    "school_urn": 900001,
    "supporters": [],
    "status": "open",
}
SUPPORT = {
    "id": "sr-1",
    "school_urn": 900002,
    "school_name": "Marram Academy (synthetic)",
    "area": "behaviour",
    "description": "Help with behaviour systems",
    "urgency": "high",
    "status": "open",
    "days_wanted": 3.0,
}
OFFER = {
    "id": "demo-offer-behaviour",
    "school_urn": 900005,
    "school_name": "Dune School (synthetic)",
    "area": "behaviour",
    "title": "Whole-school behaviour systems",
    "capacity_days": 12.0,
    "days_committed": 0.0,
    "days_remaining": 12.0,
}


class Services:
    """Stands in for the services: answers by method, records every call."""

    def __init__(self):
        self.calls = []
        self.fail = {}
        self.answers = {
            "get_event": lambda *a: EVENT,
            "create_event": lambda body: {**EVENT, **body, "id": "ev-2"},
            "update_event": lambda event_id, body: {**EVENT, **body},
            "cancel_event": lambda event_id, body: {**EVENT, "status": "cancelled"},
            "list_event_bookings": lambda *a: {"items": [BOOKING], "total": 1},
            "list_people": lambda *a: {
                "items": [{"id": "teacher-1", "name": "Tom Teacher"}],
                "total": 1,
            },
            "record_attendance": lambda *a: {"present": [], "absent": [], "certificates_issued": 1},
            "list_clusters": lambda *a: {"items": [{"id": "north", "name": "North"}], "total": 1},
            "list_schools": lambda *a: {
                "items": [{"urn": 900001, "name": "Northshore Primary (synthetic)"}],
                "total": 1,
            },
            "create_rota": lambda body: {
                "cluster": "north",
                "academic_year": body["academic_year"],
                "meetings": [
                    {
                        **EVENT,
                        "id": "m-1",
                        "title": "Year 3 cluster meeting",
                        "host_school_urn": 900001,
                    }
                ],
            },
            "get_minutes": lambda *a: {"event_id": "m-1", "minutes": "", "actions": []},
            "publish_minutes": lambda event_id, body: body,
            "demand": lambda q: {
                "by": "topic",
                "rows": [
                    {
                        "key": "Early reading",
                        "requests": 1,
                        "supporters": 0,
                        "audit_mentions": 0,
                        "schools": 1,
                    }
                ],
            },
            "list_training_requests": lambda q: {"items": [REQUEST], "total": 1},
            "commission_course": lambda body: {
                **EVENT,
                "id": "ev-3",
                "title": body["course"]["title"],
            },
            "get_school": lambda urn: {
                "urn": urn,
                "name": "Northshore Primary (synthetic)",
                "phase": "Primary",
                "ofsted_rating": "Good",
                "report_card": None,
            },
            "update_ofsted": lambda urn, body: {"urn": urn, **body},
            "list_support_requests": lambda q: {"items": [SUPPORT], "total": 1},
            "get_support_request": lambda *a: SUPPORT,
            "suggest_offers": lambda *a: {"items": [OFFER], "total": 1},
            "broker_support": lambda body: {
                "id": "case-1",
                "request_id": "sr-1",
                "offer_id": body["offer_id"],
                "area": "behaviour",
                "provider_urn": 900005,
                "provider_name": "Dune School (synthetic)",
                "receiver_urn": 900002,
                "receiver_name": "Marram Academy (synthetic)",
                "days": body["days"],
                "starts_on": body["starts_on"],
                "ends_on": body["ends_on"],
                "funding": body["funding"],
                "cost_pence": 0,
                "status": "awaiting_consent",
            },
        }

    def __call__(self, service, method, *args):
        self.calls.append((method, args))
        if method in self.fail:
            raise self.fail[method]
        return self.answers[method](*args)

    def called(self, method):
        return [args for name, args in self.calls if name == method]


@pytest.fixture
def services(monkeypatch):
    fake = Services()
    for module in (manage, manage_la, manage_meetings, names):
        replace_calls(monkeypatch, module, fake)
    return fake


@pytest.fixture
def client(monkeypatch, services):
    """A test client signed in as the coordinator (the token's checks stood in for)."""
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": COORDINATOR.id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda sub, ver, claims=None: COORDINATOR)
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "WTF_CSRF_METHODS": [],
            "AMQP_URI": "amqp://x@127.0.0.1:1/",
        }
    )
    with app.test_client() as test_client:
        with test_client.session_transaction() as browser_session:
            browser_session["token"] = "signed-in"
        yield test_client


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _assert_error_page(response, *field_ids):
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html
    assert _title(html).startswith("Error: ")
    assert "govuk-error-summary" in html
    for field_id in field_ids:
        assert f'href="#{field_id}' in html, field_id
        assert f'id="{field_id}-error"' in html, field_id


GOOD_EVENT = {
    "title": "Reading for pleasure",
    "kind": "course",
    "description": "Two mornings",
    "capacity": "12",
    "session1_date": ["10", "12", "2026"],
    "session1_starts": "9:30",
    "session1_ends": "12:00",
    "session1_venue": "Northshore, hall",
    "session2_date": ["17", "12", "2026"],
    "session2_starts": "1:30pm",
    "session2_ends": "15:30",
    "session2_venue": "Northshore, library",
}


def _form(data: dict) -> list:
    """Form fields as (name, value) pairs; a date field's three parts under one name."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs


def _post(client, url, data):
    from werkzeug.datastructures import MultiDict

    return client.post(url, data=MultiDict(_form(data)))


@pytest.mark.parametrize(
    "path",
    [
        "/manage",
        "/manage/events/new",
        "/manage/events/ev-1",
        "/manage/events/ev-1/edit",
        "/manage/events/ev-1/register?session=2",
        "/manage/rotas/new",
        "/manage/events/ev-1/minutes",
        "/manage/demand",
        "/manage/schools/900001/ofsted",
        "/manage/support",
        "/manage/support/sr-1/broker",
    ],
)
def test_every_page_renders(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_an_event_with_two_sessions_is_created_in_london_time(client, services):
    response = _post(client, "/manage/events/new", GOOD_EVENT)
    assert response.status_code == 302
    (body,) = services.called("create_event")[0]
    assert body["title"] == "Reading for pleasure" and body["capacity"] == 12
    assert [s["starts_at"] for s in body["sessions"]] == [
        "2026-12-10T09:30:00+00:00",
        "2026-12-17T13:30:00+00:00",
    ]
    assert body["sessions"][1]["venue"] == "Northshore, library"


def test_bad_event_input_shows_every_problem_and_sends_nothing(client, services):
    bad = {
        **GOOD_EVENT,
        "title": " ",
        "capacity": "lots",
        "session1_date": ["10", "", "2026"],
        "session2_ends": "9:00",
        "session2_venue": "",
    }
    response = _post(client, "/manage/events/new", bad)
    _assert_error_page(
        response, "title", "capacity", "session1_date", "session2_ends", "session2_venue"
    )
    assert services.called("create_event") == []


def test_an_event_needs_a_session(client, services):
    data = {k: v for k, v in GOOD_EVENT.items() if not k.startswith("session")}
    _assert_error_page(_post(client, "/manage/events/new", data), "session1_date")
    assert services.called("create_event") == []


def test_a_date_missing_its_parts_is_a_problem_not_a_500(client, services):
    data = {**GOOD_EVENT, "session1_date": "10", "booking_closes": ["1"]}
    response = _post(client, "/manage/events/new", data)
    _assert_error_page(response, "session1_date")
    assert services.called("create_event") == []


def test_a_service_problem_comes_back_on_the_form(client, services):
    services.fail["update_event"] = Conflict("The event has already started")
    response = _post(client, "/manage/events/ev-1/edit", GOOD_EVENT)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The event has already started" in html


def test_forbidden_by_the_service_is_a_friendly_403(client, services):
    services.fail["create_event"] = Forbidden("Only the event's organisers may do that.")
    response = _post(client, "/manage/events/new", GOOD_EVENT)
    assert response.status_code == 403
    assert "You cannot do that" in response.get_data(as_text=True)


def test_cancelling_needs_a_reason(client, services):
    _assert_error_page(client.post("/manage/events/ev-1/cancel", data={}), "reason")
    assert services.called("cancel_event") == []
    response = client.post("/manage/events/ev-1/cancel", data={"reason": "Trainer unwell"})
    assert response.status_code == 302
    assert services.called("cancel_event") == [("ev-1", {"reason": "Trainer unwell"})]


def test_the_register_records_who_was_present_with_certificate_links(client, services):
    page = client.get("/manage/events/ev-1/register?session=1").get_data(as_text=True)
    assert "Tom Teacher" in page and "/bookings/bk-1/certificate.pdf" in page
    response = client.post("/manage/events/ev-1/register?session=2", data={"present": "teacher-1"})
    assert response.status_code == 302
    assert services.called("record_attendance") == [
        ("ev-1", {"session_number": 2, "present": ["teacher-1"]})
    ]


def test_the_register_refuses_a_stranger_and_a_missing_session(client, services):
    response = client.post("/manage/events/ev-1/register?session=1", data={"present": "nobody"})
    assert response.status_code == 400
    assert services.called("record_attendance") == []
    assert client.get("/manage/events/ev-1/register?session=9").status_code == 404
    assert client.get("/manage/events/ev-1/register?session=x").status_code == 404


def test_a_rota_lists_its_meetings_with_hosts(client, services):
    response = client.post(
        "/manage/rotas/new",
        data={"cluster": "north", "academic_year": "2027", "year_groups": ["Year 3"]},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Northshore Primary (synthetic)" in html
    assert "Year 3 cluster meeting" in html


def test_bad_rota_input(client, services):
    response = client.post("/manage/rotas/new", data={"cluster": "", "academic_year": "27"})
    _assert_error_page(response, "cluster", "academic_year", "year_groups")
    assert services.called("create_rota") == []


def test_minutes_need_text_and_an_action_owner_needs_an_action(client, services):
    response = client.post("/manage/events/m-1/minutes", data={"action1_owner": "Hana"})
    _assert_error_page(response, "minutes", "action1_text")
    assert services.called("publish_minutes") == []
    response = client.post(
        "/manage/events/m-1/minutes",
        data={"minutes": "We met.", "action1_text": "Share plans", "action1_owner": "Hana"},
    )
    assert response.status_code == 302
    assert services.called("publish_minutes") == [
        ("m-1", {"minutes": "We met.", "actions": [{"text": "Share plans", "owner": "Hana"}]})
    ]


def test_commissioning_checks_its_input_then_commissions(client, services):
    response = client.post("/manage/demand", data={"title": "", "starts": "25:00"})
    _assert_error_page(response, "request_ids", "title", "capacity", "day", "starts", "ends")
    assert services.called("commission_course") == []
    response = _post(
        client,
        "/manage/demand",
        {
            "request_ids": "tr-1",
            "title": "Early reading",
            "capacity": "20",
            "day": ["5", "2", "2027"],
            "starts": "9:00",
            "ends": "12:00",
            "venue": "Centre",
        },
    )
    assert response.status_code == 302
    (body,) = services.called("commission_course")[0]
    assert body["request_ids"] == ["tr-1"] and body["course"]["kind"] == "course"


def test_ofsted_grades_check_their_input_then_save(client, services):
    response = client.post("/manage/schools/900001/ofsted", data={"grade_inclusion": "bogus"})
    _assert_error_page(response, "inspected_on", "safeguarding", "grade_inclusion")
    assert services.called("update_ofsted") == []
    response = _post(
        client,
        "/manage/schools/900001/ofsted",
        {
            "inspected_on": ["14", "10", "2025"],
            "safeguarding": "met",
            "grade_inclusion": "exceptional",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    (urn, body) = services.called("update_ofsted")[0]
    assert urn == 900001
    assert body["report_card"] == {
        "inspected_on": "2025-10-14",
        "grades": {"inclusion": "exceptional"},
        "safeguarding": "met",
    }


def test_brokering_checks_its_input_then_opens_a_case(client, services):
    bad = {
        "scope": "",
        "days": "0.3",
        "starts_on": ["5", "1", "2027"],
        "ends_on": ["1", "1", "2027"],
    }
    _assert_error_page(
        _post(client, "/manage/support/sr-1/broker", bad), "offer_id", "scope", "days", "ends_on"
    )
    assert services.called("broker_support") == []
    good = {
        "offer_id": OFFER["id"],
        "scope": "Two days on routines",
        "days": "2",
        "starts_on": ["5", "1", "2027"],
        "ends_on": ["5", "2", "2027"],
        "funding": "free",
    }
    response = _post(client, "/manage/support/sr-1/broker", good)
    assert response.status_code == 200 and "Support brokered" in response.get_data(as_text=True)
    (body,) = services.called("broker_support")[0]
    assert body["days"] == 2.0 and body["starts_on"] == "2027-01-05"
