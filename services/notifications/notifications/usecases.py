"""Notifications use cases: handling a domain event, the directed commands (a password reset),
the inbox, preferences and delivery records. Who may call them is decided before, in
``notifications.permissions``."""

import hashlib
from datetime import UTC, datetime

from contracts.common import page_start, paginate
from contracts.errors import Conflict, NotFound
from notifications import dispatch, scheduling
from notifications.messages import messages_for
from notifications.messages.message import Message
from notifications.messages.people import password_reset
from notifications.policy import effective_preferences
from notifications.ports import CpdEvents, People
from notifications.settings import Settings
from notifications.storage import Delivery, Notification, Preference, new_id, now


def handle_event(
    kind: str,
    payload: dict,
    people: People,
    settings: Settings,
    on_entry: dispatch.EntryListener | None = None,
) -> list[dict]:
    """Store the event's notifications (once per person); returns the deliveries to email at once
    (claimed for the caller). ``on_entry(person_id, entry)`` hears of each new inbox entry."""
    messages = messages_for(kind, payload)
    return dispatch.notify(payload["event_id"], messages, people, settings, on_entry=on_entry)


def password_reset_key(code: str) -> str:
    """The command's idempotency key: a hash of its code (the code itself is never a key)."""
    digest = hashlib.sha256(b"notifications.password-reset:" + code.encode()).hexdigest()
    return f"password-reset:{digest[:40]}"


def send_password_reset(
    command: dict, settings: Settings, on_entry: dispatch.EntryListener | None = None
) -> tuple[dict, list[dict]]:
    """A ``PasswordResetCommandSchema`` command: its inbox entry (no code) and its delivery (the
    code, until sent; addressed as the command says), stored once per code. Returns the answer
    and the deliveries to email at once (claimed for the caller; none when the command came
    before)."""
    source = password_reset_key(command["code"])
    message = password_reset(command)
    # addressed to one person by id: no directory look-up (the email goes where the command says)
    send_now = dispatch.notify(source, [message], None, settings, on_entry=on_entry)
    delivery_id = dispatch.delivery_id(source, command["person_id"], message.kind)
    return {"delivery_id": delivery_id, "duplicate": not send_now}, send_now


ROLE_MESSAGE = "role_message"  # the kind: a coordinator's message to the holders of a role


def send_role_message(
    data: dict,
    person_ids: list[str],
    sender_id: str,
    settings: Settings,
    on_entry: dispatch.EntryListener | None = None,
) -> tuple[dict, list[dict]]:
    """A ``RoleMessageSchema`` message to ``person_ids`` (``audience.select``): an inbox entry
    and an email each, as their preferences say. Returns the answer (``RoleMessageSentSchema``)
    and the deliveries to email at once."""
    message_id = new_id()
    context = {"ref": message_id, "sent_by": sender_id, "role": data["role"]}
    messages = [
        Message(pid, ROLE_MESSAGE, data["subject"], data["body"], context) for pid in person_ids
    ]
    send_now = dispatch.notify(f"message:{message_id}", messages, None, settings, on_entry=on_entry)
    return {"id": message_id, "sent_to": len(person_ids)}, send_now


def _sessions(payload: dict, events: CpdEvents) -> list[dict]:
    if payload.get("sessions"):
        return payload["sessions"]
    event = events.event(payload["cpd_event_id"]) if payload.get("cpd_event_id") else None
    if event and event.get("sessions"):
        return event["sessions"]
    return [{"starts_at": payload["starts_at"]}] if payload.get("starts_at") else []


def follow_up(kind: str, payload: dict, events: CpdEvents, settings: Settings) -> None:
    """Booking copies and their reminders, once the event's messages are out."""
    cpd_event_id = payload.get("cpd_event_id")
    reminders = None
    if kind == "booking_confirmed" and payload.get("booking_id"):
        reminders = scheduling.schedule(_sessions(payload, events), settings)
    dispatch.track_booking(kind, payload, reminders)
    if kind == "event_cancelled" and cpd_event_id:
        dispatch.cancel_event_bookings(cpd_event_id)
    elif kind == "event_changed" and cpd_event_id:
        scheduling.reschedule_event(cpd_event_id, _sessions(payload, events), settings)


def fire_due_reminders(
    people: People,
    settings: Settings,
    limit: int = 100,
    on_entry: dispatch.EntryListener | None = None,
) -> list[dict]:
    """Turn due reminders into notifications; returns the deliveries to email at once. Each
    booking moves on to its next reminder once its due ones are stored (a crash in between fires
    them again, which stores nothing twice)."""
    at = now()
    send_now: list[dict] = []
    for copy in scheduling.due_copies(at, limit):
        for due in scheduling.reminders_due(copy, settings, at):
            message = scheduling.reminder_message(copy, due)
            reminder_id = scheduling.reminder_id(copy, due)
            send_now += dispatch.notify(reminder_id, [message], people, settings, on_entry=on_entry)
        scheduling.move_on(copy, settings, at)
    return send_now


