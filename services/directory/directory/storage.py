"""The directory's MongoDB documents and the repository functions that read and write them."""

import re
import time
import uuid
from datetime import UTC, datetime

from mongoengine import (
    BooleanField,
    DateField,
    DateTimeField,
    DictField,
    Document,
    FloatField,
    IntField,
    ListField,
    StringField,
)
from mongoengine.errors import NotUniqueError
from pymongo.errors import DuplicateKeyError

from contracts.errors import Conflict
from runtime.storage import connect_documents

ALIAS = "directory"
# the event that used to carry password-reset codes on directory.events (never published now)
RETIRED_SECRET_EVENT = "password_reset_requested"


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(UTC)


def stamp() -> int:
    """A document's ``rev``: its last write time in ns (search catalogues refresh by it)."""
    return time.time_ns()


class School(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "schools",
        # searches run on the in-memory catalogue: only ``rev`` needs an index (fast imports)
        "indexes": ["rev"],
    }
    urn = IntField(primary_key=True)
    rev = IntField(default=0)
    name = StringField(required=True)
    name_tokens = ListField(StringField())
    phase = StringField(default="")
    type = StringField(default="")
    type_group = StringField(default="")
    la_code = StringField(default="")
    la_name = StringField(default="")
    status = StringField(default="Open")
    postcode = StringField(default="")
    open_date = DateField(null=True)
    close_date = DateField(null=True)
    predecessor_urns = ListField(IntField())
    successor_urn = IntField(null=True)
    ofsted_rating = StringField(null=True)
    ofsted_last_inspection = DateField(null=True)
    ofsted_edited = BooleanField(default=False)
    report_card = DictField(null=True)
    moderation_selected_years = ListField(StringField())
    cluster = StringField(null=True)
    notes = StringField(default="")
    # the one person who approves this school's bookings (set explicitly; cleared when they lose
    # the role or leave the school)
    approver_person_id = StringField(null=True)
    outbox = ListField(DictField())


class Person(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "people",
        "indexes": [
            {"fields": ["email"], "unique": True},
            "school_urn",
            "roles",
            "name_tokens",
            "subjects",
            "year_groups",
            {"fields": ["reset_token_hash"], "sparse": True},
        ],
    }
    id = StringField(primary_key=True, default=new_id)
    email = StringField(required=True)
    name = StringField(required=True)
    name_tokens = ListField(StringField())
    school_urn = IntField(null=True)
    roles = ListField(StringField())
    job_title = StringField(default="")
    year_groups = ListField(StringField())
    subjects = ListField(StringField())
    password_hash = StringField(null=True)
    # moves on at every sign-out, password change or reset and role change: older tokens die
    token_version = IntField(default=0)
    # the key of the person's calendar subscription address: moves on when they ask for a new
    # address or their password changes (not at a sign-out: calendar apps stay subscribed)
    calendar_key = IntField(default=0)
    # a pending password reset: the hash of the emailed code, until when it works, when asked
    reset_token_hash = StringField(null=True)
    reset_expires_at = DateTimeField(null=True)
    reset_requested_at = DateTimeField(null=True)
    outbox = ListField(DictField())


class Cluster(Document):
    meta = {"db_alias": ALIAS, "collection": "clusters"}
    id = StringField(primary_key=True)
    name = StringField(required=True)


class StrategicGroup(Document):
    meta = {"db_alias": ALIAS, "collection": "groups", "indexes": ["members"]}
    id = StringField(primary_key=True)
    name = StringField(required=True)
    phases = ListField(StringField())
    members = ListField(StringField())
    offices = ListField(DictField())
    version = IntField(default=0)
    outbox = ListField(DictField())


class SupportArea(Document):
    meta = {"db_alias": ALIAS, "collection": "support_areas"}
    id = StringField(primary_key=True)
    name = StringField(required=True)
    outbox = ListField(DictField())


class Offer(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "offers",
        "indexes": [
            ("status", "area", "-days_remaining"),
            "cluster",
            "school_urn",
            "person_id",
            "title_tokens",
            "verification_due_on",
            "rev",
        ],
    }
    id = StringField(primary_key=True, default=new_id)
    rev = IntField(default=stamp)
    school_urn = IntField(required=True)
    school_name = StringField(default="")
    cluster = StringField(null=True)
    person_id = StringField(null=True)
    person_name = StringField(null=True)
    area = StringField(required=True)
    title = StringField(required=True)
    title_tokens = ListField(StringField())
    description = StringField(default="")
    phases = ListField(StringField())
    academic_year = StringField(default="")
    capacity_days = FloatField(default=0)
    days_committed = FloatField(default=0)
    days_remaining = FloatField(default=0)
    evidence = DictField()
    last_verified_on = DateField(null=True)
    verification_due_on = DateField(null=True)
    reminded_for = DateField(null=True)
    status = StringField(default="active")
    created_at = DateTimeField(default=now)
    outbox = ListField(DictField())


