"""Inbox long polls answered in the gateway, from the notifications service's live feed.

Each gateway process subscribes to ``notification_created`` on ``notifications.events`` with a
queue of its own and keeps the entries of the last minute per person. A long poll for entries
``after`` a time is then answered from that memory the moment the entry arrives, with no RPC,
provided the subscription was live since before ``after``. Otherwise, or when nothing arrives
before the wait ends, the inbox is read from the notifications service as before: the feed is
unconfirmed, so that read is what guarantees no entry is missed.

``recent_inbox.RecentEntries`` holds the entries and the waiting readers; ``InboxFeed`` is the
AMQP consumer thread that fills it. The feed carries inbox entries as the inbox shows them and
nothing else (no email context: a password reset's code never reaches it). The gateway's broker
user may bind only ``notification_created`` of ``notifications.events`` to queues of its own.
"""

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app

from contracts import notifications as n
from gateway.feeds import Feed
from gateway.recent_inbox import RecentEntries


class InboxFeed(Feed):
    """The consumer thread: ``notification_created`` messages into ``recent``. A message that
    does not match its contract is dead-lettered to ``dlq.gateway.inbox-feed``."""

    def __init__(self, amqp_uri: str, recent: RecentEntries):
        super().__init__(
            amqp_uri,
            "inbox-feed",
            n.SERVICE,
            n.NOTIFICATION_CREATED,
            n.NotificationCreatedSchema(),
        )
        self.recent = recent
        self._item = n.NotificationSchema()

    def on_event(self, loaded: dict) -> None:
        self.recent.add(self._item.dump(loaded["notification"]))

    def went_live(self) -> None:
        self.recent.went_live()

    def went_down(self) -> None:
        self.recent.went_down()


def init_app(app) -> None:
    if app.config["INBOX_FEED"]:
        app.extensions["inbox_feed"] = InboxFeed(app.config["AMQP_URI"], RecentEntries())
    app.extensions["inbox_waiters"] = threading.BoundedSemaphore(app.config["INBOX_WAITERS"])


def inbox_page(person_id: str, query: dict, read: Callable[[dict], dict]) -> dict:
    """The person's inbox page for an ``InboxQuerySchema`` query. A long poll (``wait``) is
    answered from the feed when it can be, else ``read(query)`` asks the notifications service
    (with ``wait`` 0 when the feed has waited). At most ``INBOX_WAITERS`` long polls wait at once
    in this process, so waiting readers never hold every thread: the next are read at once."""
    if query["wait"] <= 0:
        return read(query)
    waiters: threading.BoundedSemaphore = current_app.extensions["inbox_waiters"]
    if not waiters.acquire(blocking=False):
        return read({**query, "wait": 0})
    try:
        return _long_poll(person_id, query, read)
    finally:
        waiters.release()


def _long_poll(person_id: str, query: dict, read: Callable[[dict], dict]) -> dict:
    feed: InboxFeed | None = current_app.extensions.get("inbox_feed")
    after = query.get("after")
    if feed is None or after is None:
        return read(query)  # (the notifications service waits, holding this request's thread)
    feed.start()  # (in the process that serves: a server may fork after making the app)
    recent, at_once = feed.recent, {**query, "wait": 0}
    if query["page"] != 1 or query.get("unread") is False:
        return read(query)
    if recent.covers(after):
        page = recent.wait_page(person_id, after, query["per_page"], query["wait"])
    else:  # ``after`` is older than what the feed keeps: the store up to now, the feed after
        read_at = datetime.now(UTC)
        if not recent.covers(read_at):
            return read(query)  # the feed is not live (long enough) yet
        page = read(at_once)
        if page["items"]:
            return page
        page = recent.wait_page(
            person_id, after, query["per_page"], query["wait"], store_read_at=read_at
        )
    return page if page is not None else read(at_once)
