"""Notifications use cases: storing inbox entries exactly once per (event, person), reading the
inbox."""

from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from notifications.messages import Message
from notifications.storage import Notification


def deliver(source_event_id: str, messages: list[Message]) -> int:
    """Store each message in its person's inbox unless this event already did; returns how many
    new."""
    stored = 0
    for message in messages:
        try:
            Notification(
                person_id=message.person_id,
                source_event_id=source_event_id,
                kind=message.kind,
                title=message.title,
                body=message.body,
            ).save(force_insert=True)
            stored += 1
        except (NotUniqueError, DuplicateKeyError):
            continue
    return stored


def notification_item(n: Notification) -> dict:
    return {
        "id": n.id,
        "person_id": n.person_id,
        "kind": n.kind,
        "title": n.title,
        "body": n.body,
        "created_at": n.created_at,
        "read": n.read,
    }


def list_inbox(person_id: str, query: dict) -> dict:
    found = Notification.objects(person_id=person_id)
    if query.get("unread") is not None:
        found = found(read=not query["unread"])
    found = found.order_by("-created_at")
    start = (query["page"] - 1) * query["per_page"]
    return {
        "items": [notification_item(n) for n in found.skip(start).limit(query["per_page"])],
        "total": found.count(),
    }