class SupportRequest(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "support_requests",
        "indexes": ["school_urn", "status", "-created_at"],
    }
    id = StringField(primary_key=True, default=new_id)
    school_urn = IntField(required=True)
    school_name = StringField(default="")
    area = StringField(required=True)
    description = StringField(default="")
    urgency = StringField(default="medium")
    phase = StringField(null=True)
    days_wanted = FloatField(null=True)
    status = StringField(default="open")
    requested_by = StringField(null=True)
    case_id = StringField(null=True)
    created_at = DateTimeField(default=now)
    outbox = ListField(DictField())


class BrokerageCase(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "brokerage_cases",
        "indexes": ["provider_urn", "receiver_urn", "status", "offer_id", "-created_at"],
    }
    id = StringField(primary_key=True, default=new_id)
    request_id = StringField(required=True)
    offer_id = StringField(required=True)
    title = StringField(default="")
    area = StringField(default="")
    provider_urn = IntField(required=True)
    provider_name = StringField(default="")
    receiver_urn = IntField(required=True)
    receiver_name = StringField(default="")
    practitioner_person_id = StringField(null=True)
    scope = StringField(default="")
    days = FloatField(required=True)
    days_delivered = FloatField(null=True)
    academic_year = StringField(default="")
    starts_on = DateField()
    ends_on = DateField()
    funding = StringField(default="free")
    cost_pence = IntField(default=0)
    credit_days = FloatField(default=0)
    review_dates = ListField(DateField())
    reviews = ListField(DictField())
    consent = DictField(null=True)
    impact = StringField(null=True)
    cancel_reason = StringField(null=True)
    status = StringField(default="awaiting_consent")
    brokered_by = StringField(null=True)
    created_at = DateTimeField(default=now)
    outbox = ListField(DictField())


class SignInThrottle(Document):
    """Failed sign-ins counted per account (``account:<email>``) or client address
    (``address:<ip>``); shared by every gateway process, since the directory keeps it."""

    meta = {"db_alias": ALIAS, "collection": "sign_in_throttle", "indexes": ["last_at"]}
    id = StringField(primary_key=True)
    failures = IntField(default=0)
    blocked_until = DateTimeField()
    last_at = DateTimeField()


DOCUMENTS = (
    School,
    Person,
    Cluster,
    StrategicGroup,
    SupportArea,
    Offer,
    SupportRequest,
    BrokerageCase,
    SignInThrottle,
)
OUTBOX_DOCUMENTS = (
    School,
    Person,
    StrategicGroup,
    SupportArea,
    Offer,
    SupportRequest,
    BrokerageCase,
)


def connect_store(uri: str, db: str) -> None:
    """Bind mongoengine's directory alias to ``db`` at ``uri`` (rebinding if already bound)."""
    connect_documents(ALIAS, uri, db, DOCUMENTS, OUTBOX_DOCUMENTS)
    # reset codes once waited in outboxes for a broadcast event: none may ever leave
    Person._get_collection().update_many(
        {"outbox.name": RETIRED_SECRET_EVENT},
        {"$pull": {"outbox": {"name": RETIRED_SECRET_EVENT}}},
    )


def outbox_collections():
    return [document._get_collection() for document in OUTBOX_DOCUMENTS]


def prefix_filter(field: str, tokens: list[str]) -> dict:
    """Match documents whose ``field`` array has, for every token, an element starting with it."""
    return {field: {"$all": [re.compile("^" + re.escape(t)) for t in tokens]}}


def insert_unique(document: Document, conflict: Conflict) -> Document:
    """Insert ``document``; a duplicate key raises ``conflict``."""
    try:
        document.save(force_insert=True)
    except (NotUniqueError, DuplicateKeyError):
        raise conflict from None
    return document


def insert_person(person: Person) -> Person:
    return insert_unique(
        person,
        Conflict("A person with that email already exists.", {"email": ["Already registered."]}),
    )


def raw(document_class):
    """The pymongo collection behind a Document class (for atomic conditional updates)."""
    return document_class._get_collection()
