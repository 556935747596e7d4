"""The events service's outbox relay: publishes stored outbox entries with publisher confirms at
once, and removes the published entries from their documents in batches (one ``update_many`` per
collection every few milliseconds instead of one update per booking: a booking costs the store
two writes, not three).

A crash between publishing and the batched removal leaves entries behind; the ``sweep_outbox``
timer republishes them (a fact may be published twice, never lost; consumers are idempotent).
"""

import logging
from collections import defaultdict

import eventlet
from eventlet.queue import Empty, LightQueue

from contracts.delivery import OutboxRelay

_log = logging.getLogger(__name__)

FLUSH_INTERVAL = 0.02
MAX_BATCH = 500


class _BatchedRelay:
    def __init__(self, publish, sweep, pending: LightQueue):
        self._publish = publish
        self._sweep = sweep
        self._pending = pending

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
        self._running = False

    def start(self):
        super().start()
        self._running = True
        self._thread = self.container.spawn_managed_thread(self._flusher)

    def stop(self):
        self._running = False
        self._thread.kill()
        self.flush()
        super().stop()

    def kill(self):
        self._running = False
        super().kill()

    def get_dependency(self, worker_ctx):
        plain = super().get_dependency(worker_ctx)
        return _BatchedRelay(plain._publish, plain.sweep, self._pending)

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
        return count
