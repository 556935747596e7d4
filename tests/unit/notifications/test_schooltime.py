"""School time: when non-urgent email may go out, and when digests and bulletins are due."""

from datetime import UTC, date, datetime

from notifications.schooltime import SchoolCalendar

CAL = SchoolCalendar.from_dict(
    {
        "timezone": "Europe/London",
        "school_day": {"start": "08:00", "end": "16:30"},
        "terms": [
            {"start": "2026-09-03", "end": "2026-10-23"},
            {"start": "2026-11-02", "end": "2026-12-18"},
        ],
        "closures": ["2026-11-13"],
    }
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_school_hours_on_a_term_weekday_are_school_time():
    assert CAL.is_school_time(at("2026-09-07T10:00:00+01:00"))
    assert not CAL.is_school_time(at("2026-09-07T07:59:00+01:00"))
    assert not CAL.is_school_time(at("2026-09-07T16:30:00+01:00"))


def test_weekends_holidays_and_closures_are_not_school_days():
    assert not CAL.is_school_day(date(2026, 9, 5))  # Saturday
    assert not CAL.is_school_day(date(2026, 10, 28))  # half term
    assert not CAL.is_school_day(date(2026, 11, 13))  # INSET closure
    assert CAL.is_school_day(date(2026, 11, 12))


def test_an_evening_message_waits_for_the_next_morning():
    assert CAL.next_school_time(at("2026-09-07T19:00:00+01:00")) == at("2026-09-08T08:00:00+01:00")


def test_a_friday_evening_message_waits_until_monday():
    assert CAL.next_school_time(at("2026-09-11T17:00:00+01:00")) == at("2026-09-14T08:00:00+01:00")


def test_a_half_term_message_waits_for_the_first_day_back_in_winter_time():
    assert CAL.next_school_time(at("2026-10-27T12:00:00+00:00")) == at("2026-11-02T08:00:00+00:00")


def test_school_time_itself_is_not_delayed():
    moment = at("2026-09-07T11:00:00+01:00")
    assert CAL.next_school_time(moment) == moment


def test_the_daily_digest_goes_the_next_school_morning():
    assert CAL.next_digest_time(at("2026-09-07T11:00:00+01:00")) == at("2026-09-08T08:00:00+01:00")
    assert CAL.next_digest_time(at("2026-09-11T09:00:00+01:00")) == at("2026-09-14T08:00:00+01:00")


def test_the_weekly_bulletin_goes_the_first_school_morning_of_next_week():
    assert CAL.next_bulletin_time(at("2026-09-08T11:00:00+01:00")) == at(
        "2026-09-14T08:00:00+01:00"
    )
    assert CAL.next_bulletin_time(at("2026-10-21T11:00:00+01:00")) == at(
        "2026-11-02T08:00:00+00:00"
    )


def test_past_the_last_term_the_next_weekday_morning_is_used():
    assert CAL.next_school_time(at("2026-12-19T12:00:00+00:00")) == at("2026-12-21T08:00:00+00:00")


def test_the_shipped_calendar_loads():
    from notifications.settings import Settings

    settings = Settings.from_config({})
    assert settings.calendar.is_school_day(date(2026, 11, 23))
    assert not settings.calendar.is_school_day(date(2026, 12, 25))
