"""The time rules (events/timing.py) and the rota's half terms, as pure functions: nothing
happens to a session before it starts, and nothing is planned or held open beyond it."""

from datetime import UTC, datetime, timedelta

import pytest

from events import timing
from events.rota import rota_plan

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
COURSE = [  # a course on 9 February 2027 (and a week later)
    {"starts_at": datetime(2027, 2, 9, 9, 30, tzinfo=UTC), "ends_at": datetime(2027, 2, 9, 12)},
    {"starts_at": datetime(2027, 2, 16, 9, 30), "ends_at": datetime(2027, 2, 16, 12)},
]


def _session(hours: float, length: float = 2) -> dict:
    start = NOW + timedelta(hours=hours)
    return {"starts_at": start, "ends_at": start + timedelta(hours=length), "venue": "Hub"}


def test_a_new_event_names_each_session_in_the_past():
    sessions = [_session(-1), _session(24), _session(-30)]
    problems = timing.past_session_problems(sessions, NOW)
    assert set(problems) == {"sessions.0.starts_at", "sessions.2.starts_at"}
    assert timing.past_session_problems(sessions, NOW, "course.sessions").keys() == {
        "course.sessions.0.starts_at",
        "course.sessions.2.starts_at",
    }
    assert timing.past_session_problems([_session(1)], NOW) == {}


def test_a_change_keeps_sessions_that_took_place_and_moves_only_future_ones():
    held, ahead = _session(-48), _session(48)
    # unchanged (a form resubmits minutes: the same moment within a second) is fine
    same = {**held, "starts_at": held["starts_at"] + timedelta(milliseconds=400)}
    assert timing.changed_session_problems([held, ahead], [same, _session(72)], NOW) == {}
    moved = {**held, "starts_at": held["starts_at"] - timedelta(days=1)}
    assert set(timing.changed_session_problems([held, ahead], [moved, ahead], NOW)) == {
        "sessions.0.starts_at"
    }
    assert set(timing.changed_session_problems([ahead], [_session(-2), ahead], NOW)) == {
        "sessions.0.starts_at"
    }
    assert set(timing.changed_session_problems([held, ahead], [ahead], NOW)) == {"sessions"}


def test_booking_closes_when_the_first_session_starts():
    assert timing.booking_closed_problem(COURSE, NOW) is None
    assert timing.booking_closed_problem(COURSE, datetime(2027, 2, 9, 9, 29, tzinfo=UTC)) is None
    closed = timing.booking_closed_problem(COURSE, datetime(2027, 2, 9, 9, 30, tzinfo=UTC))
    assert closed == "Booking has closed: this event started on 9 February 2027 at 09:30 UTC."


def test_offers_and_approvals_never_outlast_the_first_session():
    start = datetime(2027, 2, 9, 9, 30, tzinfo=UTC)
    assert timing.capped_deadline(start + timedelta(days=2), COURSE) == start
    early = start - timedelta(days=3)
    assert timing.capped_deadline(early, COURSE) == early


def test_a_register_is_taken_once_its_session_has_started():
    problem = timing.register_problem(COURSE[0], 1, NOW)
    assert problem.startswith("Session 1 starts on 9 February 2027 at 09:30 UTC")
    assert timing.register_problem(COURSE[0], 1, datetime(2027, 2, 9, 9, 30, tzinfo=UTC)) is None


def test_certificates_count_only_sessions_that_have_started():
    during = datetime(2027, 2, 10, tzinfo=UTC)
    assert timing.held_sessions([1, 0, 0, 7], COURSE, during) == [0]
    assert timing.held_sessions([0, 1], COURSE, NOW) == []


def test_feedback_opens_when_the_last_session_starts():
    assert "16 February 2027" in timing.feedback_problem(COURSE, datetime(2027, 2, 10, tzinfo=UTC))
    assert timing.feedback_problem(COURSE, datetime(2027, 2, 16, 10, tzinfo=UTC)) is None


@pytest.mark.parametrize(
    "data,expected",
    [
        ({"session_number": 1}, (0, "session_number")),
        ({"session_number": 2}, (1, "session_number")),
        ({"session_id": "ev1-s1@partnership-hub"}, (1, "session_id")),
        ({"session": 0}, (0, "session")),  # the older 0-based index still works
    ],
)
def test_a_session_is_named_by_its_id_or_its_number(data, expected):
    assert timing.session_index("ev1", COURSE, data) == expected


@pytest.mark.parametrize(
    "data,field",
    [
        ({"session_number": 3}, "session_number"),
        ({"session_id": "other-s0@partnership-hub"}, "session_id"),
        ({"session": 2}, "session"),
    ],
)
def test_an_unknown_session_names_the_field_it_was_asked_by(data, field):
    with pytest.raises(ValueError) as raised:
        timing.session_index("ev1", COURSE, data)
    assert raised.value.args[0] == field


def test_the_rota_plans_no_half_term_that_is_over():
    everything = rota_plan(2026, ["Year 1"], [1, 2, 3])
    ahead = rota_plan(2026, ["Year 1"], [1, 2, 3], after=NOW)
    assert [m["half_term"] for m in everything] == [1, 2, 3, 4, 5, 6]
    assert [m["half_term"] for m in ahead] == [3, 4, 5, 6]
    assert all(m["starts_at"] > NOW for m in ahead)
    assert [m["host_school_urn"] for m in ahead] == [1, 2, 3, 1]  # hosts still rotate fairly
    assert rota_plan(2025, ["Year 1"], [1, 2], after=NOW) == []
