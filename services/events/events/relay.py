"""The events service's outbox relay: publishes stored outbox entries with publisher confirms at
once, and records that in batches every few milliseconds instead of one write per booking.

- ``publish(collection, doc_id, entries)``: entries in a document's ``outbox`` (changes to
  existing documents) are removed afterwards by one ``update_many`` per batch.
- ``publish_created(booking_id, entries, note, batch_size)``: a background publisher sends new
  bookings' events in batches and waits once for the broker's confirms of each batch
  (``events.confirms``). A new booking's event stays in its
  ``created_outbox``; the bookings of a batch were noted as unannounced on their event's places
  document by the very update that took their places, and ``note`` (event id, note id) is
  removed once all their events are published (one ``$pull`` for every event every 0.25 s),
  which costs the store much less than rewriting every booking. ``sweep_created`` republishes
  the bookings of notes older than a few seconds.

A crash before the batch is written leaves facts unmarked; the sweeps republish them (a fact may
be published twice, never lost; consumers are idempotent on ``event_id``).
"""

import logging
from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

import eventlet
from eventlet.queue import Empty, LightQueue
from kombu import Connection
from nameko.constants import AMQP_URI_CONFIG_KEY, PERSISTENT, SERIALIZER_CONFIG_KEY

from events import places
from events.confirms import Confirms
from events.storage import (
    bookings_collection,
    dirty_collection,
    now,
)
from runtime.delivery import OutboxRelay

_log = logging.getLogger(__name__)


class Outgoing(NamedTuple):
    """A new booking's events, handed to the background publisher."""

    headers: dict
    booking_id: str
    entries: list
    note: tuple  # (event id, note id): dropped once all ``batch_size`` bookings are published
    batch_size: int


FLUSH_INTERVAL = 0.02
NOTES_INTERVAL = 0.25  # new bookings' notes are dropped in one write for every event at once
MAX_BATCH = 500
PUBLISH_BATCH = 200  # new bookings' events published together, their confirms awaited once
CONFIRM_TIMEOUT = 10.0


class _BatchedRelay:
    def __init__(self, publish, sweep, pending, outgoing, headers: dict):
        self._headers = headers
        self._publish = publish
        self._sweep = sweep
        self._pending = pending
        self._outgoing = outgoing

    def publish_created(self, booking_id, entries, note, batch_size) -> int:
        """Hand a new booking's ``created_outbox`` entries to the background publisher (the
        booking is stored, so the caller need not wait for the broker's confirm); its batch's
        note goes once all ``batch_size`` bookings of the batch are published."""
        self._outgoing.put(Outgoing(self._headers, booking_id, entries, note, batch_size))
        return len(entries)

    def sweep_dirty(self, settle: timedelta = timedelta(seconds=10)) -> int:
        """Republish ``outbox`` entries of bookings marked dirty more than ``settle`` ago."""
        count = 0
        stale = dirty_collection().find({"at": {"$lt": now() - settle}}).limit(500)
        for mark in list(stale):
            booking = bookings_collection().find_one({"_id": mark["_id"]}, {"outbox": 1})
            if booking and booking.get("outbox"):
                count += self.publish(bookings_collection(), mark["_id"], booking["outbox"])
            else:
                dirty_collection().delete_one({"_id": mark["_id"], "at": mark["at"]})
        return count

    def sweep_created(self, settle: timedelta = timedelta(seconds=10)) -> int:
        """Republish the creation events of bookings noted as unannounced more than ``settle``
        ago (a crash, or the broker refused them), then drop the notes."""
        count = 0
        for event_id, note in places.stale_notes(now() - settle):
            ids = note.get("bookings") or []
            for row in bookings_collection().find({"_id": {"$in": ids}}, {"created_outbox": 1}):
                for entry in row.get("created_outbox") or []:
                    self._publish(entry["name"], entry["body"])
                    count += 1
            places.drop_notes([event_id], [note["id"]])
        if count:
            _log.warning("outbox sweep republished %d booking events", count)
        return count

    def publish(self, collection, doc_id, entries) -> int:
        """Publish ``entries`` (confirmed); their removal from the outbox is queued."""
        sent = []
        for entry in entries:
            self._publish(entry["name"], entry["body"])
            sent.append(entry["body"]["event_id"])
        if sent:
            self._pending.put((collection, doc_id, sent))
        return len(sent)

    def sweep(self, collections, **kwargs) -> int:
        return self._sweep(collections, **kwargs)


