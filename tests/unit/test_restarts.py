"""``make run``'s restart policy (scripts/restarts.py): a process that dies starts again at
once, then after a doubling wait up to a ceiling, counted afresh once it has stayed up."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restarts():
    spec = importlib.util.spec_from_file_location("restarts", ROOT / "scripts/restarts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_wait_doubles_up_to_its_ceiling(restarts):
    policy = restarts.Restarts(longest=30.0, settled=60.0)
    waits = [policy.died("events", at=float(t)) for t in range(8)]
    assert waits == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert policy.count("events") == 8


def test_each_process_has_its_own_count(restarts):
    policy = restarts.Restarts()
    policy.died("events", at=0.0)
    policy.died("events", at=1.0)
    assert policy.died("directory", at=1.5) == 0.0


def test_a_process_that_stayed_up_starts_counting_again(restarts):
    policy = restarts.Restarts(longest=30.0, settled=60.0)
    for t in range(4):
        policy.died("gateway", at=float(t))
    assert policy.died("gateway", at=3.0 + 59.0) == 8.0
    assert policy.died("gateway", at=62.0 + 60.0) == 0.0


def test_run_platform_loads_the_policy_however_it_is_loaded():
    spec = importlib.util.spec_from_file_location("run_platform", ROOT / "scripts/run_platform.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.Platform().restarts.died("events", at=0.0) == 0.0
