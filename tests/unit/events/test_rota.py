"""Cluster meeting rota fairness and Teachmeet running order, pure."""

from collections import Counter
from datetime import UTC, datetime

from events.rota import assign_hosts, half_term_meeting_days, rota_plan, running_order


def test_no_school_hosts_twice_before_every_school_has_hosted_once():
    hosts = assign_hosts([5, 3, 9, 1], 10)
    for round_start in range(0, 8, 4):
        assert sorted(hosts[round_start : round_start + 4]) == [1, 3, 5, 9]
    counts = Counter(hosts)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_rotation_continues_from_earlier_rotas():
    # schools 1 and 2 hosted last year, 3 and 4 did not: they go first
    history = {1: (1, 0), 2: (1, 1)}
    assert assign_hosts([1, 2, 3, 4], 4, history) == [3, 4, 1, 2]


def test_a_year_has_six_half_term_meetings_per_year_group():
    days = half_term_meeting_days(2026)
    assert len(days) == 6 and days == sorted(days)
    assert all(day.weekday() == 2 for day in days)
    plan = rota_plan(2026, ["Year 1", "Year 6"], [10, 20, 30])
    assert len(plan) == 12
    assert {m["year_group"] for m in plan} == {"Year 1", "Year 6"}
    assert Counter(m["host_school_urn"] for m in plan) == {10: 4, 20: 4, 30: 4}
    assert all(m["ends_at"] > m["starts_at"] for m in plan)


def test_running_order_follows_claim_order_with_start_times():
    start = datetime(2026, 11, 4, 16, 0, tzinfo=UTC)
    slots = [{"title": "Phonics"}, {"title": "Maths talk"}]
    order = running_order(slots, start, 5)
    assert [(s["position"], s["title"]) for s in order] == [(1, "Phonics"), (2, "Maths talk")]
    assert order[1]["starts_at"] == datetime(2026, 11, 4, 16, 5, tzinfo=UTC)
