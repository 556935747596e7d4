"""The coordinator's strategic group, people and roles, and email delivery record pages on a
Flask test client, the services stood in for: each page renders with names, not ids; bad input
shows the same page with an error summary and "Error: " in the title, and nothing is sent; the
directory's refusal is shown by the field; the number of calls a page does not grow with rows."""

import re

import pytest
from unit.gateway.stand_in import replace_calls
from werkzeug.datastructures import MultiDict

from contracts.caller import Caller
from contracts.errors import Conflict, Forbidden
from gateway import auth
from gateway.app import create_app
from gateway.web import directory as directory_pages
from gateway.web import (
    manage,
    manage_deliveries,
    manage_groups,
    manage_meetings,
    manage_people,
    names,
)

COORDINATOR = Caller(id="coord-1", roles=("coordinator",), name="Casey Coordinator")
CHAIR = {"person_id": "p-1", "name": "Pat Pier", "starts_on": "2026-09-01", "ends_on": None}
GROUP = {
    "id": "achievement",
    "name": "Achievement",
    "phases": ["Primary"],
    "chair": CHAIR,
    "secretary": None,
    "chair_person_id": "p-1",
    "secretary_person_id": None,
    "members": ["p-1", "p-2"],
    "offices": [{**CHAIR, "office": "chair"}],
}


def person(n: int) -> dict:
    return {
        "id": f"p-{n}",
        "name": f"Person {n:03d}",
        "school_urn": 900001,
        "roles": ["teacher"],
        "email": f"p{n}@example.test",
    }


DELIVERY = {
    "id": "dl-1",
    "person_id": "p-1",
    "kind": "booking_confirmed",
    "subject": "Your place is booked",
    "status": "failed",
    "mode": "immediate",
    "to_email": "p1@example.test",
    "attempts": 3,
    "last_error": "Connection refused",
    "created_at": "2026-11-30T10:00:00+00:00",
    "sent_at": None,
}


class Services:
    """Stands in for the services: answers by method, records every call; ``rows`` people."""

    def __init__(self):
        self.calls, self.fail, self.rows = [], {}, 2
        self.answers = {
            "list_groups": lambda: {"items": [GROUP], "total": 1},
            "get_group": lambda group_id: GROUP,
            "find_role_holders": lambda q: self.page(person),
            "list_people": lambda q: self.page(person),
            "list_schools": lambda q: {
                "items": [{"urn": 900001, "name": "Northshore Primary (synthetic)"}],
                "total": 1,
            },
            "get_school": lambda urn: {"urn": urn, "name": "Northshore Primary (synthetic)"},
            "get_person": lambda person_id: person(1),
            "assign_group_office": lambda group_id, body: GROUP,
            "set_group_membership": lambda group_id, body: GROUP,
            "update_group": lambda group_id, body: GROUP,
            "assign_role": lambda person_id, body: person(1),
            "register_person": lambda body: {**person(9), **body},
            "list_deliveries": lambda q: self.page(
                lambda n: {**DELIVERY, "id": f"dl-{n}", "person_id": f"p-{n}"}
            ),
            "retry_delivery": lambda delivery_id: {**DELIVERY, "status": "pending"},
        }

    def page(self, make) -> dict:
        return {"items": [make(n) for n in range(1, self.rows + 1)], "total": self.rows}

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
    for module in (
        manage,
        manage_meetings,
        manage_groups,
        manage_people,
        manage_deliveries,
        directory_pages,
        names,
    ):
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


def _assert_error_page(response, *field_ids, status=400):
    html = response.get_data(as_text=True)
    assert response.status_code == status, html
    assert _title(html).startswith("Error: ")
    assert "govuk-error-summary" in html
    for field_id in field_ids:
        assert f'href="#{field_id}' in html, field_id
        assert f'id="{field_id}-error"' in html, field_id
    return html


def _post(client, url, data: dict):
    pairs = [
        (k, v) for k, value in data.items() for v in (value if isinstance(value, list) else [value])
    ]
    return client.post(url, data=MultiDict(pairs))


