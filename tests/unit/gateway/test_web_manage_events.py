"""The coordinator's list of events to manage, on a Flask test client with the services stood
in for: upcoming or past, by type, one ``list_events`` a page; a bad filter is the same page with
the problem by its field and no call."""

import pytest
from unit.gateway import test_web_manage
from unit.gateway.stand_in import replace_calls
from unit.gateway.test_web_manage import EVENT

from gateway.web import events as event_pages
from gateway.web import manage_events

client = test_web_manage.client  # signed in as the coordinator


class Services:
    def __init__(self):
        self.calls = []

    def __call__(self, service, method, *args):
        self.calls.append((method, args))
        return {
            "list_events": lambda query: {"items": [EVENT], "total": 1},
            "get_event": lambda event_id: EVENT,
            "list_bookings": lambda query: {"items": [], "total": 0},
            "list_groups": lambda: {"items": [], "total": 0},
            "feedback_summary": lambda event_id: {"responses": 0, "comments": []},
        }[method](*args)

    def called(self, method):
        return [args for name, args in self.calls if name == method]


@pytest.fixture
def services(monkeypatch):
    fake = Services()
    for module in (manage_events, event_pages):
        replace_calls(monkeypatch, module, fake)
    return fake


def test_upcoming_events_link_to_their_management_pages(client, services):
    response = client.get("/manage/events")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/manage/events/{EVENT["id"]}"' in html and EVENT["title"] in html
    asked = services.called("list_events")
    assert len(asked) == 1 and "from" in asked[0][0] and "to" not in asked[0][0]


def test_past_events_of_a_type_are_asked_up_to_now(client, services):
    client.get("/manage/events?when=past&kind=course")
    asked = services.called("list_events")[0][0]
    assert "to" in asked and "from" not in asked and asked["kind"] == "course"


@pytest.mark.parametrize("query,field", [("when=soon", "when"), ("kind=party", "kind")])
def test_a_bad_filter_is_the_page_again_with_the_problem(client, services, query, field):
    response = client.get("/manage/events?" + query)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: " in html and f'href="#{field}"' in html
    assert not services.called("list_events")


def test_the_event_page_links_the_coordinator_to_manage_it(client, services):
    html = client.get(f"/events/{EVENT['id']}").get_data(as_text=True)
    assert f'href="/manage/events/{EVENT["id"]}"' in html
