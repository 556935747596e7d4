"""The training requests pages on a Flask test client, the services stood in for: the list shows
who asked by school name and how many support each request, with a support button only on
others' requests; asking for training with bad input is the same page again with an error summary
and "Error: " in the title, and nothing sent; a Forbidden from a service is the 403 page; the
number of calls a page does not grow with the number of requests."""

import re

import pytest
from unit.gateway.stand_in import replace_calls
from werkzeug.datastructures import MultiDict

from contracts.caller import Caller
from contracts.errors import Forbidden, InvalidInput, NotFound
from gateway import auth
from gateway.app import create_app
from gateway.web import directory, manage_meetings, names, requests

TEACHER = Caller(id="teacher-1", roles=("teacher",), school_urn=900001, name="Tom Teacher")


def _request(number: int, person_id: str = "head-2", supporters=()) -> dict:
    return {
        "id": f"tr-{number}",
        "topic": f"Early reading {number}",
        "phase": "Primary",
        "reason": None,
        "strategic_group": None,
        "person_id": person_id,
        "school_urn": 900002,
        "cluster": "north",
        "supporters": list(supporters),
        "status": "open",
        "commissioned_event_id": None,
        "created_at": "2026-11-20T10:00:00+00:00",
    }


class FakeServices:
    """Answers by RPC name and records each call."""

    def __init__(self):
        self.calls = []
        self.fail = {}
        self.requests = [_request(1)]

    def __call__(self, service, method, *args):
        self.calls.append((method, args))
        if method in self.fail:
            raise self.fail[method]
        if method == "list_training_requests":
            return {"items": self.requests, "total": len(self.requests)}
        if method == "list_clusters":
            return {"items": [{"id": "north", "name": "Northern Shore"}], "total": 1}
        if method == "list_schools":
            return {"items": [{"urn": 900002, "name": "Gullwing Primary (synthetic)"}]}
        if method == "list_groups":
            return {"items": [{"id": "cpd", "name": "CPD group"}], "total": 1}
        if method == "support_training_request":
            return {**_request(1), "supporters": [TEACHER.id]}
        if method == "submit_training_request":
            return {**_request(9, TEACHER.id), **args[0]}
        raise AssertionError(f"unexpected call {method}")

    def called(self, method):
        return [args for name, args in self.calls if name == method]


@pytest.fixture
def services(monkeypatch):
    fake = FakeServices()
    for module in (requests, directory, manage_meetings, names):
        replace_calls(monkeypatch, module, fake)
    return fake


def signed_in_client(monkeypatch, caller: Caller):
    """A test client signed in as ``caller`` (the token's checks stood in for), CSRF off; the
    pathways tests use it too."""
    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": caller.id, "ver": 1})
    monkeypatch.setattr(auth, "resolve", lambda sub, ver, claims=None: caller)
    config = {"TESTING": True, "WTF_CSRF_ENABLED": False, "WTF_CSRF_METHODS": []}
    app = create_app({**config, "AMQP_URI": "amqp://x@127.0.0.1:1/"})
    test_client = app.test_client()
    with test_client.session_transaction() as browser_session:
        browser_session["token"] = "signed-in"
    return test_client


@pytest.fixture
def client(monkeypatch, services):
    return signed_in_client(monkeypatch, TEACHER)


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_the_list_shows_school_cluster_and_supporters_with_a_support_button(client, services):
    services.requests = [_request(1, supporters=["a", "b"])]
    response = client.get("/training-requests")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Early reading 1" in html and "Gullwing Primary (synthetic)" in html
    assert "Northern Shore" in html and "2 people" in html
    assert "Friday 20 November 2026" in html
    assert "Support this request" in html and "/training-requests/tr-1/support" in html
    assert 'href="/training-requests/new"' in html and 'href="/pathways"' in html
    assert "head-2" not in html and "900002" not in html


