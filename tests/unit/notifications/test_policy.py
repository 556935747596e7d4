"""Preferences, categories and the delivery plan."""

from datetime import UTC, datetime

from contracts import notifications as contract
from notifications.policy import (
    CATEGORIES,
    DEFAULT_PREFERENCES,
    EMAIL_MODES,
    effective_preferences,
    plan_delivery,
)
from notifications.schooltime import SchoolCalendar

CAL = SchoolCalendar.from_dict({"terms": [{"start": "2026-09-01", "end": "2026-12-18"}]})
SCHOOL_TIME = datetime(2026, 11, 23, 10, tzinfo=UTC)  # a Monday in term
SATURDAY_NIGHT = datetime(2026, 11, 21, 22, tzinfo=UTC)
MONDAY_MORNING = datetime(2026, 11, 23, 8, tzinfo=UTC)


def test_the_contract_and_the_policy_agree_on_categories_and_modes():
    assert contract.ALL_CATEGORIES == CATEGORIES == tuple(DEFAULT_PREFERENCES)
    # the web form lists these so far; community's is set through the API
    assert set(contract.CATEGORIES) < set(CATEGORIES)
    assert contract.EMAIL_MODES == EMAIL_MODES


def test_transactional_kinds_go_at_once_whatever_the_hour_or_preference():
    prefs = effective_preferences({"bookings": {"inbox": False, "email": "off"}})
    for kind in ("booking_confirmed", "place_offered", "approval_requested"):
        plan = plan_delivery(kind, prefs, SATURDAY_NIGHT, CAL)
        assert (plan.inbox, plan.email, plan.send_at) == (True, "now", SATURDAY_NIGHT)


def test_non_urgent_email_waits_for_school_time():
    plan = plan_delivery("event_changed", effective_preferences(None), SATURDAY_NIGHT, CAL)
    assert (plan.email, plan.send_at) == ("held", MONDAY_MORNING)


def test_non_urgent_email_in_school_time_goes_now():
    plan = plan_delivery("event_changed", effective_preferences(None), SCHOOL_TIME, CAL)
    assert (plan.email, plan.send_at) == ("now", SCHOOL_TIME)


def test_a_daily_digest_preference_queues_for_the_next_morning():
    prefs = effective_preferences({"bookings": {"email": "daily"}})
    plan = plan_delivery("course_commissioned", prefs, SCHOOL_TIME, CAL)
    assert (plan.email, plan.send_at) == ("daily", datetime(2026, 11, 24, 8, tzinfo=UTC))


def test_group_news_defaults_to_the_weekly_bulletin():
    plan = plan_delivery("minutes_published", effective_preferences(None), SCHOOL_TIME, CAL)
    assert (plan.inbox, plan.email) == (True, "weekly")
    assert plan.send_at == datetime(2026, 11, 30, 8, tzinfo=UTC)


def test_inbox_off_and_email_off_mean_nothing_but_the_record():
    prefs = effective_preferences({"group_news": {"inbox": False, "email": "off"}})
    plan = plan_delivery("minutes_published", prefs, SCHOOL_TIME, CAL)
    assert (plan.inbox, plan.email) == (False, "none")


def test_stored_preferences_overlay_defaults_and_ignore_unknown_categories():
    prefs = effective_preferences({"reminders": {"email": "off"}, "nonsense": {"email": "x"}})
    assert prefs["reminders"] == {"inbox": True, "email": "off"}
    assert "nonsense" not in prefs and prefs["bookings"]["email"] == "immediate"


def test_a_reminder_held_past_its_session_goes_at_once_instead():
    from datetime import timedelta

    from notifications.dispatch import plan_for
    from notifications.messages.message import Message

    session = SATURDAY_NIGHT + timedelta(hours=10)  # Sunday morning, before school opens
    reminder = Message("p1", "session_reminder", "Reminder", "", {"send_before": session})
    plan = plan_for(reminder, effective_preferences(None), SATURDAY_NIGHT, CAL)
    assert (plan.email, plan.send_at) == ("now", SATURDAY_NIGHT)
    later = Message("p1", "session_reminder", "Reminder", "", {"send_before": MONDAY_MORNING})
    assert plan_for(later, effective_preferences(None), SATURDAY_NIGHT, CAL).email == "held"
