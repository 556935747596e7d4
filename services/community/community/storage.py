"""The community's MongoDB documents, and its attachments in GridFS (bucket ``attachments``)."""

import time
import uuid
from datetime import UTC, datetime

import gridfs
from bson import ObjectId
from bson.errors import InvalidId
from mongoengine import (
    BooleanField,
    DateField,
    DateTimeField,
    DictField,
    Document,
    IntField,
    ListField,
    StringField,
    get_db,
)

from runtime.storage import connect_documents

ALIAS = "community"
BUCKET = "attachments"


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(UTC)


def stamp() -> int:
    """A post's ``rev``: its last write time in ns (``search_view`` refreshes by it)."""
    return time.time_ns()


class Space(Document):
    meta = {"db_alias": ALIAS, "collection": "spaces", "indexes": ["kind", "source_id"]}
    id = StringField(primary_key=True)
    kind = StringField(required=True)
    name = StringField(required=True)
    description = StringField(default="")
    source_id = StringField(null=True)
    phase = StringField(null=True)
    ends_on = DateField(null=True)
    member_ids = ListField(StringField())
    active = BooleanField(default=True)
    created_by = StringField(null=True)
    created_at = DateTimeField(default=now)
    post_count = IntField(default=0)
    outbox = ListField(DictField())


class Post(Document):
    meta = {
        "db_alias": ALIAS,
        "collection": "posts",
        # search reads the in-memory summaries (search_view), refreshed by ``rev``
        "indexes": ["space_id", "-published_at", "words", "tags", "phases", "school_urn", "kind"]
        + ["rev"],
    }
    id = StringField(primary_key=True, default=new_id)
    space_id = StringField(required=True)
    # "post", or "feedback": the half-termly feedback to heads (``half_term``)
    kind = StringField(default="post")
    half_term = StringField(null=True)
    title = StringField(required=True)
    text = StringField(default="")
    html = StringField(default="")
    words = ListField(StringField())
    tags = ListField(StringField())
    phases = ListField(StringField())
    partnership_wide = BooleanField(default=False)
    author_id = StringField(required=True)
    author_name = StringField(default="")
    school_urn = IntField(null=True)
    published_at = DateTimeField(default=now)
    # [{"id", "filename", "content_type", "size"}]: the files are in GridFS
    attachments = ListField(DictField())
    helped_by = ListField(StringField())
    helped_count = IntField(default=0)
    comment_count = IntField(default=0)
    hidden = BooleanField(default=False)
    hidden_reason = StringField(null=True)
    hidden_by = StringField(null=True)
    hidden_at = DateTimeField(null=True)
    pinned = BooleanField(default=False)
    pinned_at = DateTimeField(null=True)
    pinned_by = StringField(null=True)
    # write time in ns of the last change search filters or ranks on (search_view)
    rev = IntField(null=True)
    outbox = ListField(DictField())


class Comment(Document):
    meta = {"db_alias": ALIAS, "collection": "comments", "indexes": ["post_id"]}
    id = StringField(primary_key=True, default=new_id)
    post_id = StringField(required=True)
    text = StringField(required=True)
    html = StringField(required=True)
    author_id = StringField(required=True)
    author_name = StringField(default="")
    created_at = DateTimeField(default=now)
    hidden = BooleanField(default=False)
    hidden_reason = StringField(null=True)
    hidden_by = StringField(null=True)
    hidden_at = DateTimeField(null=True)
    outbox = ListField(DictField())


class Follow(Document):
    """A person follows a space or a tag; ``caller`` is what they were when they last followed
    (roles, school: who may see a post is decided from it with the directory's answers now)."""

    meta = {
        "db_alias": ALIAS,
        "collection": "follows",
        "indexes": ["person_id", ("kind", "target")],
    }
    id = StringField(primary_key=True)  # person_id:kind:target
    person_id = StringField(required=True)
    kind = StringField(required=True)  # "space" or "tag"
    target = StringField(required=True)
    caller = DictField()
    created_at = DateTimeField(default=now)


class Report(Document):
    """Someone reported a post or a comment; kept, with who resolved it and how."""

    meta = {
        "db_alias": ALIAS,
        "collection": "reports",
        "indexes": ["space_id", "status", ("target_kind", "target_id")],
    }
    id = StringField(primary_key=True, default=new_id)
    target_kind = StringField(required=True)  # "post" or "comment"
    target_id = StringField(required=True)
    post_id = StringField(required=True)
    space_id = StringField(required=True)
    reason = StringField(required=True)
    reported_by = StringField(required=True)
    reported_at = DateTimeField(default=now)
    status = StringField(default="open")  # "open", "hidden" (acted on) or "dismissed"
    resolved_by = StringField(null=True)
    resolved_at = DateTimeField(null=True)


class SitePage(Document):
    """A page of the public website (``contracts.community_site.SITE_SLUGS``), with who changed
    it and when (``changes``: newest last)."""

    meta = {"db_alias": ALIAS, "collection": "site_pages"}
    id = StringField(primary_key=True)  # the slug
    title = StringField(required=True)
    text = StringField(required=True)
    html = StringField(required=True)
    updated_at = DateTimeField(null=True)
    changes = ListField(DictField())  # [{"by_id", "by_name", "at"}]


class ShowcaseEntry(Document):
    """A member school's showcase entry: its photos are in GridFS (``attachments``)."""

    meta = {
        "db_alias": ALIAS,
        "collection": "showcase_entries",
        "indexes": [("school_urn", "-published_at")],
    }
    id = StringField(primary_key=True, default=new_id)
    school_urn = IntField(required=True)
    title = StringField(required=True)
    text = StringField(default="")
    html = StringField(default="")
    published = BooleanField(default=True)
    published_at = DateTimeField(default=now)
    photos = ListField(DictField())  # [{"id", "filename", "content_type", "size"}]
    created_by = StringField(required=True)
    withdrawn_by = StringField(null=True)
    withdrawn_at = DateTimeField(null=True)


DOCUMENTS = (Space, Post, Comment, Follow, Report, SitePage, ShowcaseEntry)
OUTBOX_DOCUMENTS = (Post, Comment)


def connect_store(uri: str, db: str) -> None:
    """Bind mongoengine's community alias to ``db`` at ``uri`` (rebinding if already bound)."""
    connect_documents(ALIAS, uri, db, DOCUMENTS, OUTBOX_DOCUMENTS)
    get_db(ALIAS)[f"{BUCKET}.files"].create_index("metadata.post_id")


def outbox_collections():
    return [document._get_collection() for document in OUTBOX_DOCUMENTS]


def raw(document_class):
    """The pymongo collection behind a Document class (for atomic conditional updates)."""
    return document_class._get_collection()


# Attachments (GridFS)
def _files() -> gridfs.GridFS:
    return gridfs.GridFS(get_db(ALIAS), collection=BUCKET)


def store_file(data: bytes, filename: str, content_type: str, post_id: str) -> str:
    return str(
        _files().put(
            data,
            filename=filename,
            content_type=content_type,
            metadata={"post_id": post_id, "content_type": content_type},
        )
    )


def read_file(file_id: str) -> bytes | None:
    try:
        return _files().get(ObjectId(file_id)).read()
    except (InvalidId, gridfs.NoFile):
        return None


def delete_files(file_ids) -> None:
    files = _files()
    for file_id in file_ids:
        try:
            files.delete(ObjectId(file_id))
        except InvalidId:
            continue


def count_files() -> int:
    return get_db(ALIAS)[f"{BUCKET}.files"].count_documents({})
