"""The notifications service's MongoDB documents."""

import uuid
from datetime import UTC, datetime

from mongoengine import (
    BooleanField,
    DateTimeField,
    Document,
    StringField,
    connect,
    disconnect,
    get_db,
)
from nameko.extensions import DependencyProvider

ALIAS = "notifications"


class Notification(Document):
    """One inbox entry. (source_event_id, person_id) is unique: a redelivered event adds nothing."""

    meta = {
        "db_alias": ALIAS,
        "collection": "inbox",
        "indexes": [
            {"fields": ["source_event_id", "person_id"], "unique": True},
            ("person_id", "-created_at"),
        ],
    }
    id = StringField(primary_key=True, default=lambda: uuid.uuid4().hex)
    person_id = StringField(required=True)
    source_event_id = StringField(required=True)
    kind = StringField(required=True)
    title = StringField(required=True)
    body = StringField(default="")
    created_at = DateTimeField(default=lambda: datetime.now(UTC))
    read = BooleanField(default=False)


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
    Notification.ensure_indexes()


class Store(DependencyProvider):
    """Connects the notifications database from config ``MONGO_URI``/``MONGO_DB``; workers get the
    db."""

    def setup(self):
        connect_store(self.container.config["MONGO_URI"], self.container.config["MONGO_DB"])

    def get_dependency(self, worker_ctx):
        return get_db(ALIAS)
