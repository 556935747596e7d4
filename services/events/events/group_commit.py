"""Group commit: requests for the same key (an event) that arrive while batches for that key are
being stored wait, and are then stored together as the next batch. Nobody waits on a timer: a
request that finds fewer than ``CONCURRENCY`` batches of its key running starts one at once, so
under light load a batch is one request and under heavy load batches grow with the queue. Other
processes (or keys) run their own batches, which is safe because each batch is itself one atomic
conditional update in the store.

Runs on eventlet (the nameko worker greenthreads): the first request leads its batch in its own
greenthread; a batch queued behind it is led by a new greenthread, so no caller's reply waits for
batches after its own.
"""

from collections.abc import Callable, Sequence

import eventlet
from eventlet.event import Event as GreenEvent

MAX_BATCH = 100
CONCURRENCY = 2  # batches of one key at once: one in the store while the next is assembled


class GroupCommit:
    """``GroupCommit(run)``: ``submit(key, item)`` returns what ``run(key, items)`` returned for
    ``item`` (``run`` returns one outcome per item, in order; an outcome that is an exception is
    raised to that item's caller). If ``run`` itself raises, every item of the batch gets the
    error."""

    def __init__(
        self,
        run: Callable[[str, list], Sequence],
        max_batch: int = MAX_BATCH,
        concurrency: int = CONCURRENCY,
    ):
        self._run = run
        self._max = max_batch
        self._limit = concurrency
        self._queued: dict[str, list[tuple[object, GreenEvent]]] = {}
        self._running: dict[str, int] = {}

    def submit(self, key: str, item):
        done = self._queue(key, item)
        if self._claim_turn(key):
            self._lead(key)
        outcome = done.wait()
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def submit_many(self, pairs: list[tuple[str, object]]) -> list:
        """Queue every ``(key, item)`` at once (so they share batches), then wait for all;
        returns each item's outcome in order (an exception as a value, not raised)."""
        waiting = [self._queue(key, item) for key, item in pairs]
        for key in dict.fromkeys(key for key, _ in pairs):
            if self._claim_turn(key):
                eventlet.spawn_n(self._lead, key)
        return [done.wait() for done in waiting]

    def _queue(self, key: str, item) -> GreenEvent:
        done = GreenEvent()
        self._queued.setdefault(key, []).append((item, done))
        return done

    def _claim_turn(self, key: str) -> bool:
        """Whether a new batch of ``key`` may start now (fewer than the limit are running)."""
        if self._running.get(key, 0) >= self._limit:
            return False
        self._running[key] = self._running.get(key, 0) + 1
        return True

    def _lead(self, key: str) -> None:
        """Store one batch for ``key``; hand what queued meanwhile to a new greenthread."""
        queued = self._queued.get(key, [])
        batch, rest = queued[: self._max], queued[self._max :]
        if rest:
            self._queued[key] = rest
        else:
            self._queued.pop(key, None)
        if not batch:  # another batch of this key took them meanwhile
            self._release(key)
            return
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
            self._release(key)

    def _release(self, key: str) -> None:
        if self._running[key] > 1:
            self._running[key] -= 1
        else:
            del self._running[key]
