"""The directory's MongoDB documents and the repository functions that read and write them."""

import re
import uuid

from mongoengine import (
    DictField,
    Document,
    IntField,
    ListField,
    StringField,
    connect,
    disconnect,
    get_db,
)
from mongoengine.errors import NotUniqueError
from nameko.extensions import DependencyProvider
from pymongo.errors import DuplicateKeyError

from contracts.errors import Conflict

ALIAS = "directory"


class School(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "schools",
        "indexes": ["name_tokens", "phase", "cluster", "la_code"],
    }
    urn = IntField(primary_key=True)
    name = StringField(required=True)
    name_tokens = ListField(StringField())
    phase = StringField(default="")
    type = StringField(default="")
    type_group = StringField(default="")
    la_code = StringField(default="")
    la_name = StringField(default="")
    status = StringField(default="Open")
    postcode = StringField(default="")
    cluster = StringField(null=True)
    outbox = ListField(DictField())


class Person(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "people",
        "indexes": [{"fields": ["email"], "unique": True}, "school_urn", "roles", "name_tokens"],
    }
    id = StringField(primary_key=True, default=lambda: uuid.uuid4().hex)
    email = StringField(required=True)
    name = StringField(required=True)
    name_tokens = ListField(StringField())
    school_urn = IntField(null=True)
    roles = ListField(StringField())
    password_hash = StringField(null=True)
    outbox = ListField(DictField())


class Cluster(Document):
    meta = {"db_alias": ALIAS, "collection": "clusters"}
    id = StringField(primary_key=True)
    name = StringField(required=True)


class StrategicGroup(Document):
    meta = {"db_alias": ALIAS, "collection": "groups"}
    id = StringField(primary_key=True)
    name = StringField(required=True)


OUTBOX_DOCUMENTS = (School, Person)


def connect_store(uri: str, db: str) -> None:
    """Bind mongoengine's directory alias to ``db`` at ``uri`` (rebinding if already bound)."""
    disconnect(ALIAS)
    connect(
        alias=ALIAS,
        host=uri,
        db=db,
        uuidRepresentation="standard",
        tz_aware=True,
        serverSelectionTimeoutMS=5000,
    )
    for document in (School, Person, Cluster, StrategicGroup):
        document.ensure_indexes()


def outbox_collections():
    return [document._get_collection() for document in OUTBOX_DOCUMENTS]


class Store(DependencyProvider):
    """Connects the directory's database from config ``MONGO_URI``/``MONGO_DB``; workers get the
    db."""

    def setup(self):
        connect_store(self.container.config["MONGO_URI"], self.container.config["MONGO_DB"])

    def get_dependency(self, worker_ctx):
        return get_db(ALIAS)


def prefix_filter(field: str, tokens: list[str]) -> dict:
    """Match documents whose ``field`` array has, for every token, an element starting with it."""
    return {field: {"$all": [re.compile("^" + re.escape(t)) for t in tokens]}}


def insert_person(person: Person) -> Person:
    try:
        person.save(force_insert=True)
    except (NotUniqueError, DuplicateKeyError):
        raise Conflict(
            "A person with that email already exists.", {"email": ["Already registered."]}
        ) from None
    return person
