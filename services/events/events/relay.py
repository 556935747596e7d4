"""The events service's outbox relay: publishes stored outbox entries with publisher confirms at
once, and records that in batches every few milliseconds instead of one write per booking.

- ``publish(collection, doc_id, entries)``: entries in a document's ``outbox`` (changes to
  existing documents) are removed afterwards by one ``update_many`` per batch.
- ``publish_created(booking_id, entries)``: a new booking's event stays in its ``created_outbox``;
  a ``{_id: booking id}`` marker is inserted into ``published`` (one ``insert_many`` per batch),
  which costs the store much less than rewriting every booking. Booking ids are time-ordered, so
  ``sweep_created`` finds unmarked recent bookings through the ``_id`` index.

A crash before the batch is written leaves facts unmarked; the sweeps republish them (a fact may
be published twice, never lost; consumers are idempotent on ``event_id``).
"""

import logging
from collections import defaultdict
from datetime import timedelta

import eventlet
from eventlet.queue import Empty, LightQueue
from kombu import Connection
from nameko.constants import AMQP_URI_CONFIG_KEY, PERSISTENT, SERIALIZER_CONFIG_KEY
from pymongo.errors import BulkWriteError

from contracts.delivery import OutboxRelay
from events.storage import (
    bookings_collection,
    dirty_collection,
    id_at,
    now,
    published_collection,
)

_log = logging.getLogger(__name__)

FLUSH_INTERVAL = 0.02
MAX_BATCH = 500


class _BatchedRelay:
    def __init__(self, publish, sweep, pending, markers, outgoing, state: dict, headers: dict):
        self._headers = headers
        self._state = state
        self._publish = publish
        self._sweep = sweep
        self._pending = pending
        self._markers = markers
        self._outgoing = outgoing

    def publish_created(self, doc_id, entries) -> int:
        """Hand a new booking's ``created_outbox`` entries to the background publisher (the
        booking is stored, so the caller need not wait for the broker's confirm)."""
        self._outgoing.put((self._headers, doc_id, entries))
        return len(entries)

    def publish_created_now(self, doc_id, entries) -> int:
        for entry in entries:
            self._publish(entry["name"], entry["body"])
        self._markers.put(doc_id)
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
        """Republish the creation events of bookings made since the last sweep (a day back for
        the first one after a start, with a little overlap) that carry no published marker."""
        until = now() - settle
        since = self._state.get("until") or until - timedelta(days=1)
        window = {"_id": {"$gte": id_at(since - timedelta(seconds=2)), "$lt": id_at(until)}}
        ids = [row["_id"] for row in bookings_collection().find(window, {"_id": 1})]
        self._state["until"] = until
        if not ids:
            return 0
        marked = {m["_id"] for m in published_collection().find({"_id": {"$in": ids}})}
        missing = [i for i in ids if i not in marked]
        count = 0
        if missing:
            rows = bookings_collection().find({"_id": {"$in": missing}}, {"created_outbox": 1})
            for row in rows:
                if row.get("created_outbox"):
                    count += self.publish_created_now(row["_id"], row["created_outbox"])
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
        self._markers = LightQueue()
        self._outgoing = LightQueue()
        self._sweep_state: dict = {}
        self._connection = self._producer = None
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
            self._markers,
            self._outgoing,
            self._sweep_state,
            self.get_message_headers(worker_ctx),
        )

    def _publish_outgoing(self):
        while self._running:
            try:
                item = self._outgoing.get(timeout=0.5)
            except Empty:
                continue
            self._send(item)
            self._send_outgoing()

    def _send_outgoing(self) -> None:
        while True:
            try:
                item = self._outgoing.get_nowait()
            except Empty:
                return
            self._send(item)

    def _send(self, item) -> None:
        """Publish one booking's events on the background connection, each confirmed by the
        broker, then queue its marker; on failure the booking stays unmarked for the sweep."""
        headers, doc_id, entries = item
        try:
            producer = self._background_producer()
            for entry in entries:
                producer.publish(
                    entry["body"],
                    exchange=self.exchange,
                    routing_key=entry["name"],
                    headers=headers,
                    delivery_mode=PERSISTENT,
                    serializer=self.container.config.get(SERIALIZER_CONFIG_KEY, "json"),
                    declare=[self.exchange],
                )
        except Exception:  # noqa: BLE001 - left unmarked, the sweep republishes it
            _log.exception("could not publish a booking event; the sweep will")
            self._close_background()
            return
        self._markers.put(doc_id)

    def _background_producer(self):
        """One long-lived confirmed channel for the background publisher (no pool look-up or
        connection object per message)."""
        if self._producer is None:
            self._connection = Connection(
                self.container.config[AMQP_URI_CONFIG_KEY],
                transport_options={"confirm_publish": True},
            )
            self._producer = self._connection.Producer()
        return self._producer

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
                self.flush()
            except Exception:  # noqa: BLE001 - the sweep republishes; keep flushing
                _log.exception("could not remove published outbox entries")

    def flush(self) -> int:
        """Remove every queued published entry from its document's outbox."""
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
        markers = []
        while len(markers) < MAX_BATCH:
            try:
                markers.append({"_id": self._markers.get_nowait()})
            except Empty:
                break
        if markers:
            try:
                published_collection().insert_many(markers, ordered=False)
            except BulkWriteError:
                pass  # a marker already there (a republished fact): nothing to record
        return count + len(markers)
