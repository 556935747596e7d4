"""Token checks without a call per request: the directory's ``sessions_revoked`` feed.

A token carries the person's roles and school as they were at sign-in and their account's
token version; any change to those (a role or school change) or a sign-out, a password change
or reset moves the version on, and the directory announces ``sessions_revoked`` (no secret).
Each gateway process subscribes with a queue of its own and, once subscribed, reads every
account's current version (``list_token_versions``). From then on a token whose version is the
one known is trusted as it stands; an older one is refused; and for a person with a revocation
announced since, or whenever the feed is not live, the directory is asked (``resolve_sessions``),
as before. So a revocation takes effect in every process as fast as the broker delivers it.
"""

import logging
import threading
import time

from contracts import directory as d
from contracts.caller import Caller
from contracts.clients.directory import DirectoryClient
from gateway.feeds import Feed

_log = logging.getLogger(__name__)

SYNC_RETRY_SECONDS = 5.0
TRUSTED, REVOKED, ASK = "trusted", "revoked", "ask"


class Revocations:
    """What this process knows of accounts' token versions (thread-safe)."""

    def __init__(self, on_revoked=None):
        self._on_revoked = on_revoked  # (person id) -> None: forget what else is kept of them
        self._lock = threading.Lock()
        self._versions: dict[str, int] = {}
        self._dirty: dict[str, int] = {}  # person -> announcement number, since last learned
        self._announced = 0
        self._synced = False

    @property
    def synced(self) -> bool:
        return self._synced

    def sync(self, versions: dict[str, int]) -> None:
        """Every account's version, read after the subscription went live."""
        with self._lock:
            self._versions = dict(versions)
            self._dirty.clear()
            self._synced = True

    def went_down(self) -> None:
        with self._lock:
            self._synced = False

    def revoked(self, person_id: str) -> None:
        with self._lock:
            self._announced += 1
            self._dirty[person_id] = self._announced
            self._versions.pop(person_id, None)
        if self._on_revoked is not None:
            self._on_revoked(person_id)

    def verdict(self, person_id: str, version: int) -> tuple[str, int | None]:
        """(TRUSTED | REVOKED | ASK, the announcement to quote to ``learned``)."""
        with self._lock:
            if not self._synced or person_id in self._dirty:
                return ASK, self._dirty.get(person_id)
            known = self._versions.get(person_id, 0)
        if version == known:
            return TRUSTED, None
        return (REVOKED, None) if version < known else (ASK, None)

    def learned(self, person_id: str, version: int, announcement: int | None) -> None:
        """The directory said ``version`` is current: keep it, unless another revocation was
        announced while it was asked."""
        with self._lock:
            if self._synced and self._dirty.get(person_id) == announcement:
                self._dirty.pop(person_id, None)
                self._versions[person_id] = version


class SessionFeed(Feed):
    """The consumer thread: ``sessions_revoked`` into ``revocations``; ``list_versions()`` reads
    every account's version once the queue is live. A message that does not match its contract
    is dead-lettered to ``dlq.gateway.session-feed``."""

    def __init__(self, amqp_uri: str, revocations: Revocations, list_versions):
        super().__init__(
            amqp_uri, "session-feed", d.SERVICE, d.SESSIONS_REVOKED, d.SessionsRevokedSchema()
        )
        self.revocations = revocations
        self._list_versions = list_versions
        self._next_sync = 0.0
        self._live = False

    def on_event(self, loaded: dict) -> None:
        self.revocations.revoked(loaded["person_id"])

    def went_live(self) -> None:
        self._live = True
        self._sync()

    def went_down(self) -> None:
        self._live = False
        self.revocations.went_down()

    def on_iteration(self):
        if self._live and not self.revocations.synced and time.monotonic() >= self._next_sync:
            self._sync()

    def _sync(self) -> None:
        try:
            self.revocations.sync(self._list_versions())
        except Exception as exc:  # noqa: BLE001 - the directory may be starting: ask until then
            _log.warning("session feed: token versions not read (%s); asking per request", exc)
            self._next_sync = time.monotonic() + SYNC_RETRY_SECONDS


def init_app(app) -> None:
    if not app.config["SESSION_FEED"]:
        return
    pool = app.extensions["rpc_pool"]
    gateway = Caller.service("gateway").dump()

    def list_versions() -> dict[str, int]:
        answer = pool.ask(None, DirectoryClient.list_token_versions, caller=gateway)
        return answer["versions"]

    forget = app.extensions["session_cache"].forget
    app.extensions["session_feed"] = SessionFeed(
        app.config["AMQP_URI"], Revocations(on_revoked=forget), list_versions
    )
