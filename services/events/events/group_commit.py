"""Group commit: requests for the same key (an event) that arrive while a batch for that key is
being stored wait, and are then stored together as the next batch. Nobody waits on a timer: a
request that finds no batch running for its key starts one at once, so under light load a batch
is one request and under heavy load batches grow with the queue. At most one batch per key runs
at a time in this process; other processes (or keys) run their own, which is safe because each
batch is itself one atomic conditional update in the store.

Runs on eventlet (the nameko worker greenthreads): the first request leads its batch in its own
greenthread; a batch queued behind it is led by a new greenthread, so no caller's reply waits for
batches after its own.
"""

from collections.abc import Callable, Sequence

import eventlet
from eventlet.event import Event

MAX_BATCH = 100


class GroupCommit:
    """``GroupCommit(run)``: ``submit(key, item)`` returns what ``run(key, items)`` returned for
    ``item`` (``run`` returns one outcome per item, in order; an outcome that is an exception is
    raised to that item's caller). If ``run`` itself raises, every item of the batch gets the
    error."""

    def __init__(self, run: Callable[[str, list], Sequence], max_batch: int = MAX_BATCH):
        self._run = run
        self._max = max_batch
        self._queued: dict[str, list[tuple[object, Event]]] = {}
        self._running: set[str] = set()

    def submit(self, key: str, item):
        done = Event()
        self._queued.setdefault(key, []).append((item, done))
        if key not in self._running:
            self._running.add(key)
            self._lead(key)
        outcome = done.wait()
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def submit_many(self, pairs: list[tuple[str, object]]) -> list:
        """Queue every ``(key, item)`` at once (so they share batches), then wait for all;
        returns each item's outcome in order (an exception as a value, not raised)."""
        waiting = []
        for key, item in pairs:
            done = Event()
            self._queued.setdefault(key, []).append((item, done))
            waiting.append(done)
        for key in dict.fromkeys(key for key, _ in pairs):
            if key not in self._running:
                self._running.add(key)
                eventlet.spawn_n(self._lead, key)
        return [done.wait() for done in waiting]

    def _lead(self, key: str) -> None:
        """Store one batch for ``key``; hand what queued meanwhile to a new greenthread."""
        queued = self._queued.get(key, [])
        batch, rest = queued[: self._max], queued[self._max :]
        if rest:
            self._queued[key] = rest
        else:
            self._queued.pop(key, None)
        try:
            outcomes = list(self._run(key, [item for item, _ in batch]))
            if len(outcomes) != len(batch):
                raise RuntimeError("a batch must give one outcome per item")
        except Exception as exc:  # noqa: BLE001 - every caller of the batch gets the error
            outcomes = [exc] * len(batch)
        for (_, done), outcome in zip(batch, outcomes, strict=True):
            done.send(outcome)
        if self._queued.get(key):
            eventlet.spawn_n(self._lead, key)
        else:
            self._running.discard(key)
