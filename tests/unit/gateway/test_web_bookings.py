"""My bookings (feedback links, certificates, the calendar subscription), the home page's unread
count and the script's JSON route, on a Flask test client with the services stood in for."""

import re

from unit.gateway import booking_pages_stand_in as stand_in
from unit.gateway.booking_pages_stand_in import TEACHER, booking, event

# the shared fixtures, used by name below
app, client, resolved, services = (
    stand_in.app,
    stand_in.client,
    stand_in.resolved,
    stand_in.services,
)

PAST = {
    "sessions": [
        {
            "starts_at": "2025-11-10T09:30:00+00:00",
            "ends_at": "2025-11-10T12:00:00+00:00",
            "venue": "Tideway",
        }
    ]
}


def _feed_address(html: str) -> str:
    return re.search(r'id="feed-url" name="feed-url" type="text" value="([^"]+)"', html).group(1)


def test_past_attended_bookings_offer_feedback_and_their_certificate(client, services):
    services.events = [event("ev-1", **PAST), event("ev-2", **PAST), event("ev-3")]
    services.bookings = [
        booking("bk-1", "ev-1", attended_sessions=[0], certificate_id="cert-1"),
        booking("bk-2", "ev-2"),  # did not attend
        booking("bk-3", "ev-3"),  # upcoming
    ]
    html = client.get("/bookings").get_data(as_text=True)
    assert html.count("Give feedback") == 1
    assert 'href="/events/ev-1/feedback"' in html
    assert 'href="/bookings/bk-1/certificate.pdf"' in html
    assert "Feedback sent" not in html


def test_the_page_asks_the_same_number_of_times_whatever_the_number_of_bookings(client, services):
    services.events = [event("ev-1", **PAST)]
    services.bookings = [booking("bk-1", "ev-1", attended_sessions=[0])]
    client.get("/bookings")
    few = services.counts()
    services.calls.clear()
    services.events = [event(f"ev-{i}", **PAST) for i in range(30)]
    services.bookings = [booking(f"bk-{i}", f"ev-{i}", attended_sessions=[0]) for i in range(30)]
    html = client.get("/bookings").get_data(as_text=True)
    assert html.count("Give feedback") == 30
    assert services.counts() == few == {"list_bookings": 1, "list_events": 1, "calendar_key": 1}


def test_the_subscription_address_serves_my_calendar_without_signing_in(app, client, services):
    html = client.get("/bookings").get_data(as_text=True)
    address = _feed_address(html)
    assert address.startswith("http://localhost/calendar/") and address.endswith(".ics")
    assert 'href="webcal://localhost/calendar/' in html
    with app.test_client() as stranger:  # a calendar app: no session cookie, no bearer token
        response = stranger.get(address)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.get_data(as_text=True).startswith("BEGIN:VCALENDAR")
    # the directory was asked, as the gateway, whom the address names while its key is theirs
    assert services.called("calendar_owner") == [({"person_id": TEACHER.id, "key": 0},)]
    assert services.callers[-2].is_service
    assert services.called("person_calendar") == [()]
    assert services.callers[-1] == TEACHER  # the calendar of the person the address names


def test_a_tampered_or_replaced_subscription_address_does_not_work(app, client, services):
    address = _feed_address(client.get("/bookings").get_data(as_text=True))
    with app.test_client() as stranger:
        tampered = stranger.get(address.replace("/calendar/", "/calendar/x"))
        assert tampered.status_code == 404
        assert "calendar address does not work" in tampered.get_data(as_text=True)
        assert stranger.get("/calendar/not-a-token.ics").status_code == 404
    assert not services.called("calendar_owner")  # a bad signature asks nobody

    renewed = client.post("/bookings/calendar-address")
    assert renewed.status_code == 302
    fresh = _feed_address(client.get("/bookings").get_data(as_text=True))
    with app.test_client() as stranger:
        assert stranger.get(address).status_code == 404  # the old address
        assert fresh != address and stranger.get(fresh).status_code == 200
    assert len(services.called("person_calendar")) == 1


def test_the_home_page_renders_the_unread_count_and_loads_the_script(client, services):
    html = client.get("/home").get_data(as_text=True)
    assert "You have 3 unread notifications." in html
    assert 'data-unread-count="/inbox/unread-count.json"' in html
    assert 'src="/static/hub-unread.js"' in html
    assert "<script>" not in html  # no inline script (CSP)


def test_the_unread_count_route_uses_the_session_and_waits_like_the_api(client, services):
    first = client.get("/inbox/unread-count.json")
    assert first.status_code == 200
    assert first.json["unread"] == 3 and first.json["checked_at"]
    assert not services.called("list_inbox")  # no "after": answered at once
    after = first.json["checked_at"]
    later = client.get("/inbox/unread-count.json", query_string={"after": after, "wait": "0.1"})
    assert later.status_code == 200 and later.json["unread"] == 3
    ((person_id, asked),) = services.called("list_inbox")
    assert person_id == TEACHER.id and asked["unread"] is True and asked["wait"] == 0.1


def test_the_unread_count_route_refuses_bad_input_and_strangers(app, client, services):
    assert client.get("/inbox/unread-count.json?wait=60").status_code == 400
    assert client.get("/inbox/unread-count.json?after=yesterday").status_code == 400
    assert not services.calls
    with app.test_client() as stranger:
        assert stranger.get("/inbox/unread-count.json").status_code == 401


def test_home_shows_approvals_only_to_those_who_approve(client, services, monkeypatch):
    from gateway import auth

    assert "Approvals waiting for you" not in client.get("/home").get_data(as_text=True)
    head = TEACHER.__class__(id="head-1", roles=("headteacher",), school_urn=TEACHER.school_urn)
    monkeypatch.setattr(auth, "resolve", lambda *args, **kwargs: head)
    html = client.get("/home").get_data(as_text=True)
    assert "Approvals waiting for you" in html and "None." in html
