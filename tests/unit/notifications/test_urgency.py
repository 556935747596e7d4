"""Urgency: every way an email waits gives way to a session that starts before it would go out."""

from datetime import UTC, datetime, timedelta

from notifications.dispatch import plan_for
from notifications.messages.message import Message
from notifications.policy import effective_preferences
from notifications.schooltime import SchoolCalendar
from notifications.urgency import is_urgent, session_starts

CAL = SchoolCalendar.from_dict({"terms": [{"start": "2026-09-01", "end": "2026-12-18"}]})
FRIDAY_EVENING = datetime(2026, 11, 20, 18, tzinfo=UTC)  # held until Monday 08:00
SATURDAY_NOON = FRIDAY_EVENING + timedelta(hours=18)


def plan(kind, context, prefs=None):
    message = Message("p1", kind, "t", "b", context)
    return plan_for(message, effective_preferences(prefs), FRIDAY_EVENING, CAL)


def test_held_digested_and_bulletined_email_about_an_earlier_session_goes_now():
    soon = {"sessions": [{"starts_at": SATURDAY_NOON.isoformat()}]}
    assert plan("event_changed", soon).email == "now"
    assert (
        plan(
            "course_commissioned", {"starts_at": SATURDAY_NOON}, {"bookings": {"email": "daily"}}
        ).email
        == "now"
    )  # noqa: E501
    assert plan("running_order_published", {"slots": [{"starts_at": SATURDAY_NOON}]}).email == "now"


def test_email_about_a_later_or_past_session_still_waits():
    later = {"sessions": [{"starts_at": datetime(2026, 12, 1, 9, tzinfo=UTC)}]}
    assert plan("event_changed", later).email == "held"
    past = {"starts_at": FRIDAY_EVENING - timedelta(days=1)}
    assert plan("minutes_published", past).email == "weekly"


def test_session_starts_are_read_from_every_field_that_names_one():
    context = {
        "starts_at": "2026-11-21T10:00:00",  # naive: UTC
        "previous_sessions": [{"starts_at": "2026-11-22T10:00:00+00:00"}],
        "send_before": SATURDAY_NOON,
        "slots": ["not a slot"],
    }
    assert len(session_starts(context)) == 3
    assert not is_urgent(context, FRIDAY_EVENING, None)
