"""The events service's MongoDB documents and how the service connects to them.

Counters on an event (``taken`` = places held by confirmed, offered and pending bookings, plus
``releasing`` places freed and being offered on; ``school_taken`` per school) live in the raw
``places`` collection (one small document per event, no secondary index) and change only through
atomic conditional updates (see ``places.py``). Offer and approval deadlines live in the raw
``deadlines`` collection, so bookings need few indexes (each index makes every booking write
cost more).
"""

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
    get_db,
)

from runtime.storage import connect_documents

ALIAS = "events"


def new_id() -> str:
    return uuid.uuid4().hex


def time_ordered_id(at: datetime | None = None) -> str:
    """32 hex digits whose first 16 are the creation time in ns: ids sort by creation, so the
    bookings list in the order they were made."""
    nanos = int((at or now()).timestamp() * 1e9)
    return f"{nanos:016x}{uuid.uuid4().hex[:16]}"


def now() -> datetime:
    return datetime.now(UTC)


class CpdEvent(Document):
    """A CPD event: a course, conference, cluster meeting, Teachmeet, ... (not a domain event)."""

    meta = {
        "db_alias": ALIAS,
        "collection": "events",
        "indexes": ["starts_at", "kind", "cluster", "host_school_urn"],
        "strict": False,
    }
    id = StringField(primary_key=True, default=new_id)
    title = StringField(required=True)
    kind = StringField(required=True)
    description = StringField(default="")
    sessions = ListField(DictField())
    starts_at = DateTimeField()
    ends_at = DateTimeField()
    capacity = IntField(required=True)
    per_school_cap = IntField(null=True)
    owner = DictField(null=True)
    audience = DictField(null=True)
    booking_opens_at = DateTimeField(null=True)
    booking_closes_at = DateTimeField(null=True)
    requires_approval = BooleanField(default=False)
    pricing = DictField(null=True)
    certificate_min_sessions = IntField(null=True)
    slot_minutes = IntField(null=True)
    slot_count = IntField(null=True)
    slots = ListField(DictField())
    running_order_published = BooleanField(default=False)
    host_school_urn = IntField(null=True)
    cluster = StringField(null=True)
    year_group = StringField(null=True)
    academic_year = IntField(null=True)
    chair_id = StringField(null=True)
    minute_taker_id = StringField(null=True)
    minutes = StringField(null=True)
    actions = ListField(DictField())
    sequence = IntField(default=0)
    status = StringField(default="open")
    feedback_requested = BooleanField(default=False)
    created_by = StringField(null=True)
    outbox = ListField(DictField())


class Booking(Document):
    """A person's place on an event. ``active`` bookings are unique per (event, person);
    ``version`` goes up on every change so an offer or approval is acted on exactly once."""

    meta = {
        "db_alias": ALIAS,
        "collection": "bookings",
        "strict": False,
        "indexes": [
            {
                "fields": ["event_id", "person_id"],
                "unique": True,
                "partialFilterExpression": {"active": True},
                "name": "one_active_booking",
            },
            ("person_id", "created_at"),
            ("event_id", "status", "waitlist_seq"),
        ],
    }
    id = StringField(primary_key=True, default=new_id)
    event_id = StringField(required=True)
    event_title = StringField(default="")
    starts_at = DateTimeField(null=True)
    person_id = StringField(required=True)
    booked_by = StringField(required=True)
    school_urn = IntField(null=True)
    status = StringField(required=True)
    active = BooleanField(default=True)
    version = IntField(default=1)
    waitlist_seq = IntField(null=True)
    offer_expires_at = DateTimeField(null=True)
    approver_id = StringField(null=True)
    approval_deadline = DateTimeField(null=True)
    approved = BooleanField(default=False)
    price_pence = IntField(default=0)
    attended_sessions = ListField(IntField())
    certificate_id = StringField(null=True)
    reason = StringField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(null=True)
    outbox = ListField(DictField())


