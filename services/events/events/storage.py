"""The events service's MongoDB documents and repository functions."""

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
    connect,
    disconnect,
    get_db,
)
from nameko.extensions import DependencyProvider

ALIAS = "events"


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(UTC)


class Event(Document):
    meta = {"db_alias": ALIAS, "collection": "events", "indexes": ["starts_at", "kind"]}
    id = StringField(primary_key=True, default=new_id)
    title = StringField(required=True)
    kind = StringField(required=True)
    description = StringField(default="")
    sessions = ListField(DictField())
    starts_at = DateTimeField()
    capacity = IntField(required=True)
    confirmed_count = IntField(default=0)
    waitlist_count = IntField(default=0)
    status = StringField(default="open")
    created_by = StringField(null=True)
    outbox = ListField(DictField())


class Booking(Document):
    """A person's place on an event. ``active`` bookings are unique per (event, person)."""

    meta = {
        "db_alias": ALIAS,
        "collection": "bookings",
        "indexes": [
            {
                "fields": ["event_id", "person_id"],
                "unique": True,
                "partialFilterExpression": {"active": True},
                "name": "one_active_booking",
            },
            ("person_id", "created_at"),
            ("event_id", "status", "created_at"),
        ],
    }
    id = StringField(primary_key=True, default=new_id)
    event_id = StringField(required=True)
    person_id = StringField(required=True)
    booked_by = StringField(required=True)
    status = StringField(required=True)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    outbox = ListField(DictField())


OUTBOX_DOCUMENTS = (Event, Booking)


def connect_store(uri: str, db: str) -> None:
    disconnect(ALIAS)
    connect(
        alias=ALIAS,
        host=uri,
        db=db,
        uuidRepresentation="standard",
        tz_aware=True,
        serverSelectionTimeoutMS=5000,
    )
    for document in (Event, Booking):
        document.ensure_indexes()


def outbox_collections():
    return [document._get_collection() for document in OUTBOX_DOCUMENTS]


class Store(DependencyProvider):
    """Connects the events database from config ``MONGO_URI``/``MONGO_DB``; workers get the db."""

    def setup(self):
        connect_store(self.container.config["MONGO_URI"], self.container.config["MONGO_DB"])

    def get_dependency(self, worker_ctx):
        return get_db(ALIAS)
