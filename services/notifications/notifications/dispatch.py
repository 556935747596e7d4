"""From a domain event to inbox entries and email deliveries, exactly once per (event, person).

Each message's recipients are resolved now (posts through the directory, "everyone booked" from the
bookings this service has heard of); each person's preferences and the school calendar decide the
channels. The inbox entry and the delivery record carry unique keys, so a redelivered event adds
nothing; the deliveries due at once are returned (stored as claimed) for the caller to send.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from notifications.messages.message import ClusterMembers, EventAttendees, Message, PostFollowers
from notifications.policy import (
    TRANSACTIONAL,
    Plan,
    category_of,
    effective_preferences,
    plan_delivery,
)
from notifications.ports import People
from notifications.privacy import is_suppressed, suppressed_among
from notifications.recipients import RoleAddress, resolve
from notifications.sending import LEASE
from notifications.settings import Settings
from notifications.storage import BookingCopy, Delivery, Notification, Preference, now
from notifications.urgency import HOLDING, is_urgent
from runtime import logcontext

ACTIVE_BOOKING = ("confirmed", "waitlisted", "pending_approval", "offered")
# Payload fields no template uses, some large or with free-form keys: not kept with a delivery.
UNUSED_BY_TEMPLATES = ("minutes", "actions", "slots", "previous_sessions", "audience", "owner")

# Called with the person id and the entry after each new inbox entry (the service wakes
# long-polling readers and announces the entry).
EntryListener = Callable[[str, dict], None]


def booked_on(cpd_event_id: str) -> list[str]:
    """People with an active booking on the CPD event, as far as this service has heard."""
    found = BookingCopy.objects(cpd_event_id=cpd_event_id, status__in=ACTIVE_BOOKING)
    return [b.person_id for b in found.only("person_id")]


def recipients_of(message: Message, people: People) -> list[str]:
    to = message.to
    if isinstance(to, str):
        return [to]
    if isinstance(to, RoleAddress):
        return resolve(to, people.holders)
    if isinstance(to, EventAttendees):
        return booked_on(to.cpd_event_id)
    if isinstance(to, ClusterMembers):
        return people.cluster_people(to.cluster)
    if isinstance(to, PostFollowers):
        return people.followers(to.post_id)
    raise TypeError(f"unknown recipient {to!r}")


def preferences_of(person_id: str, kind: str) -> dict:
    """The person's effective preferences (not looked up for transactional kinds: no need)."""
    if kind in TRANSACTIONAL:
        return effective_preferences(None)
    stored = Preference._get_collection().find_one({"_id": person_id}, {"categories": 1})
    return effective_preferences(stored.get("categories") if stored else None)


def _insert(document_class, fields: dict) -> bool:
    """Insert unless its unique key exists already (a redelivered event): True when new."""
    try:
        document_class._get_collection().insert_one(fields)
        return True
    except (NotUniqueError, DuplicateKeyError):
        return False


def plan_for(message: Message, prefs: dict, at: datetime, calendar) -> Plan:
    """The policy's plan, except that an email held for school time, the daily digest or the
    weekly bulletin goes at once when a session it is about starts before then (``urgency``)."""
    plan = plan_delivery(message.kind, prefs, at, calendar)
    if plan.email in HOLDING and is_urgent(message.context, at, plan.send_at):
        return replace(plan, email="now", send_at=at)
    return plan


def _storable(value):
    """A payload value as BSON can hold it: calendar dates (``starts_on``) become ISO strings."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    return value


def delivery_id(source_event_id: str, person_id: str, kind: str) -> str:
    """The delivery record's id: one per (source, person, kind), so a redelivery sends nothing."""
    return f"{source_event_id}:{person_id}:{kind}"


def _ref(context: dict) -> str | None:
    return context.get("booking_id") or context.get("cpd_event_id") or context.get("ref")