class Feedback(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "feedback",
        "indexes": [{"fields": ["event_id", "person_id"], "unique": True}],
    }
    id = StringField(primary_key=True, default=new_id)
    event_id = StringField(required=True)
    person_id = StringField(required=True)
    rating = IntField(required=True)
    comments = StringField(default="")
    created_at = DateTimeField(default=now)


class TrainingRequest(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "training_requests",
        "indexes": ["topic_key", "status", "cluster"],
    }
    id = StringField(primary_key=True, default=new_id)
    topic = StringField(required=True)
    topic_key = StringField(required=True)
    phase = StringField(required=True)
    reason = StringField(required=True)
    strategic_group = StringField(null=True)
    person_id = StringField(required=True)
    school_urn = IntField(null=True)
    cluster = StringField(null=True)
    supporters = ListField(StringField())
    status = StringField(default="open")
    commissioned_event_id = StringField(null=True)
    # closed by the coordinator (status "closed") or merged into another request ("merged")
    closed_reason = StringField(null=True)
    closed_by = StringField(null=True)
    closed_at = DateTimeField(null=True)
    merged_into = StringField(null=True)
    created_at = DateTimeField(default=now)
    outbox = ListField(DictField())


class NeedsAudit(Document):
    """One school's priorities for one academic year (resubmitting replaces them)."""

    meta = {
        "db_alias": ALIAS,
        "collection": "needs_audits",
        "indexes": [{"fields": ["school_urn", "academic_year"], "unique": True}],
    }
    id = StringField(primary_key=True, default=new_id)
    school_urn = IntField(required=True)
    academic_year = IntField(required=True)
    cluster = StringField(null=True)
    priorities = ListField(StringField())
    submitted_by = StringField(null=True)
    updated_at = DateTimeField(default=now)


class Pathway(Document):
    meta = {"db_alias": ALIAS, "collection": "pathways"}
    id = StringField(primary_key=True, default=new_id)
    title = StringField(required=True)
    description = StringField(default="")
    course_ids = ListField(StringField())
    partners = ListField(StringField())
    created_by = StringField(null=True)


class Enrolment(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "enrolments",
        "indexes": [{"fields": ["pathway_id", "person_id"], "unique": True}],
    }
    id = StringField(primary_key=True, default=new_id)
    pathway_id = StringField(required=True)
    person_id = StringField(required=True)
    created_at = DateTimeField(default=now)
    outbox = ListField(DictField())


DOCUMENTS = (CpdEvent, Booking, Feedback, TrainingRequest, NeedsAudit, Pathway, Enrolment)
OUTBOX_DOCUMENTS = (CpdEvent, TrainingRequest, Enrolment)  # bookings: see dirty_collection


def connect_store(uri: str, db: str) -> None:
    """Bind mongoengine's events alias to ``db`` at ``uri`` (rebinding if already bound)."""
    connect_documents(ALIAS, uri, db, DOCUMENTS, OUTBOX_DOCUMENTS, maxPoolSize=64)
    deadlines_collection().create_index("deadline")
    deadlines_collection().create_index("approver_id", sparse=True)


def outbox_collections():
    return [document._get_collection() for document in OUTBOX_DOCUMENTS]


def events_collection():
    return CpdEvent._get_collection()


def bookings_collection():
    return Booking._get_collection()


def places_collection():
    return get_db(ALIAS)["places"]


def dirty_collection():
    """``{_id: booking id, at}`` for every booking that may hold unpublished ``outbox`` entries:
    written before the change that pushes them, removed once they are published, so the outbox
    sweep reads this small collection instead of scanning every booking."""
    return get_db(ALIAS)["dirty_bookings"]


def mark_dirty(booking_id: str) -> None:
    dirty_collection().replace_one(
        {"_id": booking_id}, {"_id": booking_id, "at": now()}, upsert=True
    )


def deadlines_collection():
    """``{_id: booking id, event_id, status, deadline, approver_id?}`` for every open offer and
    approval request: what the expiry timer scans."""
    return get_db(ALIAS)["deadlines"]
