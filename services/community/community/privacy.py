"""People's data in the community: a person's export (posts and comments they wrote, the
metadata of the files they attached, their follows, the posts they marked "this helped us", the
reports they made, the showcase entries they published) and what ``person_erased`` does here.

Erasure keeps what was shared (the practice belongs to the partnership) but not who shared it:
their posts and comments show "Erased person", their follows go, their "this helped us" marks
stay counted but no longer name them."""

from community.storage import Comment, Follow, Post, Report, ShowcaseEntry, raw, stamp
from contracts import community as c
from contracts.privacy import ERASED_NAME, plain

SERVICE = c.SERVICE
POST_FIELDS = {"outbox": 0, "words": 0, "html": 0}


def _found(document_class, query: dict, hidden: dict | None = None) -> list[dict]:
    return [plain(doc) for doc in raw(document_class).find(query, hidden or {"outbox": 0})]


def uploads_of(posts: list[dict]) -> list[dict]:
    """The metadata of every file attached to ``posts`` (pure).

    >>> uploads_of([{"_id": "p1", "attachments": [{"id": "f1", "filename": "a.pdf"}]}])
    [{'id': 'f1', 'filename': 'a.pdf', 'post_id': 'p1'}]
    """
    return [
        {**attachment, "post_id": post["_id"]}
        for post in posts
        for attachment in post.get("attachments") or []
    ]


def export_person(person_id: str) -> dict:
    """Everything the community holds about ``person_id``, as plain JSON."""
    posts = _found(Post, {"author_id": person_id}, POST_FIELDS)
    helped = raw(Post).find({"helped_by": person_id}, {"title": 1, "space_id": 1})
    return {
        "service": SERVICE,
        "person_id": person_id,
        "records": {
            "posts": posts,
            "comments": _found(Comment, {"author_id": person_id}, {"outbox": 0, "html": 0}),
            "follows": _found(Follow, {"person_id": person_id}),
            "uploads": uploads_of(posts),
            "helped": [plain(doc) for doc in helped],
            "reports": _found(Report, {"reported_by": person_id}),
            "showcase_entries": _found(ShowcaseEntry, {"created_by": person_id}),
        },
    }


def erase_person(person_id: str) -> dict[str, int]:
    """Anonymise what the community holds of ``person_id`` (idempotent): how many of each kind
    of record were changed."""
    posts = raw(Post).update_many(
        {"author_id": person_id, "author_name": {"$ne": ERASED_NAME}},
        {"$set": {"author_name": ERASED_NAME, "rev": stamp()}},
    )
    comments = raw(Comment).update_many(
        {"author_id": person_id, "author_name": {"$ne": ERASED_NAME}},
        {"$set": {"author_name": ERASED_NAME}},
    )
    helped = raw(Post).update_many(
        {"helped_by": person_id}, {"$pull": {"helped_by": person_id}, "$set": {"rev": stamp()}}
    )
    follows = raw(Follow).delete_many({"person_id": person_id})
    return {
        "posts": posts.modified_count,
        "comments": comments.modified_count,
        "helped": helped.modified_count,
        "follows": follows.deleted_count,
    }