def notify(
    source_event_id: str,
    messages: list[Message],
    people: People | None,
    settings: Settings,
    at: datetime | None = None,
    on_entry: EntryListener | None = None,
) -> list[dict]:
    """Store inbox entries and deliveries for ``messages``; returns the deliveries to send now
    (stored as claimed by the caller, who sends them with ``sending.attempt``). ``on_entry`` is
    told of each new inbox entry as soon as it is stored. ``people`` may be None when every
    message is addressed to a person id."""
    at = at or now()
    send_now: list[dict] = []
    addressed = [(m, list(dict.fromkeys(recipients_of(m, people)))) for m in messages]
    erased = suppressed_among(p for _, person_ids in addressed for p in person_ids)
    for message, person_ids in addressed:
        for person_id in person_ids:
            if person_id in erased:  # their data was erased: nothing new is kept of them
                continue
            prefs = preferences_of(person_id, message.kind)
            plan = plan_for(message, prefs, at, settings.calendar)
            if plan.inbox:
                entry = {
                    "_id": f"{source_event_id}:{person_id}",
                    "person_id": person_id,
                    "source_event_id": source_event_id,
                    "kind": message.kind,
                    "category": category_of(message.kind),
                    "title": message.title,
                    "body": message.body,
                    "ref": _ref(message.context),
                    "created_at": at,
                    "read": False,
                }
                if _insert(Notification, entry) and on_entry is not None:
                    on_entry(person_id, entry)
            if plan.email == "none":
                continue
            delivery = {
                "_id": delivery_id(source_event_id, person_id, message.kind),
                "person_id": person_id,
                "source_event_id": source_event_id,
                "kind": message.kind,
                "mode": plan.email,
                "subject": message.title,
                "context": {
                    **{
                        k: _storable(v)
                        for k, v in message.context.items()
                        if k not in UNUSED_BY_TEMPLATES
                    },
                    "title": message.title,
                    "body": message.body,
                },
                "calendar": message.calendar,
                "status": "queued" if plan.email in ("daily", "weekly") else "pending",
                "send_at": plan.send_at,
                "attempts": 0,
                "history": [],
                "correlation_id": logcontext.current(),  # its emails' lines name it, retries too
                "created_at": at,
            }
            if plan.email == "now":  # stored already claimed by this worker: one write less
                delivery.update(status="sending", lease_until=at + LEASE, attempts=1)
            if _insert(Delivery, delivery) and plan.email == "now":
                send_now.append(delivery)
    return send_now


def track_booking(kind: str, payload: dict, reminders: dict | None = None) -> bool:
    """Keep this service's copy of a booking's state (cancelled is final: it drops the booking's
    reminders too); False when the booking is cancelled already (a late message about it). A
    confirmation's ``reminders`` (``scheduling.schedule``) are written with the copy, unless the
    copy has its reminders already (a redelivery keeps what was fired and what was not)."""
    booking_id = payload.get("booking_id")
    if not booking_id or not payload.get("cpd_event_id") or not payload.get("person_id"):
        return True
    if is_suppressed(payload["person_id"]):  # erased: no copy of their bookings is kept
        return True
    status = {
        "booking_confirmed": "confirmed",
        "booking_waitlisted": "waitlisted",
        "booking_cancelled": "cancelled",
        "place_offered": "offered",
        "approval_requested": "pending_approval",
        "approval_declined": "cancelled",
        "approval_expired": "cancelled",
    }.get(kind) or payload.get("status")
    if not status:
        return True
    fields = {
        "cpd_event_id": payload["cpd_event_id"],
        "person_id": payload["person_id"],
        "booked_by": payload.get("booked_by"),
        "status": status,
        "event_title": payload.get("event_title") or "",
    }
    copies = BookingCopy._get_collection()
    live = {"_id": booking_id, "status": {"$ne": "cancelled"}}
    update: dict = {"$set": fields}
    if status == "cancelled":
        update["$unset"] = {"next_reminder_at": ""}
    try:
        if reminders is not None:
            try:  # the usual case, a new confirmation: one write
                unscheduled = {**live, "sessions": {"$exists": False}}
                copies.update_one(unscheduled, {"$set": {**fields, **reminders}}, upsert=True)
                return True
            except DuplicateKeyError:
                pass  # scheduled already, or cancelled
        copies.update_one(live, update, upsert=True)
    except DuplicateKeyError:
        return False  # already cancelled: a late confirmation does not revive it
    return status != "cancelled"


def cancel_event_bookings(cpd_event_id: str) -> None:
    """The event is cancelled: so is every booking on it, with its reminders."""
    BookingCopy._get_collection().update_many(
        {"cpd_event_id": cpd_event_id},
        {"$set": {"status": "cancelled"}, "$unset": {"next_reminder_at": ""}},
    )
