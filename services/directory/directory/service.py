"""The directory nameko service: the ``directory`` service with its dependencies (store, outbox
relay, correlation id), its health check and its housekeeping timers, composed from the RPC
groups in ``directory.rpc`` (schools and clusters, groups, people, accounts, offers, support
requests, brokerage), each of which loads the caller and each payload with its contract, calls a
use case (which asks ``permissions`` who may act), and dumps.

Every RPC takes ``caller=`` last (the wire ``contracts.caller.CallerSchema``, or None for
anonymous): the directory decides from it, whoever sent the call. Public by nature (no sign-in):
``health``, ``list_schools``, ``list_clusters`` and the account entrypoints (``authenticate``,
``resolve_session``, ``request_password_reset``, ``reset_password``)."""

import logging

from nameko.timer import timer

from contracts import directory as c
from directory import catalogue, support_areas
from directory.rpc.accounts import AccountsRpc
from directory.rpc.brokerage import BrokerageRpc
from directory.rpc.groups import GroupsRpc
from directory.rpc.offers import OffersRpc
from directory.rpc.people import PeopleRpc
from directory.rpc.privacy import PrivacyRpc
from directory.rpc.schools import SchoolsRpc
from directory.rpc.support_requests import SupportRequestsRpc
from directory.storage import ALIAS, connect_store, outbox_collections, raw
from runtime.delivery import CorrelationId, OutboxRelay
from runtime.health import HealthRpc
from runtime.ops import Operations
from runtime.startup import FreezeStartupObjects
from runtime.storage import Store

_log = logging.getLogger(__name__)


class DirectoryService(
    HealthRpc,
    SchoolsRpc,
    GroupsRpc,
    PeopleRpc,
    AccountsRpc,
    OffersRpc,
    SupportRequestsRpc,
    BrokerageRpc,
    PrivacyRpc,
):
    name = c.SERVICE
    runtime = FreezeStartupObjects()  # short garbage-collector pauses (runtime.startup)

    db = Store(connect_store, ALIAS)
    relay = OutboxRelay()
    correlation_id = CorrelationId()
    operations = Operations(outboxes=outbox_collections)  # logs, metrics, probes (runtime.ops)

    def _publish(self, document_class, *doc_ids) -> None:
        """Relay what the last write put in these documents' outboxes."""
        self.relay.publish_pending(raw(document_class), *doc_ids)

    @timer(interval=2, eager=True)
    def refresh_catalogues(self):
        """Keep the search catalogues warm (the first load of 25k schools takes seconds) and the
        default support areas in place."""
        support_areas.ensure_default_areas_once()
        catalogue.schools.maintain()
        catalogue.offers.maintain()

    @timer(interval=5)
    def sweep_outbox(self):
        """Republish events a crash (or a CLI import) left in an outbox."""
        self.relay.sweep(outbox_collections())
