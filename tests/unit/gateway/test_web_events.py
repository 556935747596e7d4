"""The events calendar's strategic-group filter and the event page's price for my school, on a
Flask test client with the services stood in for."""

import pytest
from unit.gateway import booking_pages_stand_in as stand_in
from unit.gateway.booking_pages_stand_in import (
    GROUPS,
    QUOTE,
    assert_error_page,
    booking,
    event,
)

from contracts.errors import Forbidden

# the shared fixtures, used by name below
app, client, resolved, services = (
    stand_in.app,
    stand_in.client,
    stand_in.resolved,
    stand_in.services,
)

CPD = {"type": "strategic_group", "id": "grp-cpd", "name": "CPD group"}


def test_the_calendar_offers_the_directorys_groups_by_name(client, services):
    response = client.get("/events")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<option value="grp-cpd">CPD group</option>' in html
    assert "Strategic group" in html
    assert services.counts() == {"list_groups": 1, "list_events": 1}


def test_the_blank_filters_are_rendered_once_per_list_of_groups_and_match_a_fresh_render(
    client, services, app
):
    """Without a query string the filters are the same for everyone: kept rendered for each
    list of groups, identical to a fresh render, and a new group shows at once."""
    from flask import render_template

    from gateway.web import events as pages
    from gateway.web.forms import EventFilterForm

    pages.blank_filters.cache_clear()
    first = client.get("/events").get_data(as_text=True)
    second = client.get("/events").get_data(as_text=True)
    assert first == second and pages.blank_filters.cache_info().hits == 1
    with app.test_request_context("/events"):
        fresh = render_template(
            "web/events/_filters.html", form=EventFilterForm(formdata=None).with_groups(GROUPS)
        )
    assert fresh in first
    services.answers["list_groups"] = lambda: {
        "items": [*GROUPS, {"id": "grp-maths", "name": "Maths group"}],
        "total": 3,
    }
    assert '<option value="grp-maths">Maths group</option>' in client.get("/events").get_data(
        as_text=True
    )
    chosen = client.get("/events?group=grp-send").get_data(as_text=True)
    assert '<option value="grp-send" selected>SEND group</option>' in chosen


def test_the_group_and_phase_filters_are_asked_of_the_events_service_and_stay_in_the_query(
    client, services
):
    """The events service filters (so a page of 200 is 200 of the group's events), and the page
    shows what it answers."""
    services.events = [event("ev-1", owner=CPD)]
    response = client.get("/events?group=grp-cpd&kind=course&phase=Primary")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    asked = services.called("list_events")[0][0]
    assert (asked["group"], asked["phase"], asked["kind"]) == ("grp-cpd", "Primary", "course")
    assert "Phonics course ev-1" in html
    assert '<option value="grp-cpd" selected>CPD group</option>' in html
    assert "Run by CPD group" in html


@pytest.mark.parametrize(
    "query,field", [("group=grp-nope", "group"), ("kind=bogus", "kind"), ("phase=Bogus", "phase")]
)
def test_an_unknown_filter_value_is_a_400_page_with_the_problem_by_its_field(
    client, services, query, field
):
    response = client.get("/events?" + query)
    assert_error_page(response, field)
    if field == "group":  # the groups are asked for with the events: their answer is not shown
        assert "Phonics course" not in response.get_data(as_text=True)
    else:
        assert not services.called("list_events")  # nothing asked with a bad filter


def test_the_calendar_asks_the_same_number_of_times_whatever_the_number_of_events(client, services):
    services.events = [event("ev-1", owner=CPD)]
    client.get("/events?group=grp-cpd")
    few = services.counts()
    services.calls.clear()
    services.events = [event(f"ev-{i}", owner=CPD) for i in range(40)]
    html = client.get("/events?group=grp-cpd").get_data(as_text=True)
    assert "40 events" in html
    assert services.counts() == few


def test_a_forbidden_directory_is_the_403_page(client, services):
    services.fail["list_groups"] = Forbidden("Not for you.")
    response = client.get("/events")
    assert response.status_code == 403
    assert "Not for you." in response.get_data(as_text=True)


def test_the_event_page_shows_the_price_the_events_service_quotes_for_my_school(client, services):
    html = client.get("/events/ev-1").get_data(as_text=True)
    assert "£75.00 for Northshore Primary (synthetic)" in html
    assert services.called("quote_price") == [("ev-1",)]
    assert not services.called("get_school")  # the price rule lives in the events service


@pytest.mark.parametrize(
    "quoted,expected",
    [
        (0, "Free for Northshore Primary (synthetic) (the full price is £75.00)"),
        (2000, "£20.00 for Northshore Primary (synthetic) (the full price is £75.00)"),
        (7500, "£75.00 for Northshore Primary (synthetic)"),
    ],
)
def test_the_quoted_price_is_shown_beside_the_full_price(client, services, quoted, expected):
    services.answers["quote_price"] = lambda event_id: {**QUOTE, "price_pence": quoted}
    html = client.get("/events/ev-1").get_data(as_text=True)
    assert expected in html


def test_a_booking_shows_its_own_price_and_a_free_event_needs_no_quote(client, services):
    services.bookings = [booking(price_pence=4000)]
    html = client.get("/events/ev-1").get_data(as_text=True)
    assert "£40.00 for your school" in html
    services.bookings = []
    services.events = [event("ev-1", pricing=None)]
    html = client.get("/events/ev-1").get_data(as_text=True)
    assert "Free" in html
    assert not services.called("quote_price")


def test_the_coordinator_reads_the_events_feedback_on_its_page(client, services, monkeypatch):
    from unit.gateway.booking_pages_stand_in import TEACHER

    from gateway import auth

    coordinator = TEACHER.__class__(id="coord-1", roles=("coordinator",), name="Cora Ordinator")
    monkeypatch.setattr(auth, "resolve", lambda person_id, version, claims=None: coordinator)
    services.answers["feedback_summary"] = lambda event_id: {
        "event_id": event_id,
        "responses": 2,
        "average_rating": 4.5,
        "comments": ["Clear and practical."],
    }
    html = client.get("/events/ev-1").get_data(as_text=True)
    assert "Feedback from attendees" in html and "4.5 out of 5" in html
    assert "Clear and practical." in html
    services.fail["feedback_summary"] = Forbidden("Not an organiser of this event.")
    response = client.get("/events/ev-1")
    assert response.status_code == 200  # the page without the feedback, not a 403
    assert "Feedback from attendees" not in response.get_data(as_text=True)


def test_a_teacher_is_not_asked_for_feedback_summaries(client, services):
    client.get("/events/ev-1")
    assert not services.called("feedback_summary")


def test_the_dates_chosen_are_the_range_asked_of_the_events_service(client, services):
    """From and To (London days) reach the service as the contract's ``from`` and ``to``."""
    response = client.get(
        "/events?date_from=1&date_from=3&date_from=2027&date_to=31&date_to=3&date_to=2027"
    )
    assert response.status_code == 200
    asked = services.called("list_events")[0][0]
    assert asked["from"] == "2027-03-01T00:00:00+00:00"
    assert asked["to"] == "2027-03-31T23:00:00+00:00"  # midnight ending 31 March, in BST


def test_without_dates_the_calendar_starts_now(client, services):
    client.get("/events")
    assert services.called("list_events")[0][0]["from"] >= "2026-"