PAGES = [
    "/manage",
    "/manage/groups",
    "/manage/groups/achievement",
    "/manage/people",
    "/manage/people?q=Person&school=Northshore",
    "/manage/people/p-1",
    "/manage/people/new",
    "/manage/deliveries",
    "/manage/deliveries?status=failed",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_the_groups_show_chairs_with_their_terms(client):
    html = client.get("/manage/groups").get_data(as_text=True)
    assert "Pat Pier, from Tuesday 1 September 2026, no end date" in html
    assert "Nobody named" in html


def test_a_group_shows_members_by_name_and_school_not_ids(client):
    html = client.get("/manage/groups/achievement").get_data(as_text=True)
    assert "Person 001" in html and "Northshore Primary (synthetic)" in html
    assert "900001" not in html
    assert "(holds it today)" in html


GOOD_OFFICE = {
    "office": "secretary",
    "person_id": "p-2",
    "starts_on": ["1", "9", "2027"],
    "ends_on": ["31", "8", "2029"],
}


def test_naming_a_secretary_for_a_term_sends_the_dates(client, services):
    response = _post(client, "/manage/groups/achievement/offices", GOOD_OFFICE)
    assert response.status_code == 302
    [(group_id, body)] = services.called("assign_group_office")
    assert group_id == "achievement"
    assert body == {
        "office": "secretary",
        "person_id": "p-2",
        "starts_on": "2027-09-01",
        "ends_on": "2029-08-31",
    }


@pytest.mark.parametrize(
    "change, field",
    [
        ({"starts_on": ["1", "", "2027"]}, "starts_on"),
        ({"starts_on": ["1"]}, "starts_on"),
        ({"starts_on": ["", "", ""]}, "starts_on"),
        ({"ends_on": ["31", "8", "2026"]}, "ends_on"),
        ({"ends_on": ["31", "2", "2028"]}, "ends_on"),
        ({"office": "treasurer"}, "office"),
        ({"person_id": "someone-else"}, "person_id"),
    ],
)
def test_a_bad_office_form_sends_nothing(client, services, change, field):
    response = _post(client, "/manage/groups/achievement/offices", {**GOOD_OFFICE, **change})
    _assert_error_page(response, field)
    assert not services.called("assign_group_office")


def test_adding_a_member(client, services):
    response = _post(client, "/manage/groups/achievement/members", {"member_id": "p-2"})
    assert response.status_code == 302
    assert services.called("set_group_membership") == [
        ("achievement", {"person_id": "p-2", "member": True})
    ]
    _assert_error_page(_post(client, "/manage/groups/achievement/members", {}), "member_id")
    assert len(services.called("set_group_membership")) == 1


def test_editing_the_groups_phases(client, services):
    response = _post(
        client, "/manage/groups/achievement/edit", {"phases": ["Primary", "Secondary"]}
    )
    assert response.status_code == 302
    assert services.called("update_group") == [
        ("achievement", {"phases": ["Primary", "Secondary"]})
    ]
    _assert_error_page(
        _post(client, "/manage/groups/achievement/edit", {"phases": "Moon"}), "phases"
    )


def test_a_directory_refusal_on_a_group_is_shown_by_the_field(client, services):
    services.fail["assign_group_office"] = Forbidden(
        "Only the coordinator manages the strategic groups."
    )
    response = _post(client, "/manage/groups/achievement/offices", GOOD_OFFICE)
    html = _assert_error_page(response, "office", status=403)
    assert "Only the coordinator manages the strategic groups." in html


def test_granting_a_role(client, services):
    response = _post(client, "/manage/people/p-1/roles", {"role": "senco", "change": "grant"})
    assert response.status_code == 302
    assert services.called("assign_role") == [("p-1", {"role": "senco", "assigned": True})]
    response = _post(client, "/manage/people/p-1/roles", {"role": "senco", "change": "remove"})
    assert services.called("assign_role")[-1] == ("p-1", {"role": "senco", "assigned": False})


@pytest.mark.parametrize(
    "data, field",
    [({"change": "grant"}, "role"), ({"role": "senco"}, "change"), ({"role": "king"}, "role")],
)
def test_a_bad_role_form_sends_nothing(client, services, data, field):
    _assert_error_page(_post(client, "/manage/people/p-1/roles", data), field)
    assert not services.called("assign_role")


def test_the_directorys_forbidden_shows_by_the_role_field_not_a_500(client, services):
    services.fail["assign_role"] = Forbidden(
        "Nobody changes their own roles.", {"role": ["Not your own."]}
    )
    response = _post(client, "/manage/people/p-1/roles", {"role": "senco", "change": "grant"})
    html = _assert_error_page(response, "role", status=403)
    assert "Nobody changes their own roles." in html


def test_adding_a_person(client, services):
    data = {
        "name": "Nia New",
        "email": "nia@example.test",
        "school_urn": "900001",
        "roles": ["teacher", "senco"],
    }
    response = _post(client, "/manage/people/new", data)
    assert response.status_code == 302
    [(body,)] = services.called("register_person")
    assert body == {
        "name": "Nia New",
        "email": "nia@example.test",
        "school_urn": 900001,
        "roles": ["teacher", "senco"],
        "job_title": "",
    }


def test_a_bad_person_form_sends_nothing_and_a_conflict_shows_by_the_field(client, services):
    response = _post(client, "/manage/people/new", {"name": " ", "email": "nope"})
    _assert_error_page(response, "name", "email")
    assert not services.called("register_person")
    services.fail["register_person"] = Conflict(
        "That email is taken.", {"email": ["Already registered."]}
    )
    response = _post(client, "/manage/people/new", {"name": "Nia", "email": "n@example.test"})
    assert "That email is taken." in _assert_error_page(response, "email")


def test_people_search_names_schools_and_a_bad_school_is_a_400(client, services):
    html = client.get("/manage/people?q=Person").get_data(as_text=True)
    assert "Person 001" in html and "Northshore Primary (synthetic)" in html
    services.answers["list_schools"] = lambda q: {"items": [], "total": 0}
    response = client.get("/manage/people?school=Nowhere")
    _assert_error_page(response, "school")


def test_delivery_records_show_names_status_and_a_retry(client, services):
    html = client.get("/manage/deliveries?status=failed").get_data(as_text=True)
    assert "Person 001" in html and "Your place is booked" in html
    assert "Failed" in html and "Retry" in html
    assert services.called("list_deliveries")[0][0]["status"] == "failed"
    response = _post(client, "/manage/deliveries/dl-1/retry", {"status": "failed"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/deliveries?status=failed")
    assert services.called("retry_delivery") == [("dl-1",)]


def test_a_retry_that_is_refused_is_a_message_not_a_500(client, services):
    services.fail["retry_delivery"] = Conflict("The delivery has not failed.")
    response = _post(client, "/manage/deliveries/dl-1/retry", {})
    assert response.status_code == 302
    html = client.get("/manage/deliveries").get_data(as_text=True)
    assert "The delivery has not failed." in html


def test_a_bad_status_filter_is_a_400_and_asks_nothing(client, services):
    _assert_error_page(client.get("/manage/deliveries?status=lost"), "status")
    assert not services.called("list_deliveries")


def test_the_delivery_records_refused_by_the_service_are_the_403_page(client, services):
    services.fail["list_deliveries"] = Forbidden("Only the coordinator sees delivery records.")
    response = client.get("/manage/deliveries")
    assert response.status_code == 403
    assert "Only the coordinator sees delivery records." in response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES[1:])
def test_calls_a_page_do_not_grow_with_rows(client, services, path):
    services.rows = 2
    client.get(path)
    few = len(services.calls)
    services.calls.clear()
    services.rows = 60
    assert client.get(path).status_code == 200
    assert len(services.calls) == few, services.calls


def test_removing_a_member_and_a_refusal_is_a_message(client, services):
    assert "Remove from the group" in client.get("/manage/groups/achievement").get_data(
        as_text=True
    )
    response = client.post("/manage/groups/achievement/members/p-2/remove")
    assert response.status_code == 302
    assert services.called("set_group_membership") == [
        ("achievement", {"person_id": "p-2", "member": False})
    ]
    services.fail["set_group_membership"] = Forbidden(
        "Only the coordinator or the group's officers change its members."
    )
    response = client.post("/manage/groups/achievement/members/p-2/remove")
    assert response.status_code == 302
    html = client.get("/manage/groups/achievement").get_data(as_text=True)
    assert "Only the coordinator or the group&#39;s officers change its members." in html


def test_a_persons_page_names_their_school_and_groups(client):
    html = client.get("/manage/people/p-1").get_data(as_text=True)
    assert "Northshore Primary (synthetic)" in html
    assert "Achievement (chair)" in html
