"""The rules every service's policy module asks about people's data: the person themself or
the coordinator exports, only the coordinator erases, nobody else and no service."""

import pytest

from contracts.caller import Caller
from contracts.privacy import may_erase, may_use_own_data, plain

TEACHER = Caller("p1", ("teacher",), 100)
COORDINATOR = Caller("c1", ("coordinator",))


@pytest.mark.parametrize(
    "caller, allowed",
    [
        (TEACHER, True),
        (COORDINATOR, True),
        (Caller("p2", ("headteacher",), 100), False),  # their head: no
        (Caller("la", ("la_officer",)), False),
        (Caller.service("events"), False),
        (Caller.anonymous(), False),
    ],
)
def test_who_may_have_a_persons_data(caller, allowed):
    assert may_use_own_data(caller, "p1") is allowed


def test_only_the_coordinator_erases():
    assert may_erase(COORDINATOR)
    assert not may_erase(TEACHER)
    assert not may_erase(Caller.service("directory"))
    assert not may_erase(Caller.anonymous())


def test_no_person_id_is_nobodys_data():
    assert not may_use_own_data(COORDINATOR, "")


def test_plain_makes_anything_json():
    from datetime import date

    assert plain({"d": date(2026, 1, 2), "s": {1}, "o": object}) == {
        "d": "2026-01-02",
        "s": [1],
        "o": str(object),
    }
