"""Sign-in throttling settings and delays (directory.accounts.Limits), without a store."""

import pytest

from directory.accounts import Limits


@pytest.mark.parametrize(
    "failures,delay",
    [(1, 0.0), (4, 0.0), (5, 1.0), (6, 2.0), (7, 4.0), (14, 512.0), (15, 900.0), (60, 900.0)],
)
def test_after_five_failures_each_next_one_waits_twice_as_long_up_to_fifteen_minutes(
    failures, delay
):
    assert Limits().delay(failures, free=5) == delay


def test_settings_come_from_config_with_defaults():
    limits = Limits.from_config(
        {
            "SIGNIN_ACCOUNT_FAILURES": "3",
            "SIGNIN_BASE_DELAY_SECONDS": 0.5,
            "SIGNIN_WINDOW_SECONDS": "",
        }
    )
    assert (limits.account_failures, limits.address_failures) == (3, 20)
    assert (limits.base_delay, limits.max_delay, limits.window) == (0.5, 900.0, 900.0)
    assert limits.delay(3, free=3) == 0.5
