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
        """``read_page()`` until it has items or ``seconds`` pass; the last page read. The wake-up
        is registered before each read, so an entry stored in between is never missed."""
        if seconds <= 0 or not self.slots.acquire(blocking=False):
            return read_page()
        try:
            clock = eventlet.hubs.get_hub().clock
            deadline = clock() + seconds
            while True:
                event = self.events.setdefault(person_id, Event())
                page = read_page()
                remaining = deadline - clock()
                if page["items"] or remaining <= 0:
                    return page
                with eventlet.Timeout(min(remaining, RECHECK_SECONDS), False):
                    event.wait()
        finally:
            self.slots.release()
