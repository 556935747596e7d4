"""The notifications nameko service: domain events in; inbox entries, email and reminders out; RPC
for the inbox, preferences and delivery records."""

import logging
import os
from functools import cache

from marshmallow import Schema, ValidationError
from nameko.events import EventDispatcher
from nameko.extensions import DependencyProvider
from nameko.rpc import rpc
from nameko.timer import timer

from contracts import community as community_contract
from contracts import directory as directory_contract
from contracts import events as events_contract
from contracts import notifications as c
from contracts.caller import load_caller
from contracts.clients.community import CommunityClient
from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.common import load
from contracts.envelope import EnvelopeSchema, make_event
from contracts.errors import invalid_from_marshmallow
from notifications import audience, names, permissions, sending, usecases
from notifications.adapters import (
    EVENT_TTL,
    PERSON_TTL,
    DirectoryAudience,
    DirectoryPeople,
    EventsCatalogue,
)
from notifications.mailer import Mailer
from notifications.rpc_privacy import PrivacyRpc
from notifications.settings import ServiceSettings
from notifications.storage import ALIAS, connect_store
from notifications.waiters import InboxWaiters
from runtime.caching import CacheProvider
from runtime.clients import ServiceRpc
from runtime.delivery import CorrelationId, reliable_event_handler
from runtime.health import HealthRpc
from runtime.ops import Operations
from runtime.startup import FreezeStartupObjects
from runtime.storage import Store

_log = logging.getLogger(__name__)
# a nameko timer's interval is fixed as the class is defined, so this one comes from the environment
TICK_SECONDS = float(os.environ.get("NOTIFICATIONS_TICK_SECONDS", "1"))
CONTRACT_EVENTS = {
    directory_contract.SERVICE: directory_contract.EVENTS,
    events_contract.SERVICE: events_contract.EVENTS,
    community_contract.SERVICE: community_contract.EVENTS,
}


class _Payload(EnvelopeSchema):
    class Meta:
        unknown = "include"


@cache
def _schema(schema_class) -> Schema:
    """One instance per schema (making one deep-copies its fields: too slow for every message)."""
    return schema_class()


def _load(schema_class, data) -> dict:
    """``contracts.common.load`` with a reused schema instance. Errors: InvalidInput."""
    try:
        return _schema(schema_class).load(data if data is not None else {})
    except ValidationError as err:
        raise invalid_from_marshmallow(err) from None


def _dump(schema_class, data) -> dict:
    return _schema(schema_class).dump(data)


def decode(source: str, kind: str, body) -> dict:
    """The event body loaded with its contract schema (or, for an event whose schema is not in the
    contracts yet, its envelope checked and its fields kept). Errors: InvalidInput."""
    schema = CONTRACT_EVENTS[source].get(kind)
    if schema is None:
        return _load(_Payload, body)
    return {**_load(_Payload, body), **_load(schema, body)}


def _handler(source: str, kind: str):
    @reliable_event_handler(source, kind)
    def handler(self, body):
        self._handle(kind, decode(source, kind, body))

    handler.__name__ = f"handle_{kind}"
    handler.__doc__ = f"{source}.{kind} -> notifications for the people it concerns."
    return handler


EVENTS_SOURCE = events_contract.SERVICE
DIRECTORY_SOURCE = directory_contract.SERVICE
COMMUNITY_SOURCE = community_contract.SERVICE


