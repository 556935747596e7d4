"""Long polling of an inbox: a reader waits until an entry for its person is stored by this
process (or a short re-check interval passes, for entries stored by another instance). At most
``limit`` readers wait at once, so waiting never takes every worker from the event handlers."""

import eventlet
from eventlet.event import Event as GreenEvent
from eventlet.semaphore import Semaphore

RECHECK_SECONDS = 0.25


class InboxWaiters:
    def __init__(self, limit: int):
        self.events: dict[str, GreenEvent] = {}
        self.slots = Semaphore(limit)

    def arrived(self, person_id: str, entry: dict | None = None) -> None:
        """An entry for ``person_id`` was stored: wake whoever waits for it (handing it over)."""
        event = self.events.pop(person_id, None)
        if event is not None and not event.ready():
            event.send(entry or True)

    def wait_for(self, person_id: str, read_page, seconds: float, page_of=None) -> dict:
        """``read_page()`` until it has items or ``seconds`` pass; the last page read. The wake-up
        is registered before each read, so an entry stored in between is never missed. When an
        arrival hands over its entry and ``page_of(entry)`` makes the page from it (None when it
        cannot), that page is answered without reading the store again."""
        if seconds <= 0 or not self.slots.acquire(blocking=False):
            return read_page()
        try:
            clock = eventlet.hubs.get_hub().clock
            deadline = clock() + seconds
            while True:
                event = self.events.setdefault(person_id, GreenEvent())
                page = read_page()
                remaining = deadline - clock()
                if page["items"] or remaining <= 0:
                    return page
                with eventlet.Timeout(min(remaining, RECHECK_SECONDS), False):
                    entry = event.wait()
                    if isinstance(entry, dict) and page_of is not None:
                        page = page_of(entry)
                        if page is not None:
                            return page
        finally:
            self.slots.release()
