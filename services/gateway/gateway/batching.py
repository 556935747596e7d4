"""Concurrent bookings in one gateway process travel to the events service together.

While ``IN_FLIGHT`` ``book_places`` calls are in flight, the bookings that arrive queue; when one
returns, the first of them sends everything queued (up to ``MAX_BATCH``) as the next call. Nobody
waits on a timer: a booking that finds a call free goes at once, so a quiet gateway sends one
booking per call and a busy one sends fewer, larger calls (fewer broker round trips and RPC
workers per booking). Each booking's result or error is handed back to its own request thread,
so every request still gets its own status (201, 403, 404, 409, ...). A call holds bookings of
different people, so each booking carries its own ``caller`` and is decided by it.

An answered call's threads are woken one after another, each by the one before it as it goes
on (``_Slot.then``), not all at once: a hundred threads woken together would each wait for the
interpreter lock, waking again every few milliseconds to ask for it, and under a burst those
thread switches took more of the gateway's CPU than the requests themselves. A thread busy
sending a call of its own is passed over, so nobody waits for its call.
"""

import threading

from flask import current_app, g
from nameko.exceptions import deserialize

from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.events import MAX_BOOKINGS_PER_CALL
from gateway.auth import caller

MAX_BATCH = MAX_BOOKINGS_PER_CALL
IN_FLIGHT = 2  # calls at once per process: one being answered while the next is on its way


class _Slot:
    __slots__ = ("item", "woken", "leads", "sending", "done", "then", "result", "error")

    def __init__(self, item: dict):
        self.item = item
        self.woken = threading.Event()
        self.leads = False  # its thread has a turn to send the next call
        self.sending = False  # its thread is sending a call (and wakes ``then`` only after it)
        self.done = False
        self.then: _Slot | None = None  # the next booking of its call to wake, once answered
        self.result = None
        self.error: BaseException | None = None


def _wake(slot: _Slot | None) -> None:
    """Wake ``slot``'s thread, and past a thread busy sending, the next one too."""
    while slot is not None:
        slot.woken.set()
        if not slot.sending:
            return
        slot = slot.then


class CallBatcher:
    """``CallBatcher(send).book(item)``: ``send(items)`` makes one call (``book_places``,
    ``resolve_sessions``) and returns its ``results``: one ``{result_key: ...}`` or
    ``{"error"}`` per item, in order."""

    def __init__(
        self,
        send,
        max_batch: int = MAX_BATCH,
        in_flight: int = IN_FLIGHT,
        result_key: str = "booking",
    ):
        self._send = send
        self._key = result_key
        self._max = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Slot] = []
        self._limit = in_flight
        self._in_flight = 0

    def book(self, item: dict) -> dict:
        slot = _Slot(item)
        with self._lock:
            self._queue.append(slot)
            if self._in_flight < self._limit:
                self._in_flight += 1
                slot.leads = True
        return self._wait_for(slot)

    def _wait_for(self, slot: _Slot) -> dict:
        """Until ``slot`` is answered: send a call whenever it holds a turn, else sleep."""
        while True:
            with self._lock:
                leads, slot.leads = slot.leads, False
                slot.sending = leads  # (before reading ``done``: see ``_wake``)
                if leads and slot.done:  # answered in another call meanwhile: pass the turn on
                    self._pass_lead_locked()
                    leads = slot.sending = False
            if leads:
                self._send_next(slot)
                slot.sending = False
            elif slot.done:
                break
            else:
                slot.woken.wait()
                slot.woken.clear()
        _wake(slot.then)
        if slot.error is not None:
            raise slot.error
        return slot.result

    def _send_next(self, own: _Slot) -> None:
        """Send the queued bookings (this thread's own is first, unless another call took it),
        then pass the lead on."""
        with self._lock:
            batch, self._queue = self._queue[: self._max], self._queue[self._max :]
            if not batch:  # another call took them meanwhile
                self._pass_lead_locked()
                return
        try:
            results = self._send([slot.item for slot in batch])
            if len(results) != len(batch):
                raise RuntimeError("a batch call answered a different number of items")
            for slot, result in zip(batch, results, strict=True):
                if result.get("error"):
                    slot.error = deserialize(result["error"])
                else:
                    slot.result = result[self._key]
        except Exception as exc:  # noqa: BLE001 - every booking of the call gets the error
            for slot in batch:
                slot.error = exc
        finally:
            for slot, after in zip(batch, [*batch[1:], None], strict=True):
                slot.then = after
                slot.done = True
            if batch[0] is not own:  # (this thread wakes the next itself, after its own)
                _wake(batch[0])
            with self._lock:
                self._pass_lead_locked()

    def _pass_lead_locked(self) -> None:
        """The first queued booking without a turn sends the next call, or this turn ends."""
        for queued in self._queue:
            if not queued.leads:
                queued.leads = True
                queued.woken.set()
                return
        self._in_flight -= 1


def init_app(app) -> None:
    pool = app.extensions["rpc_pool"]

    def send(items: list[dict]) -> list[dict]:
        correlation_id = items[0].get("correlation_id")
        reply = pool.ask(correlation_id, EventsClient.book_places, {"bookings": items})
        return reply["results"]

    def send_sessions(items: list[dict]) -> list[dict]:
        reply = pool.ask(None, DirectoryClient.resolve_sessions, {"sessions": items})
        return reply["results"]

    app.extensions["booking_batcher"] = CallBatcher(send)
    app.extensions["session_batcher"] = CallBatcher(send_sessions, result_key="session")


BookingBatcher = CallBatcher  # the name the booking path grew up with


def book_place(booking: dict) -> dict:
    """Book as the events service's ``book_place`` does (its result, or its error raised),
    sent together with this process's concurrent bookings. The booking carries its own caller
    (the signed-in person of this request): the events service decides each booking of a call
    by its own caller."""
    batcher: BookingBatcher = current_app.extensions["booking_batcher"]
    return batcher.book(
        {**booking, "caller": caller().dump(), "correlation_id": g.get("request_id")}
    )