def notification_item(n: Notification | dict) -> dict:
    doc = n if isinstance(n, dict) else n.to_mongo().to_dict()
    return {
        "id": doc["_id"],
        "person_id": doc["person_id"],
        "kind": doc["kind"],
        "category": doc.get("category") or "",
        "title": doc["title"],
        "body": doc.get("body", ""),
        "ref": doc.get("ref"),
        "created_at": doc["created_at"],
        "read": doc.get("read", False),
    }


def list_inbox(person_id: str, query: dict) -> dict:
    """The person's notifications, newest first (read straight from the collection: this is the
    hottest query of the service)."""
    inbox = Notification._get_collection()
    found = {"person_id": person_id}
    if query.get("unread") is not None:
        found["read"] = not query["unread"]
    if query.get("after") is not None:
        found["created_at"] = {"$gt": query["after"]}
    start = page_start(query)
    page = inbox.find(found).sort("created_at", -1).skip(start).limit(query["per_page"])
    items = [notification_item(doc) for doc in page]
    total = len(items) + start
    if len(items) == query["per_page"] or (not items and start):
        total = inbox.count_documents(found)
    return {"items": items, "total": total}


def page_of_new(entry: dict, query: dict) -> dict | None:
    """The first page of a long poll for entries ``after`` a time, made from the one entry just
    stored (None when the query asks for something else: then the store is read)."""
    after = query.get("after")
    if after is None or page_start(query) or query.get("unread") is False:
        return None
    if entry["created_at"] <= after:
        return None
    return {"items": [stored_item(entry)], "total": 1}


def stored_item(entry: dict) -> dict:
    """A just-inserted inbox entry as a later read of the store shows it (the store keeps
    milliseconds)."""
    at = entry["created_at"]
    return notification_item(
        {**entry, "created_at": at.replace(microsecond=at.microsecond // 1000 * 1000)}
    )


def unread_count(person_id: str) -> dict:
    return {"unread": Notification.objects(person_id=person_id, read=False).count()}


def mark_read(person_id: str, notification_id: str) -> dict:
    """Mark one of the person's notifications read (idempotent); NotFound for anyone else's."""
    # update then read (not findAndModify: SecantusDB scans the collection for it by id)
    mine = Notification.objects(id=notification_id, person_id=person_id)
    mine.update_one(set__read=True)
    found = mine.first()
    if found is None:
        raise NotFound(
            f"No notification {notification_id} in your inbox.", {"id": ["Unknown notification."]}
        )
    return notification_item(found)


def mark_all_read(person_id: str) -> dict:
    changed = Notification.objects(person_id=person_id, read=False).update(set__read=True)
    return {"marked": changed}


def get_preferences(person_id: str) -> dict:
    stored = Preference.objects(id=person_id).first()
    return {"categories": effective_preferences(stored.categories if stored else None)}


def set_preferences(person_id: str, data: dict) -> dict:
    """Merge the given categories into the person's stored choices (one atomic update)."""
    updates = {
        f"categories.{cat}.{key}": value
        for cat, choice in data["categories"].items()
        for key, value in choice.items()
    }
    Preference._get_collection().update_one(
        {"_id": person_id},
        {"$set": {**updates, "updated_at": datetime.now(UTC)}},
        upsert=True,
    )
    return get_preferences(person_id)


def delivery_item(d: Delivery) -> dict:
    return {
        "id": d.id,
        "person_id": d.person_id,
        "kind": d.kind,
        "subject": d.subject,
        "status": d.status,
        "mode": d.mode,
        "to_email": d.to_email,
        "attempts": d.attempts,
        "last_error": d.last_error,
        "history": d.history,
        "send_at": d.send_at,
        "sent_at": d.sent_at,
        "created_at": d.created_at,
    }


def list_deliveries(query: dict) -> dict:
    found = Delivery.objects
    if query.get("status"):
        found = found(status=query["status"])
    if query.get("person_id"):
        found = found(person_id=query["person_id"])
    found = found.order_by("-created_at")
    return paginate(found, query, delivery_item)


def retry_delivery(delivery_id: str) -> dict:
    """Put a failed delivery back in the queue (the coordinator fixed the address, say)."""
    changed = Delivery.objects(id=delivery_id, status="failed").update_one(
        set__status="pending", set__send_at=now(), set__attempts=0
    )
    found = Delivery.objects(id=delivery_id).first() if changed else None
    if found is None:
        if Delivery.objects(id=delivery_id).count():
            raise Conflict("Only a failed delivery can be retried.", {"id": ["Not failed."]})
        raise NotFound(f"No delivery {delivery_id}.", {"id": ["Unknown delivery."]})
    return delivery_item(found)


def delivery_item_by_id(delivery_id: str) -> dict:
    return delivery_item(Delivery.objects.get(id=delivery_id))