def test_my_own_and_already_supported_requests_have_no_button(client, services):
    services.requests = [_request(1, TEACHER.id), _request(2, supporters=[TEACHER.id])]
    html = client.get("/training-requests").get_data(as_text=True)
    assert "This is your request" in html and "You support this" in html
    assert "Support this request" not in html


def test_the_list_makes_the_same_calls_whatever_the_number_of_requests(client, services):
    client.get("/training-requests")
    one = len(services.calls)
    services.calls.clear()
    services.requests = [_request(n) for n in range(20)]
    assert client.get("/training-requests").status_code == 200
    assert len(services.calls) == one == 3


def test_no_requests_is_a_plain_sentence(client, services):
    services.requests = []
    html = client.get("/training-requests").get_data(as_text=True)
    assert "There are no open training requests" in html


def test_supporting_a_request_comes_back_with_a_success_banner(client, services):
    response = client.post("/training-requests/tr-1/support", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert services.called("support_training_request") == [("tr-1",)]
    assert "govuk-notification-banner--success" in html and "You support the request" in html


def test_supporting_when_the_service_says_no_is_the_403_page(client, services):
    services.fail["support_training_request"] = Forbidden("This needs a signed-in person.")
    response = client.post("/training-requests/tr-1/support")
    assert response.status_code == 403
    assert "This needs a signed-in person" in response.get_data(as_text=True)


def test_supporting_an_unknown_request_is_the_404_page(client, services):
    services.fail["support_training_request"] = NotFound("No training request tr-x.")
    assert client.post("/training-requests/tr-x/support").status_code == 404


def test_the_request_form_renders_with_its_fields(client, services):
    response = client.get("/training-requests/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    for field in ("topic", "phase", "reason", "strategic_group"):
        assert f'for="{field}"' in html, field
    assert "CPD group" in html


@pytest.mark.parametrize(
    "data, fields",
    [
        ({}, ["topic", "phase", "reason"]),
        ({"topic": "   ", "phase": "Primary", "reason": "We need it"}, ["topic"]),
        ({"topic": "Maths", "phase": "Made up", "reason": "We need it"}, ["phase"]),
        ({"topic": "x" * 201, "phase": "Primary", "reason": "We need it"}, ["topic"]),
        (
            {"topic": "Maths", "phase": "Primary", "reason": "Why", "strategic_group": "no"},
            ["strategic_group"],
        ),
    ],
)
def test_bad_input_is_the_same_page_with_errors_and_nothing_sent(client, services, data, fields):
    response = client.post("/training-requests/new", data=MultiDict(data))
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html
    assert _title(html).startswith("Error: ")
    assert "govuk-error-summary" in html
    for field in fields:
        assert f'href="#{field}"' in html and f'id="{field}-error"' in html, field
    assert not services.called("submit_training_request")


def test_a_good_request_is_sent_and_the_list_shows_a_banner(client, services):
    data = {
        "topic": " Early reading ",
        "phase": "Primary",
        "reason": "New staff",
        "strategic_group": "cpd",
    }
    response = client.post("/training-requests/new", data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert services.called("submit_training_request") == [
        (
            {
                "topic": "Early reading",
                "phase": "Primary",
                "reason": "New staff",
                "strategic_group": "cpd",
            },
        )
    ]
    assert "Your request for training on Early reading is sent" in html


def test_the_service_refusing_the_input_puts_it_on_the_form(client, services):
    services.fail["submit_training_request"] = InvalidInput(
        "Check the topic.", {"topic": ["Too long."]}
    )
    data = {"topic": "Maths", "phase": "Primary", "reason": "Why"}
    response = client.post("/training-requests/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _title(html).startswith("Error: ")
    assert 'href="#topic"' in html and "Check the topic." in html


def test_strangers_are_sent_to_sign_in(services):
    app = create_app({"TESTING": True, "AMQP_URI": "amqp://x@127.0.0.1:1/"})
    response = app.test_client().get("/training-requests")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