class Waiters(DependencyProvider):
    """The inbox long polls waiting in this service instance: at most half its workers
    (``max_workers``), so the rest handle events."""

    def setup(self):
        workers = int(self.container.config.get("max_workers") or 10)
        self.waiters = InboxWaiters(limit=max(1, workers // 2))

    def get_dependency(self, worker_ctx):
        return self.waiters


class NotificationsService(HealthRpc, PrivacyRpc):
    name = c.SERVICE
    runtime = FreezeStartupObjects()  # short garbage-collector pauses (runtime.startup)

    db = Store(connect_store, ALIAS)
    smtp = Mailer()
    settings = ServiceSettings()
    directory_rpc = ServiceRpc(DirectoryClient)
    events_rpc = ServiceRpc(EventsClient)
    community_rpc = ServiceRpc(CommunityClient)
    people_cache = CacheProvider("PEOPLE_CACHE_SECONDS", ttl=PERSON_TTL)
    events_cache = CacheProvider("EVENTS_CACHE_SECONDS", ttl=EVENT_TTL)
    waiters = Waiters()
    # the live feed of new inbox entries: unconfirmed (a reader that must not miss one reads the
    # inbox when its wait ends), so announcing costs the handler no round trip
    feed = EventDispatcher(use_confirms=False)
    correlation_id = CorrelationId()
    operations = Operations()  # logs, metrics, probes (runtime.ops)

    handle_booking_confirmed = _handler(EVENTS_SOURCE, "booking_confirmed")
    handle_booking_waitlisted = _handler(EVENTS_SOURCE, "booking_waitlisted")
    handle_booking_cancelled = _handler(EVENTS_SOURCE, "booking_cancelled")
    handle_place_offered = _handler(EVENTS_SOURCE, "place_offered")
    handle_place_offer_expired = _handler(EVENTS_SOURCE, "place_offer_expired")
    handle_approval_requested = _handler(EVENTS_SOURCE, "approval_requested")
    handle_approval_granted = _handler(EVENTS_SOURCE, "approval_granted")
    handle_approval_declined = _handler(EVENTS_SOURCE, "approval_declined")
    handle_approval_expired = _handler(EVENTS_SOURCE, "approval_expired")
    handle_course_commissioned = _handler(EVENTS_SOURCE, "course_commissioned")
    handle_event_changed = _handler(EVENTS_SOURCE, "event_changed")
    handle_event_cancelled = _handler(EVENTS_SOURCE, "event_cancelled")
    handle_minutes_published = _handler(EVENTS_SOURCE, "minutes_published")
    handle_person_registered = _handler(DIRECTORY_SOURCE, "person_registered")
    handle_role_assigned = _handler(DIRECTORY_SOURCE, "role_assigned")
    handle_offer_verification_due = _handler(DIRECTORY_SOURCE, "offer_verification_due")
    handle_support_requested = _handler(DIRECTORY_SOURCE, "support_requested")
    handle_support_brokered = _handler(DIRECTORY_SOURCE, "support_brokered")
    handle_brokerage_consent_given = _handler(DIRECTORY_SOURCE, "brokerage_consent_given")
    handle_brokerage_declined = _handler(DIRECTORY_SOURCE, "brokerage_declined")
    handle_brokerage_closed = _handler(DIRECTORY_SOURCE, "brokerage_closed")
    handle_brokerage_cancelled = _handler(DIRECTORY_SOURCE, "brokerage_cancelled")
    handle_certificate_issued = _handler(EVENTS_SOURCE, "certificate_issued")
    handle_feedback_requested = _handler(EVENTS_SOURCE, "feedback_requested")
    handle_meeting_roles_assigned = _handler(EVENTS_SOURCE, "meeting_roles_assigned")
    handle_running_order_published = _handler(EVENTS_SOURCE, "running_order_published")
    handle_pathway_enrolled = _handler(EVENTS_SOURCE, "pathway_enrolled")
    handle_event_published = _handler(EVENTS_SOURCE, "event_published")
    handle_group_office_assigned = _handler(DIRECTORY_SOURCE, "group_office_assigned")
    handle_post_published = _handler(COMMUNITY_SOURCE, "post_published")
    handle_feedback_published = _handler(COMMUNITY_SOURCE, "feedback_published")
    handle_post_hidden = _handler(COMMUNITY_SOURCE, "post_hidden")
    handle_comment_hidden = _handler(COMMUNITY_SOURCE, "comment_hidden")

    def _ports(self):
        people = DirectoryPeople(self.directory_rpc, self.community_rpc, self.people_cache)
        return people, EventsCatalogue(self.events_rpc, self.events_cache)

    def _send(self, delivery_ids):
        people, events = self._ports()
        for delivery_id in delivery_ids:
            sending.send_one(delivery_id, people, events, self.smtp, self.settings)

    def _send_claimed(self, deliveries):
        people, events = self._ports()
        for delivery in deliveries:
            self.smtp.in_background(
                sending.attempt, delivery, people, events, self.smtp, self.settings
            )

    def _entry_stored(self, person_id, entry):
        """Wake this process's long polls for the person, and announce the entry with the
        correlation id of what caused it (the event handled, or the caller's request)."""
        self.waiters.arrived(person_id, entry)
        item = usecases.stored_item(entry)
        cause = getattr(self, "_cause", None) or self.correlation_id
        body = _dump(c.NotificationCreatedSchema, make_event({"notification": item}, cause))
        try:
            self.feed(c.NOTIFICATION_CREATED, body)
        except Exception:  # noqa: BLE001 - a lost announcement delays a waiting reader only
            _log.warning("could not announce inbox entry %s", entry["_id"], exc_info=True)

    def _handle(self, kind, payload):
        self._cause = payload.get("correlation_id")  # (a worker's own service instance)
        people, events = self._ports()
        deliveries = usecases.handle_event(
            kind, payload, people, self.settings, on_entry=self._entry_stored
        )
        self._send_claimed(deliveries)
        usecases.follow_up(kind, payload, events, self.settings)

    @rpc
    def list_inbox(self, person_id, query=None, caller=None):
        """person id (the caller's), InboxQuerySchema -> NotificationPageSchema (waiting up to
        ``wait`` seconds for an entry when none matches). Errors: InvalidInput, Unauthorized,
        Forbidden (another person's inbox)."""
        permissions.check_may_use_inbox(load_caller(caller), person_id)
        query = _load(c.InboxQuerySchema, query)
        page = self.waiters.wait_for(
            person_id,
            lambda: usecases.list_inbox(person_id, query),
            query["wait"],
            lambda entry: usecases.page_of_new(entry, query),
        )
        return _dump(c.NotificationPageSchema, page)

    @rpc
    def unread_count(self, person_id, caller=None):
        """person id (the caller's) -> UnreadCountSchema. Errors: Unauthorized, Forbidden."""
        permissions.check_may_use_inbox(load_caller(caller), person_id)
        return c.UnreadCountSchema().dump(usecases.unread_count(person_id))

    @rpc
    def mark_read(self, person_id, notification_id, caller=None):
        """person id (the caller's), notification id -> NotificationSchema (read). Errors:
        NotFound, Unauthorized, Forbidden."""
        permissions.check_may_use_inbox(load_caller(caller), person_id)
        return c.NotificationSchema().dump(usecases.mark_read(person_id, notification_id))

    @rpc
    def mark_all_read(self, person_id, caller=None):
        """person id (the caller's) -> MarkedSchema (how many were unread). Errors:
        Unauthorized, Forbidden."""
        permissions.check_may_use_inbox(load_caller(caller), person_id)
        return c.MarkedSchema().dump(usecases.mark_all_read(person_id))

    @rpc
    def get_preferences(self, person_id, caller=None):
        """person id (the caller's) -> PreferencesSchema (defaults filled in). Errors:
        Unauthorized, Forbidden."""
        permissions.check_may_use_inbox(load_caller(caller), person_id)
        return c.PreferencesSchema().dump(usecases.get_preferences(person_id))

    @rpc
    def set_preferences(self, person_id, data, caller=None):
        """person id (the caller's), PreferencesSchema (partial) -> PreferencesSchema. Errors:
        InvalidInput, Unauthorized, Forbidden."""
        permissions.check_may_use_inbox(load_caller(caller), person_id)
        prefs = usecases.set_preferences(person_id, load(c.PreferencesSchema, data))
        return c.PreferencesSchema().dump(prefs)

    @rpc
    def list_deliveries(self, query=None, caller=None):
        """DeliveryQuerySchema -> DeliveryPageSchema (the coordinator's). Errors: InvalidInput,
        Unauthorized, Forbidden."""
        permissions.check_may_watch_deliveries(load_caller(caller))
        page = usecases.list_deliveries(load(c.DeliveryQuerySchema, query))
        page["items"] = names.with_names(page["items"], self._ports()[0])
        return c.DeliveryPageSchema().dump(page)

    @rpc
    def retry_delivery(self, delivery_id, caller=None):
        """delivery id -> DeliverySchema (pending again; the coordinator's). Errors: NotFound,
        Conflict (not failed), Unauthorized, Forbidden."""
        permissions.check_may_watch_deliveries(load_caller(caller))
        delivery = usecases.retry_delivery(delivery_id)
        self._send([delivery["id"]])
        item = usecases.delivery_item_by_id(delivery["id"])
        return c.DeliverySchema().dump(names.with_names([item], self._ports()[0])[0])

    @rpc
    def send_role_message(self, data, caller=None):
        """RoleMessageSchema -> RoleMessageSentSchema: the coordinator's message to everyone
        holding a role (in a cluster, school or group), each once, by inbox and email as their
        preferences say. Errors: InvalidInput (also an unknown cluster, school or group),
        Unauthorized, Forbidden."""
        who = load_caller(caller)
        permissions.check_may_message_roles(who)
        data = load(c.RoleMessageSchema, data)
        person_ids = audience.select(data, DirectoryAudience(self.directory_rpc))
        sent, deliveries = usecases.send_role_message(
            data, person_ids, who.id, self.settings, on_entry=self._entry_stored
        )
        self._send_claimed(deliveries)
        return c.RoleMessageSentSchema().dump(sent)

    @rpc
    def send_password_reset(self, data, caller=None):
        """PasswordResetCommandSchema -> PasswordResetAcceptedSchema: store the inbox entry and
        email the code at once (in the background: the answer does not wait for SMTP), once per
        code however often the command arrives. Only the directory sends it. Errors:
        InvalidInput, Unauthorized, Forbidden."""
        permissions.check_may_send_password_reset(load_caller(caller))
        command = load(c.PasswordResetCommandSchema, data)
        accepted, deliveries = usecases.send_password_reset(
            command, self.settings, on_entry=self._entry_stored
        )
        self._send_claimed(deliveries)
        return c.PasswordResetAcceptedSchema().dump(accepted)

    @timer(interval=TICK_SECONDS)
    def tick(self):
        """Fire due reminders, assemble due digests, send due and retried email."""
        people, events = self._ports()
        try:
            due = usecases.fire_due_reminders(people, self.settings, on_entry=self._entry_stored)
            self._send_claimed(due)
            sending.finish_abandoned_digests()
            self._send(sending.assemble_digests())
            sending.send_due(people, events, self.smtp, self.settings)
        except Exception:  # noqa: BLE001 - a bad tick must not stop the next one
            _log.exception("notifications tick failed")
