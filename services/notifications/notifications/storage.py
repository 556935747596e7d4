"""The notifications service's MongoDB documents."""

import uuid
from datetime import UTC, datetime

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    Document,
    IntField,
    ListField,
    StringField,
)

from runtime.storage import connect_documents

ALIAS = "notifications"


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(UTC)


class Notification(Document):
    """One inbox entry, id ``<source event id>:<person id>``: a redelivered event adds nothing
    (the primary key is the unique key, so no second unique index is kept up on every insert)."""

    meta = {
        "db_alias": ALIAS,
        "collection": "inbox",
        "indexes": [("person_id", "-created_at")],  # also serves the unread count
    }
    id = StringField(primary_key=True, default=new_id)
    person_id = StringField(required=True)
    source_event_id = StringField(required=True)
    kind = StringField(required=True)
    category = StringField(default="")
    title = StringField(required=True)
    body = StringField(default="")
    ref = StringField(null=True)
    created_at = DateTimeField(default=now)
    read = BooleanField(default=False)


class Delivery(Document):
    """One email to one person, and every attempt to send it; id ``<source event id>:<person
    id>:<kind>`` (digests: their own), so a redelivered event never sends a second email.

    status: ``pending`` (due at ``send_at``), ``sending`` (claimed until ``lease_until``),
    ``sent``, ``failed`` (permanently), ``queued`` (waiting for a digest), ``digested`` (went out
    in digest ``digest_id``), ``assembling`` (a digest being put together)."""

    meta = {
        "db_alias": ALIAS,
        "collection": "deliveries",
        "indexes": [  # few on purpose: every email writes this collection twice
            ("status", "send_at"),
            {"fields": ["digest_id"], "sparse": True},
        ],
    }
    id = StringField(primary_key=True, default=new_id)
    person_id = StringField(required=True)
    source_event_id = StringField(required=True)
    kind = StringField(required=True)
    template = StringField(null=True)
    mode = StringField(default="now")
    subject = StringField(required=True)
    context = DictField()
    calendar = StringField(null=True)
    status = StringField(required=True)
    send_at = DateTimeField()
    lease_until = DateTimeField(null=True)
    attempts = IntField(default=0)
    history = ListField(DictField())
    last_error = StringField(null=True)
    to_email = StringField(null=True)
    digest_id = StringField(null=True)
    correlation_id = StringField(null=True)  # of what caused it; a digest: its own id
    correlation_ids = ListField(StringField())  # a digest: those of the items it gathers
    created_at = DateTimeField(default=now)
    sent_at = DateTimeField(null=True)


class Preference(Document):
    """A person's choices per category: ``{category: {"inbox": bool, "email": mode}}``."""

    meta = {"db_alias": ALIAS, "collection": "preferences"}
    id = StringField(primary_key=True)
    categories = DictField()
    updated_at = DateTimeField(default=now)


class BookingCopy(Document):
    """What this service has heard of each booking (from booking_* events): who to tell when an
    event changes or is cancelled, and, once confirmed, its reminders: the ``sessions`` they are
    for and when the next one is due (``next_reminder_at``, unset when none is left). The
    reminders due between ``next_reminder_at`` and now are the ones to fire, so the schedule of a
    booking is written with its copy, by the same update."""

    meta = {
        "db_alias": ALIAS,
        "collection": "bookings",
        "indexes": ["cpd_event_id", {"fields": ["next_reminder_at"], "sparse": True}],
    }
    id = StringField(primary_key=True)
    cpd_event_id = StringField(required=True)
    person_id = StringField(required=True)
    booked_by = StringField(null=True)
    status = StringField(required=True)
    event_title = StringField(default="")
    sessions = ListField(DictField())
    next_reminder_at = DateTimeField(null=True)


DOCUMENTS = (Notification, Delivery, Preference, BookingCopy)


def connect_store(uri: str, db: str) -> None:
    """Bind mongoengine's notifications alias to ``db`` at ``uri`` (rebinding if already
    bound)."""
    connect_documents(ALIAS, uri, db, DOCUMENTS)
