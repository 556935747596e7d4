"""Group commit: requests arriving while a batch for their key runs are stored together next;
each caller gets its own outcome; keys do not wait for each other."""

import eventlet
import pytest

from events.group_commit import GroupCommit


class Recorder:
    def __init__(self, pause=0.01):
        self.batches: list[tuple[str, list]] = []
        self.pause = pause

    def __call__(self, key, items):
        self.batches.append((key, list(items)))
        eventlet.sleep(self.pause)  # the store's round trip: others queue meanwhile
        return [ValueError(f"bad {i}") if i == "bad" else f"{key}:{i}" for i in items]


def _submit_all(commit, calls):
    pool = eventlet.GreenPool()
    threads = [pool.spawn(_outcome, commit, key, item) for key, item in calls]
    return [t.wait() for t in threads]


def _outcome(commit, key, item):
    try:
        return commit.submit(key, item)
    except ValueError as exc:
        return exc


def test_requests_queued_behind_a_running_batch_are_stored_together():
    run = Recorder()
    outcomes = _submit_all(GroupCommit(run, concurrency=1), [("e1", n) for n in range(6)])

    assert outcomes == [f"e1:{n}" for n in range(6)]
    assert [items for _, items in run.batches] == [[0], [1, 2, 3, 4, 5]]


def test_up_to_the_concurrency_batches_of_a_key_run_at_once():
    run = Recorder()
    outcomes = _submit_all(GroupCommit(run, concurrency=2), [("e1", n) for n in range(6)])

    assert outcomes == [f"e1:{n}" for n in range(6)]
    assert [items for _, items in run.batches] == [[0], [1], [2, 3, 4, 5]]


def test_each_caller_gets_its_own_outcome_and_error():
    outcomes = _submit_all(GroupCommit(Recorder()), [("e1", "a"), ("e1", "bad"), ("e1", "c")])

    assert outcomes[0] == "e1:a" and outcomes[2] == "e1:c"
    assert isinstance(outcomes[1], ValueError) and str(outcomes[1]) == "bad bad"


def test_different_keys_run_side_by_side():
    run = Recorder()
    _submit_all(GroupCommit(run), [("e1", 1), ("e2", 1), ("e1", 2), ("e2", 2)])

    assert [key for key, _ in run.batches[:2]] == ["e1", "e2"]
    assert sorted(run.batches[2:]) == [("e1", [2]), ("e2", [2])]


def test_a_batch_is_never_longer_than_the_limit():
    run = Recorder()
    _submit_all(GroupCommit(run, max_batch=2, concurrency=1), [("e1", n) for n in range(5)])

    assert [len(items) for _, items in run.batches] == [1, 2, 2]


def test_a_failing_batch_fails_each_of_its_callers_and_the_key_recovers():
    def broken(key, items):
        raise ValueError("store down")

    commit = GroupCommit(broken)
    with pytest.raises(ValueError, match="store down"):
        commit.submit("e1", 1)
    commit._run = Recorder()
    assert commit.submit("e1", 2) == "e1:2"
