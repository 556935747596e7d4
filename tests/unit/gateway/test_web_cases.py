"""The brokerage case pages on a Flask test client, the directory stood in for: the LA officer's
list and case pages (review, close with impact, cancel) and the providing head's consent page.
Each page renders; bad input is the same page again with status 400, an error summary linked to
each field and "Error: " in the title, with nothing sent; the directory's refusals come back on
the form, its Forbidden is the 403 page; the calls a page makes do not grow with its rows."""

import re

import pytest
from unit.gateway.booking_pages_stand_in import Services
from unit.gateway.stand_in import replace_calls
from werkzeug.datastructures import MultiDict

from contracts.caller import Caller
from contracts.errors import Conflict, Forbidden, InvalidInput
from gateway import auth
from gateway.app import create_app
from gateway.web import manage_cases, names, school_cases

OFFICER = Caller(id="la-1", roles=("la_officer",), name="Lee Officer")
PROVIDER_HEAD = Caller(id="head-5", roles=("headteacher",), school_urn=900005, name="Dee Head")
RECEIVER_HEAD = Caller(id="head-2", roles=("headteacher",), school_urn=900002, name="Mo Head")
CASE = {
    "id": "case-1",
    "request_id": "sr-1",
    "offer_id": "of-1",
    "area": "behaviour",
    "provider_urn": 900005,
    "provider_name": "Dune School (synthetic)",
    "receiver_urn": 900002,
    "receiver_name": "Marram Academy (synthetic)",
    "practitioner_person_id": "pr-1",
    "scope": "Behaviour systems",
    "days": 3.0,
    "days_delivered": None,
    "starts_on": "2027-01-05",
    "ends_on": "2027-03-26",
    "funding": "free",
    "cost_pence": 0,
    "review_dates": ["2027-02-01"],
    "reviews": [{"on": "2027-01-20", "notes": "Going well", "by": "la-1"}],
    "consent": {"status": "given", "by": "head-5", "on": "2026-12-01", "note": ""},
    "status": "active",
    "brokered_by": "la-1",
    "created_at": "2026-11-30T10:00:00+00:00",
}


class Directory(Services):
    """Stands in for the directory: answers by method, records every call."""

    def __init__(self):
        super().__init__()
        self.case = dict(CASE)
        self.rows = 3
        self.answers = {
            "get_case": lambda case_id: self.case,
            "list_cases": lambda q: {
                "items": [
                    {**self.case, "id": f"case-{n}", "provider_name": "" if n == 0 else "Dune"}
                    for n in range(self.rows)
                ],
                "total": self.rows,
            },
            "list_people": lambda q: {
                "items": [{"id": "la-1", "name": "Lee Officer"}, {"id": "head-5", "name": "Dee"}]
            },
            "list_schools": lambda q: {"items": [{"urn": 900005, "name": "Dune School"}]},
            "add_case_review": lambda case_id, body: self.case,
            "close_case": lambda case_id, body: self.case,
            "cancel_case": lambda case_id, body: self.case,
            "give_consent": lambda case_id, body: self.case,
        }


@pytest.fixture
def directory(monkeypatch):
    fake = Directory()
    for module in (manage_cases, school_cases, names):
        replace_calls(monkeypatch, module, fake)
    return fake


@pytest.fixture
def who():
    return {"caller": OFFICER}


@pytest.fixture
def client(monkeypatch, directory, who):
    """A test client signed in as ``who["caller"]`` (the token's checks stood in for)."""
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": who["caller"].id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda sub, ver, claims=None: who["caller"])
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


def _post(client, url, data: dict):
    pairs = [(k, item) for k, v in data.items() for item in (v if isinstance(v, list) else [v])]
    return client.post(url, data=MultiDict(pairs))


def _assert_error_page(response, *field_ids):
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html
    assert re.search(r"<title>\s*Error: ", html)
    assert "govuk-error-summary" in html
    for field_id in field_ids:
        assert f'href="#{field_id}' in html, field_id
        assert f'id="{field_id}-error"' in html, field_id


@pytest.mark.parametrize(
    "path", ["/manage/cases", "/manage/cases?status=active&page=2", "/manage/cases/case-1"]
)
def test_the_officer_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_the_list_names_both_schools_and_shows_the_status(client, directory):
    html = client.get("/manage/cases?status=active").get_data(as_text=True)
    assert "Dune School supporting Marram Academy (synthetic)" in html  # a name looked up
    assert "govuk-tag--green" in html and "Active" in html
    assert directory.called("list_cases")[0][0]["status"] == "active"


def test_an_unknown_status_shows_every_case(client, directory):
    assert client.get("/manage/cases?status=lost&page=x").status_code == 200
    assert "status" not in directory.called("list_cases")[0][0]


@pytest.mark.parametrize("rows", [1, 40])
def test_calls_do_not_grow_with_rows(client, directory, rows):
    directory.rows = rows
    client.get("/manage/cases")
    assert len(directory.calls) == 2  # list_cases, and list_schools for names missing
    directory.calls.clear()
    client.get("/school/cases")
    assert len(directory.calls) == 2


def test_the_case_page_names_people_and_offers_the_forms_of_an_active_case(client, directory):
    html = client.get("/manage/cases/case-1").get_data(as_text=True)
    assert "Going well" in html and "by Lee Officer" in html
    for button in ("Record the review", "Close the case", "Cancel the case"):
        assert button in html
    assert [m for m, _ in directory.calls] == ["get_case", "list_people"]


