"""Templates, iCal attachments and the multipart email built from them."""

import email
import email.policy
import email.utils
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from notifications import ical, mailer, sending
from notifications.render import render_email
from notifications.settings import Settings

START = datetime(2027, 1, 12, 15, 45, tzinfo=UTC)
SESSIONS = [
    {
        "uid": "e1-s1@events",
        "starts_at": START,
        "ends_at": START + timedelta(hours=1),
        "venue": "Hub",
    }
]


def test_templates_render_text_and_escaped_html():
    context = {"title": "Booking <confirmed>", "body": "Yes", "name": "Ann", "sessions": SESSIONS}
    text, html = render_email("booking_confirmed", context)
    assert "Dear Ann" in text and "Booking <confirmed>" in text and "Hub" in text
    assert "Booking &lt;confirmed&gt;" in html and "<html" in html


def test_an_update_keeps_the_uid_and_raises_the_sequence():
    first = Calendar.from_ical(ical.build_calendar("REQUEST", "e1", "Phonics", SESSIONS, 1))
    later = Calendar.from_ical(ical.build_calendar("REQUEST", "e1", "Phonics", SESSIONS, 2))
    (a,), (b,) = first.walk("VEVENT"), later.walk("VEVENT")
    assert a["UID"] == b["UID"] == "e1-s1@events"
    assert (a["SEQUENCE"], b["SEQUENCE"]) == (1, 2)


def test_a_cancellation_is_method_cancel_and_status_cancelled():
    cal = Calendar.from_ical(ical.build_calendar("CANCEL", "e1", "Phonics", SESSIONS, 5))
    assert cal["METHOD"] == "CANCEL"
    assert [str(ev["STATUS"]) for ev in cal.walk("VEVENT")] == ["CANCELLED"]


def test_sequence_is_the_events_revision_never_a_bookings_version_or_a_time():
    assert ical.sequence_of({"sequence": 4, "version": 9}) == 4
    moved = {"version": 9, "occurred_at": "2026-11-23T10:00:05+00:00"}
    assert ical.sequence_of(moved, {"sequence": 3}) == 3
    assert ical.sequence_of(moved) == 0


def test_the_email_has_text_html_and_calendar_parts():
    ics = ical.build_calendar("REQUEST", "e1", "Phonics", SESSIONS, 1)
    msg = mailer.build_message("hub@x.test", "ann@x.test", "Subject", "plain", "<p>html</p>", ics)
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    kinds = [part.get_content_type() for part in parsed.walk()]
    assert {"text/plain", "text/html", "text/calendar"} <= set(kinds)


def test_retries_back_off_and_are_capped():
    settings = Settings.from_config(
        {"EMAIL_RETRY_BASE_SECONDS": 30, "EMAIL_RETRY_MAX_SECONDS": 100}
    )
    assert [settings.backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_every_attempt_at_one_delivery_carries_the_same_message_id():
    doc = {"_id": "ev1:p1:booking_confirmed", "kind": "booking_confirmed", "subject": "Booked"}
    doc["context"] = {"title": "Booked", "body": "Yes"}
    person = {"email": "p1@school.test", "name": "P"}
    first = sending.compose(doc, person, None, "hub@partnership.test")
    again = sending.compose(doc, person, None, "hub@partnership.test")
    other = sending.compose({**doc, "_id": "ev2:p1:booking_confirmed"}, person, None, "hub@x")
    assert first["Message-ID"] == again["Message-ID"] != other["Message-ID"]
    assert email.utils.parseaddr(first["Message-ID"])[1].endswith("@partnership-hub")
