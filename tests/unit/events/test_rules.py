"""Booking rules, pure: audience, window, waitlist order and eligibility, offer expiry, pricing,
terms, certificate threshold."""

from datetime import UTC, datetime, timedelta

import pytest

from events.rules import (
    Profile,
    audience_problem,
    certificate_due,
    certificate_threshold,
    deadline_after,
    eligible_in_order,
    expired,
    needs_profile,
    price_for,
    session_uid,
    window_problem,
)

NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
ACADEMY = Profile("p1", ("teacher",), 1, "Primary", "North", "Academies")
MAINTAINED = Profile(
    "p2", ("teacher",), 2, "Primary", "South", "Local authority maintained schools"
)


def test_waitlist_is_first_come_first_served():
    waiting = [
        {"_id": "c", "waitlist_seq": 3, "school_urn": 1},
        {"_id": "a", "waitlist_seq": 1, "school_urn": 1},
        {"_id": "b", "waitlist_seq": 2, "school_urn": 2},
    ]
    assert [b["_id"] for b in eligible_in_order(waiting, {}, None)] == ["a", "b", "c"]


def test_waitlist_skips_people_whose_school_is_at_its_cap():
    waiting = [
        {"_id": "a", "waitlist_seq": 1, "school_urn": 1},
        {"_id": "b", "waitlist_seq": 2, "school_urn": 2},
        {"_id": "c", "waitlist_seq": 3, "school_urn": 1},
    ]
    eligible = eligible_in_order(waiting, {"u1": 2, "u2": 1}, cap=2)
    assert [b["_id"] for b in eligible] == ["b"]


def test_an_offer_expires_at_its_deadline_not_before():
    deadline = deadline_after(NOW, 3600)
    assert deadline == NOW + timedelta(hours=1)
    assert not expired(deadline, NOW + timedelta(minutes=59))
    assert expired(deadline, NOW + timedelta(hours=1))
    assert not expired(None, NOW)


def test_audience_by_role_phase_cluster_and_year_group():
    assert audience_problem(None, ACADEMY) is None
    assert audience_problem({"roles": ["headteacher"]}, ACADEMY) == "This event is for headteacher."
    assert audience_problem({"phases": ["Secondary"]}, ACADEMY).startswith("This event is for")
    assert audience_problem({"clusters": ["North"]}, ACADEMY) is None
    assert audience_problem({"clusters": ["North"]}, MAINTAINED) is not None


@pytest.mark.parametrize(
    ("audience", "year_groups", "matches"),
    [
        ({"year_groups": ["Year 2"]}, ("Year 2",), True),
        ({"year_groups": ["Year 2", "Year 3"]}, ("Year 3", "Year 4"), True),
        ({"year_groups": ["Year 6"]}, ("Year 2",), False),
        ({"year_groups": ["Year 6"]}, (), False),  # no year groups: teaches none of them
        ({"year_groups": []}, (), True),  # no year-group restriction
        ({"year_groups": ["Year 2"], "phases": ["Secondary"]}, ("Year 2",), False),
        ({"year_groups": ["Year 2"], "roles": ["headteacher"]}, ("Year 2",), False),
        ({"year_groups": ["Year 2"], "clusters": ["North"]}, ("Year 2",), True),
    ],
)
def test_a_year_group_audience_needs_one_of_its_year_groups(audience, year_groups, matches):
    person = Profile("p3", ("teacher",), 1, "Primary", "North", year_groups=year_groups)
    assert (audience_problem(audience, person) is None) is matches


def test_booking_window():
    assert window_problem(None, None, NOW) is None
    assert window_problem(NOW + timedelta(days=1), None, NOW).startswith("Booking opens")
    assert window_problem(None, NOW, NOW).startswith("Booking closed")
    assert window_problem(NOW - timedelta(days=1), NOW + timedelta(days=1), NOW) is None


def test_academies_pay_as_they_go_and_maintained_schools_are_covered():
    pricing = {"price_pence": 6000, "by_type_group": {}}
    assert price_for(pricing, "course", ACADEMY, NOW) == 6000
    assert price_for(pricing, "course", MAINTAINED, NOW) == 0
    assert price_for(None, "course", ACADEMY, NOW) == 0


def test_a_type_group_price_overrides_the_default():
    pricing = {"price_pence": 6000, "by_type_group": {"Academies": 4500, "Free Schools": 0}}
    assert price_for(pricing, "course", ACADEMY, NOW) == 4500


def test_schools_selected_for_moderation_get_moderation_briefings_free():
    selected = Profile(
        "p", school_urn=1, type_group="Academies", moderation_selected_years=("2026-27",)
    )
    pricing = {"price_pence": 4000, "by_type_group": {}}
    assert price_for(pricing, "briefing", selected, NOW) == 0
    assert price_for(pricing, "briefing", selected, NOW + timedelta(days=365)) == 4000
    assert price_for(pricing, "course", selected, NOW) == 4000


def test_certificate_needs_the_minimum_number_of_distinct_sessions():
    assert certificate_threshold(None, 3) == 3
    assert certificate_threshold(2, 3) == 2
    assert not certificate_due([0], 2, 3)
    assert not certificate_due([0, 0], 2, 3)
    assert certificate_due([0, 2], 2, 3)
    assert certificate_due([0, 1, 2], None, 3)


def test_only_events_with_rules_need_the_persons_profile():
    assert not needs_profile({"audience": {"roles": [], "phases": []}})
    assert needs_profile({"audience": {"roles": ["teacher"]}})
    assert needs_profile({"per_school_cap": 2})
    assert needs_profile({"requires_approval": True})
    assert needs_profile({"pricing": {"price_pence": 100}})
    assert not needs_profile({"pricing": {"price_pence": 0, "by_type_group": {}}})


def test_session_uids_are_stable_per_session():
    assert session_uid("e1", 0) == "e1-s0@partnership-hub"
    assert session_uid("e1", 0) != session_uid("e1", 1)