class BatchedOutboxRelay(OutboxRelay):
    """Dependency: ``self.relay.publish(collection, doc_id, entries)`` and ``self.relay.sweep``."""

    def setup(self):
        super().setup()
        self._pending = LightQueue()
        self._published_notes = LightQueue()  # notes of batches whose bookings are all announced
        self._outgoing = LightQueue()
        self._notes_dropped_at = 0.0
        self._announced: dict = {}  # (event id, note id) -> bookings of it published so far
        self._failed: set = set()  # notes with a booking not published: they stay, for the sweep
        self._connection = self._producer = self._confirms = None
        self._running = False

    def start(self):
        super().start()
        self._running = True
        self._thread = self.container.spawn_managed_thread(self._flusher)
        self._publisher = self.container.spawn_managed_thread(self._publish_outgoing)

    def stop(self):
        self._running = False
        self._thread.kill()
        self._publisher.kill()
        self._send_outgoing()
        self._close_background()
        self.flush()
        super().stop()

    def kill(self):
        self._running = False
        super().kill()

    def get_dependency(self, worker_ctx):
        plain = super().get_dependency(worker_ctx)
        return _BatchedRelay(
            plain._publish,
            plain.sweep,
            self._pending,
            self._outgoing,
            self.get_message_headers(worker_ctx),
        )

    def _publish_outgoing(self):
        while self._running:
            try:
                first = self._outgoing.get(timeout=0.5)
            except Empty:
                continue
            self._send([first, *self._queued()])
            self._send_outgoing()

    def _send_outgoing(self) -> None:
        while items := self._queued():
            self._send(items)

    def _queued(self) -> list[Outgoing]:
        items: list[Outgoing] = []
        while len(items) < PUBLISH_BATCH:
            try:
                items.append(self._outgoing.get_nowait())
            except Empty:
                break
        return items

    def _send(self, items: list[Outgoing]) -> None:
        """Publish the events of several new bookings on the background connection, then wait
        once for the broker to confirm them all (``events.confirms``); a batch's note is queued
        for removal once all its bookings are published. On failure their notes stay, for the
        sweep."""
        try:
            producer, confirms = self._background_producer()
            for item in items:
                for entry in item.entries:
                    producer.publish(
                        entry["body"],
                        exchange=self.exchange,
                        routing_key=entry["name"],
                        headers=item.headers,
                        delivery_mode=PERSISTENT,
                        serializer=self.container.config.get(SERIALIZER_CONFIG_KEY, "json"),
                        declare=[self.exchange],
                    )
                    confirms.published()
            confirms.wait_all(CONFIRM_TIMEOUT)
        except Exception:  # noqa: BLE001 - the notes stay, the sweep republishes
            _log.exception("could not publish %d bookings' events; the sweep will", len(items))
            self._close_background()
            for item in items:
                self._announced.pop(item.note, None)
                self._failed.add(item.note)
            return
        for item in items:
            self._published(item.note, item.batch_size)

    def _published(self, note, batch_size: int) -> None:
        if note in self._failed:
            return
        done = self._announced.get(note, 0) + 1
        if done < batch_size:
            if len(self._announced) + len(self._failed) > 10000:  # leftovers: the sweep has them
                self._announced.clear()
                self._failed.clear()
            self._announced[note] = done
            return
        self._announced.pop(note, None)
        self._published_notes.put(note)

    def _background_producer(self):
        """One long-lived channel in confirm mode for the background publisher (no pool look-up
        or connection object per message), and its confirms."""
        if self._producer is None:
            self._connection = Connection(self.container.config[AMQP_URI_CONFIG_KEY])
            self._confirms = Confirms(self._connection)
            self._producer = self._connection.Producer()
        return self._producer, self._confirms

    def _close_background(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:  # noqa: BLE001 - a broken connection is dropped whatever
                pass
        self._connection = self._producer = None

    def _flusher(self):
        while self._running:
            eventlet.sleep(FLUSH_INTERVAL)
            try:
                self.flush(notes_every=NOTES_INTERVAL)
            except Exception:  # noqa: BLE001 - the sweep republishes; keep flushing
                _log.exception("could not remove published outbox entries")

    def flush(self, notes_every: float = 0.0) -> int:
        """Remove every queued published entry from its document's outbox, and the notes of
        published new bookings (those at most every ``notes_every`` seconds)."""
        batches: dict = defaultdict(lambda: ([], [], None))
        count = 0
        while count < MAX_BATCH:
            try:
                collection, doc_id, event_ids = self._pending.get_nowait()
            except Empty:
                break
            ids, eids, _ = batches[collection.full_name]
            ids.append(doc_id)
            eids.extend(event_ids)
            batches[collection.full_name] = (ids, eids, collection)
            count += 1
        for ids, eids, collection in batches.values():
            collection.update_many(
                {"_id": {"$in": ids}}, {"$pull": {"outbox": {"body.event_id": {"$in": eids}}}}
            )
            if collection.name == bookings_collection().name:
                dirty_collection().delete_many({"_id": {"$in": ids}, "at": {"$lt": now()}})
        return count + self.drop_published_notes(notes_every)

    def drop_published_notes(self, every: float = 0.0) -> int:
        """Drop the notes of fully published batches, all events at once (one write), at most
        once per ``every`` seconds: a note may stay a little longer, never a write per booking."""
        clock = eventlet.hubs.get_hub().clock()
        if clock - self._notes_dropped_at < every or not self._published_notes.qsize():
            return 0
        self._notes_dropped_at = clock
        notes = []
        while len(notes) < MAX_BATCH:
            try:
                notes.append(self._published_notes.get_nowait())
            except Empty:
                break
        places.drop_notes([event_id for event_id, _ in notes], [note for _, note in notes])
        return len(notes)


def unannounced_bookings() -> dict:
    """For the outbox gauges (``runtime.ops``): new bookings whose events are not published yet
    (their batches' notes on the places documents) and when the oldest note was made."""
    notes = [note for _, note in places.stale_notes(now(), limit=1000)]
    count = sum(len(note.get("bookings") or []) for note in notes)
    oldest = min((note["at"] for note in notes), default=None)
    return {"bookings.created_outbox": (count, oldest)}
