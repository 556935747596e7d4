"""The heads' and school administrators' pages on a Flask test client, the services stood in for:
bad input shows the same page again with every problem linked from an error summary and "Error: "
in the title, nothing is sent to a service, and nothing answers 500."""

import re

import pytest
from unit.gateway.stand_in import by_name

from contracts.caller import Caller
from contracts.errors import Conflict, Forbidden
from gateway import auth
from gateway.app import create_app
from gateway.web import school

URN = 900001
HEAD = Caller(id="head-1", roles=("headteacher",), school_urn=URN, name="Hana Head")
STAFF = [
    {"id": "head-1", "name": "Hana Head", "job_title": "Headteacher", "roles": ["headteacher"]},
    {"id": "teacher-1", "name": "Tom Teacher", "job_title": "", "roles": ["teacher"]},
]
EVENT = {
    "id": "ev-1",
    "title": "Phonics leadership course",
    "kind": "course",
    "capacity": 20,
    "confirmed_count": 2,
    "status": "scheduled",
    "pricing": {"price_pence": 7500, "by_type_group": {}},
    "sessions": [
        {
            "starts_at": "2026-12-10T09:30:00+00:00",
            "ends_at": "2026-12-10T12:00:00+00:00",
            "venue": "Northshore",
        }
    ],
}
WAITING = {
    "id": "bk-1",
    "event_id": "ev-1",
    "event_title": "Partnership leadership conference",
    "person_id": "teacher-1",
    "booked_by": "teacher-1",
    "status": "pending_approval",
    "price_pence": 0,
    "approval_deadline": "2026-12-05T17:00:00+00:00",
}


