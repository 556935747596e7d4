"""Long polling of an inbox: a reader waits until an entry for its person is stored by this
process (or a short re-check interval passes, for entries stored by another instance). At most
``limit`` readers wait at once, so waiting never takes every worker from the event handlers."""

import eventlet
from eventlet.event import Event
from eventlet.semaphore import Semaphore

RECHECK_SECONDS = 0.25


class InboxWaiters:
    def __init__(self, limit: int):
        self.events: dict[str, Event] = {}
        self.slots = Semaphore(limit)

    def arrived(self, person_id: str) -> None:
        """An entry for ``person_id`` was stored: wake whoever waits for it."""
        event = self.events.pop(person_id, None)
        if event is not None and not event.ready():
            event.send(True)

    def wait_for(self, person_id: str, read_page, seconds: float) -> dict:
        """``read_page()`` until it has items or ``seconds`` pass; the last page read."""
        page = read_page()
        if page["items"] or seconds <= 0 or not self.slots.acquire(blocking=False):
            return page
        try:
            deadline = eventlet.hubs.get_hub().clock() + seconds
            while not page["items"]:
                remaining = deadline - eventlet.hubs.get_hub().clock()
                if remaining <= 0:
                    break
                event = self.events.setdefault(person_id, Event())
                with eventlet.Timeout(min(remaining, RECHECK_SECONDS), False):
                    event.wait()
                page = read_page()
            return page
        finally:
            self.slots.release()