def test_a_closed_case_shows_its_impact_and_no_forms(client, directory):
    directory.case = {
        **CASE,
        "status": "closed",
        "impact": "Exclusions halved",
        "days_delivered": 2,
    }
    html = client.get("/manage/cases/case-1").get_data(as_text=True)
    assert "Exclusions halved" in html
    assert "Record the review" not in html and "Close the case" not in html


def test_a_review_checks_its_input_then_is_recorded(client, directory):
    bad = {"on": ["20", "", "2027"], "notes": " ", "next_review_on": ["1", "1", "2027"]}
    _assert_error_page(_post(client, "/manage/cases/case-1/review", bad), "on", "notes")
    bad = {"on": ["20", "1", "2027"], "notes": "Fine", "next_review_on": ["1", "1", "2027"]}
    _assert_error_page(_post(client, "/manage/cases/case-1/review", bad), "next_review_on")
    assert directory.called("add_case_review") == []
    good = {"on": ["20", "1", "2027"], "notes": " Fine ", "next_review_on": ["", "", ""]}
    response = _post(client, "/manage/cases/case-1/review", good)
    assert response.status_code == 302
    assert directory.called("add_case_review") == [
        ("case-1", {"on": "2027-01-20", "notes": "Fine", "next_review_on": None})
    ]


def test_closing_needs_an_impact_and_days_in_halves(client, directory):
    bad = {"impact": "", "days_delivered": "1.3"}
    _assert_error_page(_post(client, "/manage/cases/case-1/close", bad), "impact", "days_delivered")
    assert directory.called("close_case") == []
    response = _post(
        client, "/manage/cases/case-1/close", {"impact": "Better", "days_delivered": ""}
    )
    assert response.status_code == 302
    assert directory.called("close_case") == [
        ("case-1", {"impact": "Better", "days_delivered": None})
    ]


def test_the_directory_refusal_comes_back_by_its_field(client, directory):
    directory.fail["close_case"] = InvalidInput(
        "More days delivered than agreed.", {"days_delivered": ["At most 3."]}
    )
    response = _post(client, "/manage/cases/case-1/close", {"impact": "x", "days_delivered": "5"})
    _assert_error_page(response, "days_delivered")
    assert "More days delivered than agreed." in response.get_data(as_text=True)


def test_a_case_no_longer_open_is_a_problem_on_the_form(client, directory):
    directory.fail["cancel_case"] = Conflict("The case is closed.", {"status": ["Closed."]})
    response = _post(client, "/manage/cases/case-1/cancel", {"reason": "No longer needed"})
    _assert_error_page(response, "reason")
    assert "This case has moved on" in response.get_data(as_text=True)


def test_cancelling_needs_a_reason(client, directory):
    _assert_error_page(_post(client, "/manage/cases/case-1/cancel", {"reason": ""}), "reason")
    assert directory.called("cancel_case") == []
    assert _post(client, "/manage/cases/case-1/cancel", {"reason": "Moved"}).status_code == 302


def test_forbidden_by_the_directory_is_the_403_page(client, directory):
    directory.fail["get_case"] = Forbidden("Only the two schools' heads see a case.")
    assert client.get("/manage/cases/case-1").status_code == 403
    del directory.fail["get_case"]
    directory.fail["close_case"] = Forbidden("Only the coordinator or the LA officer closes.")
    response = _post(client, "/manage/cases/case-1/close", {"impact": "x"})
    assert response.status_code == 403


def test_an_overlong_case_id_is_not_found(client, directory):
    assert client.get("/manage/cases/" + "x" * 65).status_code == 404
    assert directory.calls == []


def test_the_providing_head_is_asked_for_consent(client, directory, who):
    who["caller"] = PROVIDER_HEAD
    directory.case = {**CASE, "status": "awaiting_consent", "consent": None}
    html = client.get("/school/cases").get_data(as_text=True)
    assert "Waiting for your consent" in html and "/school/cases/case-0" in html
    html = client.get("/school/cases/case-1").get_data(as_text=True)
    assert "Do you agree to your school giving this support?" in html


def test_consent_checks_its_input_then_is_sent(client, directory, who):
    who["caller"] = PROVIDER_HEAD
    directory.case = {**CASE, "status": "awaiting_consent", "consent": None}
    _assert_error_page(_post(client, "/school/cases/case-1", {}), "given")
    _assert_error_page(_post(client, "/school/cases/case-1", {"given": "no"}), "note")
    _assert_error_page(_post(client, "/school/cases/case-1", {"given": "maybe"}), "given")
    assert directory.called("give_consent") == []
    response = _post(client, "/school/cases/case-1", {"given": "yes", "note": ""})
    assert response.status_code == 302
    assert directory.called("give_consent") == [("case-1", {"given": True, "note": ""})]


def test_the_receiving_head_sees_no_consent_form_and_is_refused_by_the_directory(
    client, directory, who
):
    who["caller"] = RECEIVER_HEAD
    directory.case = {**CASE, "status": "awaiting_consent", "consent": None}
    html = client.get("/school/cases/case-1").get_data(as_text=True)
    assert "Do you agree" not in html
    directory.fail["give_consent"] = Forbidden("Only the head of the school giving support.")
    assert _post(client, "/school/cases/case-1", {"given": "yes"}).status_code == 403


def test_consent_already_given_is_a_problem_on_the_form(client, directory, who):
    who["caller"] = PROVIDER_HEAD
    directory.fail["give_consent"] = Conflict("The case is active.", {"status": ["Active."]})
    response = _post(client, "/school/cases/case-1", {"given": "yes"})
    assert response.status_code == 400
    assert "This case has moved on" in response.get_data(as_text=True)
