"""Reminder times before a session."""

from datetime import UTC, datetime, time

import pytest

from notifications.reminders import parse_offset, reminder_times

START = datetime(2026, 12, 2, 15, 45, tzinfo=UTC)


def test_two_days_before_and_the_morning_of_the_session():
    due = reminder_times(START, ["2d", "morning"], datetime(2026, 11, 23, tzinfo=UTC))
    assert due == [
        ("2d", datetime(2026, 11, 30, 15, 45, tzinfo=UTC)),
        ("morning", datetime(2026, 12, 2, 7, 30, tzinfo=UTC)),
    ]


def test_reminders_already_past_are_skipped():
    due = reminder_times(START, ["2d", "morning"], datetime(2026, 12, 1, tzinfo=UTC))
    assert [label for label, _ in due] == ["morning"]


def test_a_morning_reminder_after_an_early_start_is_skipped():
    early = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    due = reminder_times(early, ["morning"], datetime(2026, 11, 1, tzinfo=UTC), morning=time(7, 30))
    assert due == []


def test_offsets_must_be_understood():
    assert parse_offset("3h").total_seconds() == 3 * 3600
    with pytest.raises(ValueError):
        parse_offset("soon")