class Services:
    """Stands in for the services: answers by method, records every call."""

    def __init__(self):
        self.calls = []
        self.fail = {}
        self.answers = {
            "list_people": lambda *a: {"items": STAFF, "total": len(STAFF)},
            "get_school": lambda *a: {"urn": URN, "name": "Northshore Primary (synthetic)"},
            "get_event": lambda *a: EVENT,
            "list_events": lambda *a: {"items": [EVENT], "total": 1},
            "list_approvals": lambda *a: {"items": [WAITING], "total": 1},
            "get_booking": lambda *a: WAITING,
            "answer_approval": lambda *a: {**WAITING, "status": "confirmed"},
            "school_statement": lambda urn, q: {
                "school_urn": urn,
                "term": q["term"] or "2026-autumn",
                "lines": [
                    {
                        "booking_id": "bk-2",
                        "event_id": "ev-1",
                        "event_title": "Phonics leadership course",
                        "person_id": "teacher-1",
                        "starts_at": "2026-12-10T09:30:00+00:00",
                        "status": "confirmed",
                        "price_pence": 7500,
                    }
                ],
                "total_pence": 7500,
            },
            "school_statement_csv": lambda urn, q: "booking_id,price\r\nbk-2,75.00\r\n",
            "list_support_areas": lambda *a: {
                "items": [{"id": "early_reading", "name": "Early reading"}],
                "total": 1,
            },
            "create_support_request": lambda body: {**body, "id": "sr-1", "status": "open"},
            "submit_audit": lambda body: body,
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
    monkeypatch.setattr(school, "call", by_name(fake))
    booked = []

    def book_place(data):
        fake.calls.append(("book_place", (data,)))
        if "book_place" in fake.fail:
            raise fake.fail["book_place"]
        booked.append(data)
        return {**data, "id": "bk-9", "status": "confirmed"}

    monkeypatch.setattr(school.batching, "book_place", book_place)
    return fake


def _app(csrf: bool):
    config = {"TESTING": True, "WTF_CSRF_ENABLED": csrf, "AMQP_URI": "amqp://x@127.0.0.1:1/"}
    if not csrf:
        config["WTF_CSRF_METHODS"] = []  # the pages' own check (csrf_guard) stands down too
    return create_app(config)


@pytest.fixture
def client(monkeypatch, services):
    """A test client signed in as the Northshore head (the token's checks stood in for)."""
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": HEAD.id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda sub, ver, claims=None: HEAD)
    app = _app(csrf=False)
    with app.test_client() as test_client:
        with test_client.session_transaction() as browser_session:
            browser_session["token"] = "signed-in"
        yield test_client


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _assert_error_page(response, *field_ids):
    """The same form again: "Error: " in the title, a summary linking each field in error."""
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html
    assert _title(html).startswith("Error: ")
    assert "govuk-error-summary" in html
    for field_id in field_ids:
        assert f'href="#{field_id}' in html, field_id
        assert f'id="{field_id}-error"' in html, field_id


def test_the_approvals_page_lists_the_waiting_bookings_with_names(client, services):
    response = client.get("/approvals")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Partnership leadership conference" in html and "Tom Teacher" in html
    assert "Thursday 5 December 2026" not in html  # 5 December 2026 is a Saturday
    assert "Saturday 5 December 2026, 5pm" in html
    assert "Thursday 10 December 2026, 9:30am" in html  # the event starts
    assert len(services.called("list_approvals")) == 1
    assert len(services.called("list_people")) == 1
    assert services.called("list_events") == [({"ids": ["ev-1"], "page": 1, "per_page": 1},)]


def test_approving_says_so_and_refusing_without_a_reason_is_an_error(client, services):
    approved = client.post("/approvals/bk-1/approve", follow_redirects=True)
    assert "Booking approved" in approved.get_data(as_text=True)
    assert services.called("answer_approval")[0] == ("bk-1", {"approve": True, "note": ""})

    refused = client.post("/approvals/bk-1/refuse", data={"reason": "   "})
    _assert_error_page(refused, "reason")
    assert len(services.called("answer_approval")) == 1  # nothing more sent

    too_long = client.post("/approvals/bk-1/refuse", data={"reason": "x" * 1001})
    _assert_error_page(too_long, "reason")

    done = client.post(
        "/approvals/bk-1/refuse", data={"reason": "Cover is short"}, follow_redirects=True
    )
    assert "Booking refused" in done.get_data(as_text=True)
    assert services.called("answer_approval")[-1] == (
        "bk-1",
        {"approve": False, "note": "Cover is short"},
    )


def test_a_forbidden_answer_is_a_friendly_403_page(client, services):
    services.fail["answer_approval"] = Forbidden("Only the school's approver answers this.")
    response = client.post("/approvals/bk-1/approve")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Only the school&#39;s approver answers this." in html


def test_an_answered_booking_is_a_message_not_a_500(client, services):
    services.fail["answer_approval"] = Conflict("This booking is not waiting for approval.")
    response = client.post("/approvals/bk-1/approve", follow_redirects=True)
    assert response.status_code == 200
    assert "not waiting for approval" in response.get_data(as_text=True)


def test_booking_for_staff_needs_a_member_of_the_schools_staff(client, services):
    page = client.get("/events/ev-1/book-for")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Tom Teacher" in html
    assert '<a class="govuk-link" href="/events/ev-1">Phonics leadership course</a>' in html

    _assert_error_page(client.post("/events/ev-1/book-for", data={}), "person")
    _assert_error_page(client.post("/events/ev-1/book-for", data={"person": "stranger"}), "person")
    assert services.called("book_place") == []

    done = client.post("/events/ev-1/book-for", data={"person": "teacher-1"}, follow_redirects=True)
    assert "Tom Teacher: booked on Phonics leadership course" in done.get_data(as_text=True)
    assert services.called("book_place") == [({"event_id": "ev-1", "person_id": "teacher-1"},)]


def test_a_refused_booking_for_staff_shows_the_services_reason_by_the_field(client, services):
    services.fail["book_place"] = Forbidden("This event is for headteacher.")
    response = client.post("/events/ev-1/book-for", data={"person": "teacher-1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert _title(html).startswith("Error: ") and "This event is for headteacher." in html


def test_the_statement_names_staff_and_pounds_and_refuses_a_made_up_term(client, services):
    page = client.get("/school/statement?term=2026-autumn")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert (
        "Autumn term 2026" in html and "<strong>£75.00</strong>" in html and "Tom Teacher" in html
    )
    assert "/school/statement.csv?term=2026-autumn" in html

    _assert_error_page(client.get("/school/statement?term=1999-winter"), "term")
    assert services.called("school_statement") == [(URN, {"term": "2026-autumn"})]

    csv = client.get("/school/statement.csv?term=2026-autumn")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert client.get("/school/statement.csv?term=nonsense").status_code == 400


def test_my_school_shows_bookings_and_staff_in_a_fixed_number_of_calls(client, services):
    response = client.get("/school")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Northshore Primary (synthetic)" in html and "Tom Teacher" in html
    assert "/events/ev-1/book-for" in html
    assert '<a class="govuk-link" href="/events/ev-1">Phonics leadership course</a>' in html
    assert len(services.calls) == 4
    asked = services.called("list_events")[0][0]
    assert asked["from"] >= "2026-"  # upcoming events only: the contract's ``from`` is sent


def test_my_school_without_statement_rights_still_shows_staff(client, services):
    services.fail["school_statement"] = Forbidden("Only the school's head.")
    response = client.get("/school")
    assert response.status_code == 200
    assert "Only the school's head" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "form, fields",
    [
        ({}, ["area", "description", "urgency"]),
        ({"area": "made_up", "description": "Help", "urgency": "high"}, ["area"]),
        ({"area": "early_reading", "description": "  ", "urgency": "high"}, ["description"]),
        ({"area": "early_reading", "description": "Help", "urgency": "soon"}, ["urgency"]),
        (
            {"area": "early_reading", "description": "Help", "urgency": "low", "days_wanted": "x"},
            ["days_wanted"],
        ),
        (
            {"area": "early_reading", "description": "Help", "urgency": "low", "days_wanted": "0"},
            ["days_wanted"],
        ),
        (
            {
                "area": "early_reading",
                "description": "Help",
                "urgency": "low",
                "days_wanted": "nan",
            },
            ["days_wanted"],
        ),
    ],
)
def test_a_support_request_with_bad_input_is_shown_again(client, services, form, fields):
    _assert_error_page(client.post("/support/request", data=form), *fields)
    assert services.called("create_support_request") == []


def test_a_support_request_is_sent_for_my_school(client, services):
    response = client.post(
        "/support/request",
        data={
            "area": "early_reading",
            "description": "Phonics in year 1",
            "urgency": "high",
            "days_wanted": "1.5",
        },
    )
    assert response.status_code == 200
    assert "Support request sent" in response.get_data(as_text=True)
    assert services.called("create_support_request") == [
        (
            {
                "school_urn": URN,
                "area": "early_reading",
                "description": "Phonics in year 1",
                "urgency": "high",
                "days_wanted": 1.5,
            },
        )
    ]


@pytest.mark.parametrize(
    "form, fields",
    [
        ({}, ["academic_year", "priorities"]),
        ({"academic_year": "1990", "priorities": "Reading"}, ["academic_year"]),
        ({"academic_year": "2026", "priorities": " \n \n"}, ["priorities"]),
        ({"academic_year": "2026", "priorities": "\n".join(["p"] * 21)}, ["priorities"]),
        ({"academic_year": "2026", "priorities": "x" * 201}, ["priorities"]),
    ],
)
def test_an_audit_with_bad_input_is_shown_again(client, services, form, fields):
    _assert_error_page(client.post("/school/audit", data=form), *fields)
    assert services.called("submit_audit") == []


def test_an_audit_is_sent_one_priority_a_line(client, services):
    response = client.post(
        "/school/audit",
        data={"academic_year": "2026", "priorities": "Early reading\n\n  Maths mastery \n"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Your audit of need for 2026 to 2027 is sent" in response.get_data(as_text=True)
    assert services.called("submit_audit") == [
        (
            {
                "school_urn": URN,
                "academic_year": "2026-27",
                "priorities": ["Early reading", "Maths mastery"],
            },
        )
    ]


def test_a_form_post_without_its_csrf_token_is_refused(monkeypatch, services):
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": HEAD.id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda sub, ver, claims=None: HEAD)
    with _app(csrf=True).test_client() as test_client:
        with test_client.session_transaction() as browser_session:
            browser_session["token"] = "signed-in"
        response = test_client.post("/approvals/bk-1/approve")
    assert response.status_code == 400
    assert services.called("answer_approval") == []


def test_signed_out_visitors_are_sent_to_sign_in(services):
    with _app(csrf=False).test_client() as test_client:
        response = test_client.get("/school")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_titles_from_the_services_are_escaped_in_links(client, services):
    services.answers["get_event"] = lambda *a: {**EVENT, "title": "<script>x</script>"}
    html = client.get("/events/ev-1/book-for").get_data(as_text=True)
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
