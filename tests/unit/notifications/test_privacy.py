"""Notifications' retention rules and permissions for people's data, as plain Python."""

from datetime import UTC, datetime

import pytest

from contracts.caller import Caller
from contracts.errors import Forbidden
from notifications.permissions import check_may_export_person, check_may_sweep_retention
from notifications.retention import FINISHED, cutoffs, expired_filter, retention_days


def test_the_retention_period_comes_from_config_then_the_environment(monkeypatch):
    monkeypatch.delenv("NOTIFICATIONS_RETENTION_DAYS", raising=False)
    assert retention_days({}) == 365
    monkeypatch.setenv("NOTIFICATIONS_RETENTION_DAYS", "30")
    assert retention_days({}) == 30
    assert retention_days({"NOTIFICATIONS_RETENTION_DAYS": "7"}) == 7


def test_only_finished_deliveries_older_than_the_cutoff_are_expired():
    limits = cutoffs(datetime(2026, 6, 1, tzinfo=UTC), 365)
    assert limits["inbox"] == limits["deliveries"] == datetime(2025, 6, 1, tzinfo=UTC)
    query = expired_filter("deliveries", limits["deliveries"])
    assert query["created_at"] == {"$lt": limits["deliveries"]}
    assert set(query["status"]["$in"]) == set(FINISHED)
    assert "pending" not in FINISHED and "queued" not in FINISHED
    assert expired_filter("inbox", limits["inbox"]) == {"created_at": {"$lt": limits["inbox"]}}


def test_who_may_export_and_sweep():
    check_may_export_person(Caller("p1", ("teacher",)), "p1")
    with pytest.raises(Forbidden):
        check_may_export_person(Caller("p2", ("teacher",)), "p1")
    check_may_sweep_retention(Caller("c1", ("coordinator",)))
    check_may_sweep_retention(Caller.service("cli"))
    with pytest.raises(Forbidden):
        check_may_sweep_retention(Caller("p1", ("teacher",)))
