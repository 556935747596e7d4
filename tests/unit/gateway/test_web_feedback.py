"""Feedback after an event, on a Flask test client with the services stood in for: the form,
its bad input (400, error summary, nothing sent), the service's refusals, "Feedback sent"."""

import pytest
from unit.gateway import booking_pages_stand_in as stand_in
from unit.gateway.booking_pages_stand_in import assert_error_page, booking, event, title

from contracts.errors import Conflict, Forbidden

# the shared fixtures, used by name below
app, client, resolved, services = (
    stand_in.app,
    stand_in.client,
    stand_in.resolved,
    stand_in.services,
)

PAST = [{"starts_at": "2025-11-10T09:30:00Z", "ends_at": "2025-11-10T12:00:00Z", "venue": "Tide"}]


def test_the_form_names_the_event_and_asks_for_a_rating(client, services):
    response = client.get("/events/ev-1/feedback")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert title(html).startswith("Feedback: Phonics course ev-1")
    assert "How useful was the event?" in html and 'name="comments"' in html
    assert services.counts() == {"get_event": 1}


def test_no_rating_or_too_long_comments_is_the_form_again_with_nothing_sent(client, services):
    assert_error_page(client.post("/events/ev-1/feedback", data={"comments": "ok"}), "rating")
    assert_error_page(client.post("/events/ev-1/feedback", data={"rating": "9"}), "rating")
    too_long = client.post("/events/ev-1/feedback", data={"rating": "4", "comments": "x" * 5001})
    assert_error_page(too_long, "comments")
    assert not services.called("submit_feedback")


def test_sent_feedback_is_thanked_and_my_bookings_say_feedback_sent(client, services):
    services.events = [event("ev-1", sessions=PAST)]
    services.bookings = [booking("bk-1", "ev-1", attended_sessions=[0])]
    response = client.post(
        "/events/ev-1/feedback",
        data={"rating": "4", "comments": "  Useful  "},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Feedback sent on Phonics course ev-1. Thank you." in html
    assert services.called("submit_feedback") == [("ev-1", {"rating": 4, "comments": "Useful"})]
    assert "Feedback sent" in html and "Give feedback" not in html


@pytest.mark.parametrize(
    "message,why,link_stays",
    [
        ("You have already given feedback on this event.", "Already given.", False),
        ("Only people who attended this event can give feedback.", "Did not attend.", True),
    ],
)
def test_a_refusal_is_said_and_feedback_given_before_is_remembered(
    client, services, message, why, link_stays
):
    services.events = [event("ev-1", sessions=PAST)]
    services.bookings = [booking("bk-1", "ev-1", attended_sessions=[0])]
    services.fail["submit_feedback"] = Conflict(message, {"person_id": [why]})
    response = client.post("/events/ev-1/feedback", data={"rating": "5"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert message in html
    assert ("Give feedback" in html) is link_stays


def test_a_forbidden_answer_is_the_403_page(client, services):
    services.fail["submit_feedback"] = Forbidden("Not yours to rate.")
    response = client.post("/events/ev-1/feedback", data={"rating": "3"})
    assert response.status_code == 403
    assert "Not yours to rate." in response.get_data(as_text=True)


def test_strangers_are_sent_to_sign_in(app, services):
    with app.test_client() as stranger:
        response = stranger.get("/events/ev-1/feedback")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert not services.calls


def test_a_post_without_its_csrf_token_is_refused(services, resolved):
    from gateway.app import create_app

    checked = create_app({"TESTING": True, "AMQP_URI": "amqp://x@127.0.0.1:1/"})
    with checked.test_client() as browser:
        with browser.session_transaction() as browser_session:
            browser_session["token"] = "signed-in"
        response = browser.post("/events/ev-1/feedback", data={"rating": "5"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert not services.called("submit_feedback")
