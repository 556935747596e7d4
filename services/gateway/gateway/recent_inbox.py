"""What a gateway process has heard of new inbox entries in the last minute, per person, and the
long polls waiting for them (no I/O: ``inbox_feed`` fills it from the broker)."""

import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

RETENTION = timedelta(seconds=60)
PER_PERSON = 20
# clocks of the gateway and the notifications service may differ by this much
CLOCK_MARGIN = timedelta(seconds=1)


def _parse(stamp: str) -> datetime:
    at = datetime.fromisoformat(stamp)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class RecentEntries:
    """New inbox entries heard of in the last ``retention``, per person (at most ``per_person``),
    and the readers waiting for them. Thread-safe."""

    def __init__(
        self,
        retention: timedelta = RETENTION,
        per_person: int = PER_PERSON,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.retention, self.per_person, self._now = retention, per_person, now
        self._changed = threading.Condition()
        self._by_person: dict[str, deque] = {}
        self._arrivals: deque = deque()  # (created_at, person_id), oldest first
        self.live_since: datetime | None = None

    def went_live(self) -> None:
        """The subscription is consuming: every entry created from now on will be heard of."""
        with self._changed:
            self.live_since = self._now()

    def went_down(self) -> None:
        """The subscription is gone: entries may be missed until it is live again."""
        with self._changed:
            self.live_since = None
            self._changed.notify_all()

    def add(self, item: dict) -> None:
        """A new entry (as ``list_inbox`` shows it) was stored: keep it, wake its readers."""
        created = _parse(item["created_at"])
        with self._changed:
            self._forget_old()
            kept = self._by_person.setdefault(item["person_id"], deque(maxlen=self.per_person))
            kept.append((created, item))
            self._arrivals.append((created, item["person_id"]))
            self._changed.notify_all()

    def covers(self, after: datetime) -> bool:
        """True when every entry created after ``after`` has been (or will be) heard of."""
        with self._changed:
            return self._covers(after)

    def wait_page(
        self,
        person_id: str,
        after: datetime,
        per_page: int,
        seconds: float,
        store_read_at: datetime | None = None,
    ) -> dict | None:
        """The first page (newest first) of the person's entries created after ``after``, as soon
        as there is one, waiting up to ``seconds``. None when nothing came, or when the feed can
        no longer tell (gone down, or more entries than it keeps): then read the store.

        ``store_read_at``: the store was read then and had nothing after ``after``; the feed then
        has to cover only what came since (so ``after`` may be older than what it keeps)."""
        known_up_to = after if store_read_at is None else max(after, store_read_at)
        deadline = time.monotonic() + seconds
        with self._changed:
            while True:
                if not self._covers(known_up_to):
                    return None
                kept = self._by_person.get(person_id) or ()
                newer = [item for created, item in reversed(kept) if created > after]
                if newer:
                    if len(kept) == self.per_person and len(newer) == len(kept):
                        return None  # older ones may have been dropped: the store knows
                    return {"items": newer[:per_page], "total": len(newer)}
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)

    def _covers(self, after: datetime) -> bool:
        if self.live_since is None:
            return False
        return after >= max(self.live_since, self._now() - self.retention) + CLOCK_MARGIN

    def _forget_old(self) -> None:
        horizon = self._now() - self.retention
        while self._arrivals and self._arrivals[0][0] < horizon:
            _, person_id = self._arrivals.popleft()
            kept = self._by_person.get(person_id)
            while kept and kept[0][0] < horizon:
                kept.popleft()
            if not kept:
                self._by_person.pop(person_id, None)
