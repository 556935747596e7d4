"""The events nameko service: validates each payload with its contract, calls a use case, dumps.

``EventsService`` holds the dependencies (store, relay, directory proxy, config), the
``health`` RPC and the timers; its RPCs are composed from one mixin per area: ``rpc_catalogue``
(CPD events), ``rpc_bookings`` (places, offers, approvals), ``rpc_records`` (attendance,
certificates, feedback, statements, calendars), ``rpc_meetings`` (cluster meetings, Teachmeets)
and ``rpc_demand`` (training requests, demand, pathways).
"""

import logging
import os

from nameko.dependency_providers import Config
from nameko.timer import timer
from pymongo.errors import PyMongoError

from contracts import events as c
from contracts.clients.directory import DirectoryClient
from contracts.errors import NotFound
from events import lapses
from events.context import Context, Settings
from events.entrypoints import rpc
from events.people import TTL_SECONDS, Directory
from events.relay import BatchedOutboxRelay, unannounced_bookings
from events.rpc_bookings import BookingsRpc
from events.rpc_catalogue import CatalogueRpc
from events.rpc_demand import DemandRpc
from events.rpc_meetings import MeetingsRpc
from events.rpc_privacy import PrivacyRpc
from events.rpc_records import RecordsRpc
from events.storage import ALIAS, connect_store, outbox_collections
from runtime.caching import CacheProvider
from runtime.clients import ServiceRpc
from runtime.delivery import CorrelationId
from runtime.health import database_health
from runtime.ops import Operations
from runtime.startup import FreezeStartupObjects
from runtime.storage import Store

_log = logging.getLogger(__name__)

EXPIRY_SWEEP_SECONDS = float(os.environ.get("EVENTS_EXPIRY_SWEEP_SECONDS", "1"))


class EventsService(CatalogueRpc, BookingsRpc, RecordsRpc, MeetingsRpc, DemandRpc, PrivacyRpc):
    name = c.SERVICE
    runtime = FreezeStartupObjects()  # short garbage-collector pauses (runtime.startup)

    db = Store(connect_store, ALIAS)
    relay = BatchedOutboxRelay()
    correlation_id = CorrelationId()
    operations = Operations(outboxes=outbox_collections, backlogs=[unannounced_bookings])
    directory = ServiceRpc(DirectoryClient)
    directory_cache = CacheProvider("DIRECTORY_CACHE_SECONDS", ttl=TTL_SECONDS, size=20000)
    config = Config()

    def _ctx(self) -> Context:
        return Context(
            settings=Settings.from_config(self.config),
            directory=Directory(self.directory, self.directory_cache),
            correlation_id=self.correlation_id,
            publish=self.relay.publish,
            publish_created=self.relay.publish_created,
        )

    @rpc
    def health(self, caller=None):
        """-> {"status": "ok", "mongodb": "ok" | "down"} (runtime.health, on this service's
        own RPC entrypoint)."""
        return database_health(self.db, self.name)

    @timer(interval=EXPIRY_SWEEP_SECONDS)
    def expire_lapsed(self):
        """Offers and approval requests past their deadline lapse; their places move on."""
        try:
            lapses.expire_lapsed(self._ctx())
        except (PyMongoError, NotFound):
            # the next sweep tries again; what went wrong goes to the log
            _log.exception("expire_lapsed: the sweep failed; retrying in %ss", EXPIRY_SWEEP_SECONDS)

    @timer(interval=5)
    def sweep_outbox(self):
        """Republish events a crash left in an outbox, in a dirty booking, or in new bookings
        still noted as unannounced."""
        self.relay.sweep(outbox_collections())
        self.relay.sweep_dirty()
        self.relay.sweep_created()
