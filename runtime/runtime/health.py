"""The ``health`` RPC every service answers the same way: the service is up (it answered) and
whether its database answers a ping; why it does not goes to the service's log, not the caller."""

import logging
from typing import Any

from nameko.rpc import rpc
from pymongo.errors import PyMongoError

from contracts.common import HealthSchema

_log = logging.getLogger(__name__)


def database_health(db: Any, service: str) -> dict:
    """-> HealthSchema ({"status": "ok", "mongodb": "ok" | "down"}) for ``db`` (pymongo)."""
    try:
        db.command("ping")
    except PyMongoError:
        _log.exception("health: the %s database did not answer", service)
        return HealthSchema().dump({"status": "ok", "mongodb": "down"})
    return HealthSchema().dump({"status": "ok", "mongodb": "ok"})


class HealthRpc:
    """Mix into a nameko service with a ``db`` dependency (``runtime.storage.Store``). A service
    whose RPCs use an entrypoint of its own (the events service) declares ``health`` with it,
    answering ``database_health``: two RPC consumers on one queue would share its calls."""

    name: str
    db: Any

    @rpc
    def health(self, caller: Any = None) -> dict:
        """-> {"status": "ok", "mongodb": "ok" | "down"}."""
        return database_health(self.db, self.name)
