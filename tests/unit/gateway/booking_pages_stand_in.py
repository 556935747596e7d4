"""What the events, bookings and feedback pages' unit tests share: the services stood in for (one
object answering by RPC name and recording each call), a teacher signed in, and page checks."""

import re

import pytest
from flask import g
from unit.gateway.stand_in import replace_calls

from contracts.caller import Caller
from contracts.errors import Unauthorized
from gateway import auth
from gateway.app import create_app
from gateway.web import bookings, events, feedback, inbox

URN = 900001
TEACHER = Caller(id="teacher-1", roles=("teacher",), school_urn=URN, name="Tom Teacher")
GROUPS = [
    {"id": "grp-cpd", "name": "CPD group", "members": []},
    {"id": "grp-send", "name": "SEND group", "members": []},
]
ACADEMY = {
    "urn": URN,
    "name": "Northshore Primary (synthetic)",
    "type_group": "Academies",
    "moderation_selected_years": [],
}


def event(event_id="ev-1", **extra) -> dict:
    """An event as ``get_event`` answers it (a priced course, one session in December 2026)."""
    return {
        "id": event_id,
        "title": f"Phonics course {event_id}",
        "kind": "course",
        "capacity": 20,
        "confirmed_count": 2,
        "waitlist_count": 0,
        "status": "scheduled",
        "owner": {"type": "partnership", "id": None, "name": "Partnership Hub"},
        "pricing": {"price_pence": 7500, "by_type_group": {}},
        "sessions": [
            {
                "starts_at": "2026-12-10T09:30:00+00:00",
                "ends_at": "2026-12-10T12:00:00+00:00",
                "venue": "Northshore",
            }
        ],
        **extra,
    }


def booking(booking_id="bk-1", event_id="ev-1", **extra) -> dict:
    return {
        "id": booking_id,
        "event_id": event_id,
        "event_title": f"Phonics course {event_id}",
        "person_id": TEACHER.id,
        "booked_by": TEACHER.id,
        "status": "confirmed",
        "price_pence": 7500,
        "attended_sessions": [],
        "certificate_id": None,
        **extra,
    }


QUOTE = {
    "event_id": "ev-1",
    "school_urn": 900001,
    "school_name": "Northshore Primary (synthetic)",
    "price_pence": 7500,
}


class Services:
    """Stands in for the services: answers by method, records every call with its caller."""

    def __init__(self):
        self.calls = []
        self.callers = []
        self.fail = {}
        self.events = [event()]
        self.bookings = []
        self.calendar_key = 0  # the directory's calendar key of the teacher
        self.answers = {
            "calendar_key": lambda: {"person_id": TEACHER.id, "key": self.calendar_key},
            "renew_calendar_key": self._renew_calendar_key,
            "calendar_owner": self._calendar_owner,
            "list_groups": lambda: {"items": GROUPS, "total": len(GROUPS)},
            "list_events": lambda query: {"items": self.events, "total": len(self.events)},
            "get_event": lambda event_id: next(e for e in self.events if e["id"] == event_id),
            "list_bookings": lambda query: {"items": self.bookings, "total": len(self.bookings)},
            "list_approvals": lambda query: {"items": [], "total": 0},
            "get_school": lambda urn: ACADEMY,
            "quote_price": lambda event_id: {**QUOTE, "event_id": event_id},
            "unread_count": lambda person_id: {"unread": 3},
            "list_inbox": lambda person_id, query: {"items": [], "total": 0},
            "person_calendar": lambda: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
            "submit_feedback": lambda event_id, body: {"event_id": event_id, "responses": 1},
        }

    def __call__(self, service, method, *args):
        self.calls.append((method, args))
        self.callers.append(g.get("caller"))
        if method in self.fail:
            raise self.fail[method]
        return self.answers[method](*args)

    def _renew_calendar_key(self):
        self.calendar_key += 1
        return {"person_id": TEACHER.id, "key": self.calendar_key}

    def _calendar_owner(self, query):
        if query != {"person_id": TEACHER.id, "key": self.calendar_key}:
            raise Unauthorized("This calendar address no longer works.")
        return {
            "id": TEACHER.id,
            "email": TEACHER.email,
            "name": TEACHER.name,
            "roles": list(TEACHER.roles),
            "school_urn": TEACHER.school_urn,
            "token_version": 7,
        }

    def called(self, method):
        return [args for name, args in self.calls if name == method]

    def counts(self) -> dict:
        counted: dict = {}
        for name, _ in self.calls:
            counted[name] = counted.get(name, 0) + 1
        return counted


@pytest.fixture
def services(monkeypatch):
    fake = Services()
    for module in (events, bookings, feedback, inbox):
        replace_calls(monkeypatch, module, fake)
    return fake


@pytest.fixture
def app():
    config = {"TESTING": True, "WTF_CSRF_ENABLED": False, "WTF_CSRF_METHODS": []}
    return create_app({**config, "AMQP_URI": "amqp://x@127.0.0.1:1/"})


@pytest.fixture
def resolved(monkeypatch):
    """Who ``auth.resolve`` was asked about; every token names the teacher, version 7."""
    asked = []

    def resolve(person_id, version, claims=None):
        asked.append((person_id, version))
        return TEACHER

    monkeypatch.setattr(auth, "_claims", lambda token: {"sub": TEACHER.id, "ver": 7})
    monkeypatch.setattr(auth, "resolve", resolve)
    return asked


@pytest.fixture
def client(app, services, resolved):
    """A test client signed in as the Northshore teacher (the token's checks stood in for)."""
    with app.test_client() as test_client:
        with test_client.session_transaction() as browser_session:
            browser_session["token"] = "signed-in"
        yield test_client


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def assert_error_page(response, *field_ids):
    """The same form again: "Error: " in the title, a summary linking each field in error."""
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html
    assert title(html).startswith("Error: ")
    assert "govuk-error-summary" in html
    for field_id in field_ids:
        assert f'href="#{field_id}' in html, field_id
        assert f'id="{field_id}-error"' in html, field_id
