"""The web pages' forms with bad input: the same page again with an error summary linked to each
field, "Error: " in the title, nothing sent to a service, never a 500; CSRF refused."""

import re

import pytest

from gateway.app import create_app


@pytest.fixture
def app():
    return create_app({"TESTING": True, "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def no_rpc(monkeypatch):
    """Any RPC is a failure of the test: bad input never reaches a service."""
    called = []

    def refuse(*args, **kwargs):
        called.append(args)
        raise AssertionError(f"unexpected RPC {args}")

    monkeypatch.setattr("gateway.web.account.call", refuse)
    return called


def _token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_the_public_pages_answer_html_without_signing_in(client, monkeypatch):
    page = {"slug": "faq", "title": "Questions", "text": "Q", "html": "<p>Q</p>", "changes": []}
    monkeypatch.setattr("gateway.web.public.call", lambda *args: page)  # the community's pages
    for path in ["/", "/sign-in", "/accessibility", "/faq", "/constitution", "/forgotten-password"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Partnership Hub" in response.get_data(as_text=True)


def test_an_empty_sign_in_is_the_same_page_with_errors_linked_to_each_field(client, no_rpc):
    response = client.post(
        "/sign-in", data={"csrf_token": _token(client, "/sign-in"), "email": "", "password": ""}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and not no_rpc
    assert _title(html).startswith("Error: ")
    assert '<a href="#email">Enter your email address</a>' in html
    assert '<a href="#password">Enter your password</a>' in html
    assert 'for="email"' in html and ">\n    Email\n" in html or "Email" in html


def test_a_form_post_without_its_csrf_token_is_refused(client, no_rpc):
    response = client.post("/sign-in", data={"email": "a@b.test", "password": "secret-pass"})
    assert response.status_code == 400 and not no_rpc
    assert "security token" in response.get_data(as_text=True)


def test_a_bad_email_for_a_forgotten_password_names_the_problem(client, no_rpc):
    token = _token(client, "/forgotten-password")
    response = client.post("/forgotten-password", data={"csrf_token": token, "email": "nope"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and not no_rpc
    assert _title(html).startswith("Error: ") and "correct format" in html


def test_a_short_reset_code_and_password_are_problems_on_the_form(client, no_rpc):
    token = _token(client, "/reset-password?code=abc")
    response = client.post(
        "/reset-password", data={"csrf_token": token, "code": "abc", "password": "short"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and not no_rpc
    assert '<a href="#code">' in html and '<a href="#password">' in html


def test_the_reset_link_from_the_email_fills_in_the_code(client):
    html = client.get("/reset-password?code=abcdefghijklmnopqrstuvwxyz").get_data(as_text=True)
    assert 'value="abcdefghijklmnopqrstuvwxyz"' in html


def test_signed_in_pages_send_strangers_to_the_sign_in_page(client):
    for path in ["/home", "/events", "/bookings"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize(
    "parts",
    [["1", "2"], ["", "12", "2026"], ["31", "2", "2026"], ["x", "y", "z"], ["1"]],
)
def test_a_missing_or_wrong_date_part_in_the_filters_is_a_problem_not_a_500(app, parts):
    from gateway.web.forms import EventFilterForm

    query = "&".join(f"date_from={p}" for p in parts)
    with app.test_request_context("/events?" + query):
        from flask import request

        form = EventFilterForm(request.args)
        assert not form.validate()
        assert "date_from" in form.errors
        html = app.jinja_env.from_string("{{ form.date_from() }}").render(form=form)
        assert "govuk-input--error" in html


@pytest.mark.parametrize("query", ["kind=course", "phase=Primary", "places_left=y", ""])
def test_a_calendar_link_with_only_some_filters_is_not_an_error(app, query):
    """``/events?kind=course`` (a link anyone might share) validates: a filter left out is no
    filter, not an invalid choice."""
    from gateway.web.forms import EventFilterForm

    with app.test_request_context("/events?" + query):
        from flask import request

        form = EventFilterForm(request.args)
        assert form.validate(), form.errors


@pytest.mark.parametrize("query", ["kind=bogus", "phase=Bogus"])
def test_an_unknown_filter_value_is_a_problem_by_its_field(app, query):
    from gateway.web.forms import EventFilterForm

    with app.test_request_context("/events?" + query):
        from flask import request

        form = EventFilterForm(request.args)
        assert not form.validate()
        assert list(form.errors) == [query.split("=")[0]]
