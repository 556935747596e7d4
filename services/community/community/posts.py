"""Posts in a space: publishing (with attachments), the half-termly feedback to heads, reading,
"this helped us" marks, pinning and hiding. Each change that others hear of stores its event in
the post's outbox in the same write."""

import base64
from datetime import UTC, date, datetime

from community import permissions, rendering, spaces, uploads
from community.domain import HALF_TERM_HELP, Viewer, excerpt, parse_half_term, words
from community.storage import (
    Post,
    Report,
    Space,
    delete_files,
    new_id,
    now,
    raw,
    read_file,
    stamp,
    store_file,
)
from contracts import community as c
from contracts.caller import deny
from contracts.choices import resolve_named
from contracts.errors import Conflict, InvalidInput, NotFound
from runtime.delivery import outbox_entry


def get_post(post_id) -> Post:
    post = Post.objects(id=str(post_id)).first()
    if post is None:
        raise NotFound(f"No post {post_id}.", {"post_id": ["Unknown post."]})
    return post


def visible_post(post_id, viewer: Viewer) -> tuple[Post, Space]:
    """The post and its space, when ``viewer`` may see it (Forbidden otherwise)."""
    post = get_post(post_id)
    space = spaces.get_space(post.space_id)
    permissions.check_may_see_post(viewer, spaces.view(space), post)
    return post, space


def resolve_tags(tags: list[str], areas: dict[str, str]) -> list[str]:
    """Support-area ids (by id or name, any case); InvalidInput naming ``tags.N`` otherwise."""
    found = [resolve_named(f"tags.{n}", tag, areas) for n, tag in enumerate(tags)]
    return list(dict.fromkeys(found))


def publish(
    space_id, data: dict, viewer: Viewer, areas: dict, max_bytes: int, today: date, correlation_id
) -> Post:
    """Store the post and its files (checked first: a refused upload stores nothing) with
    ``post_published`` in its outbox."""
    space = spaces.get_space(space_id)
    permissions.check_may_post(viewer, spaces.view(space), today)
    tags = resolve_tags(data["tags"], areas)
    fields = {
        "tags": tags,
        "phases": list(dict.fromkeys(data["phases"])),
        "partnership_wide": data["partnership_wide"],
    }

    def events(post):
        return [
            outbox_entry(
                c.POST_PUBLISHED, c.PostPublishedSchema, published(post, space), correlation_id
            )
        ]

    return _store(space, data, viewer, max_bytes, fields, events)


def publish_feedback(
    space_id, data: dict, viewer: Viewer, max_bytes: int, today: date, correlation_id
) -> Post:
    """The half-termly feedback to heads: a post of kind ``feedback`` in the group's space,
    seen by every headteacher, announced by ``feedback_published``. One per group and half term
    (Conflict naming ``half_term`` for a second)."""
    space = spaces.get_space(space_id)
    permissions.check_may_publish_feedback(viewer, spaces.view(space), today)
    half_term = parse_half_term(data["half_term"])
    if half_term is None:
        raise InvalidInput("Unknown half term.", {"half_term": [HALF_TERM_HELP]})
    if Post.objects(space_id=space.id, kind="feedback", half_term=half_term).count():
        raise Conflict(
            f"The feedback for {half_term} is published already.",
            {"half_term": ["Published already."]},
        )
    fields = {"kind": "feedback", "half_term": half_term, "tags": [], "phases": []}

    def events(post):
        body = {
            "post_id": post.id,
            "space_id": space.id,
            "space_name": space.name,
            "group_id": space.source_id,
            "title": post.title,
            "half_term": half_term,
            "author_id": post.author_id,
            "author_name": post.author_name or "",
            "excerpt": excerpt(post.text),
        }
        return [outbox_entry(c.FEEDBACK_PUBLISHED, c.FeedbackPublishedSchema, body, correlation_id)]

    return _store(space, data, viewer, max_bytes, fields, events)


def _store(space: Space, data: dict, viewer: Viewer, max_bytes: int, fields: dict, events) -> Post:
    """Check the uploads, store them and the post (with ``events(post)`` in its outbox); a
    failure leaves no file behind."""
    checked = uploads.check_uploads(data["attachments"], max_bytes)
    post_id = new_id()
    stored = []
    try:
        for upload in checked:
            file_id = store_file(upload.data, upload.filename, upload.content_type, post_id)
            stored.append(
                {
                    "id": file_id,
                    "filename": upload.filename,
                    "content_type": upload.content_type,
                    "size": upload.size,
                }
            )
        post = Post(
            id=post_id,
            space_id=space.id,
            title=data["title"].strip(),
            text=data["text"],
            html=rendering.render(data["text"]),
            words=words(data["title"], data["text"]),
            author_id=viewer.id,
            author_name=viewer.caller.name,
            school_urn=viewer.caller.school_urn,
            published_at=now(),
            rev=stamp(),
            attachments=stored,
            **fields,
        )
        post.outbox = events(post)
        post.save(force_insert=True)
    except BaseException:
        delete_files([each["id"] for each in stored])
        raise
    Space.objects(id=space.id).update_one(inc__post_count=1)
    return post


def published(post: Post, space: Space) -> dict:
    return {
        "post_id": post.id,
        "space_id": space.id,
        "space_name": space.name,
        "title": post.title,
        "author_id": post.author_id,
        "author_name": post.author_name or "",
        "school_urn": post.school_urn,
        "tags": list(post.tags),
        "phases": list(post.phases),
        "partnership_wide": post.partnership_wide,
        "excerpt": excerpt(post.text),
    }


def mark_helpful(post_id, viewer: Viewer) -> Post:
    """Once per person: a second mark changes nothing."""
    post, _ = visible_post(post_id, viewer)
    if viewer.caller.is_service:
        raise deny("A service does not mark posts.")
    raw(Post).update_one(
        {"_id": post.id, "helped_by": {"$ne": viewer.id}},
        {"$push": {"helped_by": viewer.id}, "$inc": {"helped_count": 1}, "$set": {"rev": stamp()}},
    )
    return get_post(post.id)


def hide(post_id, data: dict, viewer: Viewer, correlation_id) -> Post:
    """The space's chair or the coordinator hides a post (kept, with who did it and why);
    ``post_hidden`` tells its author why."""
    post = get_post(post_id)
    space = spaces.get_space(post.space_id)
    permissions.check_may_moderate(viewer, spaces.view(space))
    event = {
        "post_id": post.id,
        "space_id": space.id,
        "title": post.title,
        "author_id": post.author_id,
        "hidden_by": viewer.id,
        "reason": data["reason"],
    }
    entry = outbox_entry(c.POST_HIDDEN, c.PostHiddenSchema, event, correlation_id)
    update = hiding(data["reason"], viewer.id, entry)
    update["$set"]["pinned"] = False
    update["$set"]["rev"] = stamp()  # search_view
    done = raw(Post).update_one({"_id": post.id, "hidden": False}, update)
    if not done.modified_count:
        raise Conflict("The post is hidden already.", {"post_id": ["Already hidden."]})
    close_reports("post", post.id, viewer.id)
    return get_post(post.id)


def hiding(reason: str, by: str, entry: dict) -> dict:
    """The update hiding a post or comment: kept, with who and why, its event in its outbox."""
    return {
        "$set": {"hidden": True, "hidden_reason": reason, "hidden_by": by, "hidden_at": now()},
        "$push": {"outbox": entry},
    }


def close_reports(target_kind: str, target_id: str, by: str, status: str = "hidden") -> None:
    """The open reports of what was acted on are closed (kept, with who closed them)."""
    Report.objects(target_kind=target_kind, target_id=target_id, status="open").update(
        set__status=status, set__resolved_by=by, set__resolved_at=now()
    )


def pin(post_id, viewer: Viewer, pinned: bool = True) -> Post:
    """Pin (or unpin) a post in its space: the group's chair or secretary, or the
    coordinator. Pinning again changes nothing."""
    post = get_post(post_id)
    space = spaces.get_space(post.space_id)
    permissions.check_may_pin(viewer, spaces.view(space))
    if pinned and post.hidden:
        raise Conflict("A hidden post is not pinned.", {"post_id": ["Hidden."]})
    if pinned:
        changes = {"pinned": True, "pinned_at": now(), "pinned_by": viewer.id}
    else:
        changes = {"pinned": False, "pinned_at": None, "pinned_by": None}
    changes["rev"] = stamp()  # search_view
    raw(Post).update_one({"_id": post.id, "pinned": {"$ne": pinned}}, {"$set": changes})
    return get_post(post.id)


def add_attachment(post_id, item: dict, viewer: Viewer, max_bytes: int, today: date) -> dict:
    """One more file on a post (its author): checked like a post's (InvalidInput naming
    ``content``), at most ``MAX_ATTACHMENTS`` (Conflict naming ``post_id``); a refusal stores
    nothing."""
    post = get_post(post_id)
    space = spaces.get_space(post.space_id)
    permissions.check_may_add_attachment(viewer, spaces.view(space), post, today)
    if len(post.attachments) >= c.MAX_ATTACHMENTS:
        raise _full()
    upload = uploads.check_upload(item, max_bytes, "content")
    file_id = store_file(upload.data, upload.filename, upload.content_type, post.id)
    added = {
        "id": file_id,
        "filename": upload.filename,
        "content_type": upload.content_type,
        "size": upload.size,
    }
    room = {
        "_id": post.id,
        "hidden": False,
        f"attachments.{c.MAX_ATTACHMENTS - 1}": {"$exists": False},
    }
    try:
        done = raw(Post).update_one(room, {"$push": {"attachments": added}})
    except BaseException:
        delete_files([file_id])
        raise
    if not done.modified_count:
        delete_files([file_id])
        raise _full()
    return added


def _full() -> Conflict:
    return Conflict(
        f"A post has at most {c.MAX_ATTACHMENTS} files.",
        {"post_id": [f"Has {c.MAX_ATTACHMENTS} files already."]},
    )


def attachment(post_id, attachment_id, viewer: Viewer) -> dict:
    post, _ = visible_post(post_id, viewer)
    found = next((a for a in post.attachments if a["id"] == str(attachment_id)), None)
    data = read_file(found["id"]) if found else None
    if data is None:
        raise NotFound("No such attachment.", {"attachment_id": ["Unknown attachment."]})
    return {**found, "content": base64.b64encode(data).decode("ascii")}


def post_item(post: Post, space_name: str, viewer: Viewer) -> dict:
    return {
        "id": post.id,
        "space_id": post.space_id,
        "space_name": space_name,
        "title": post.title,
        "text": post.text,
        "html": post.html,
        "tags": list(post.tags),
        "phases": list(post.phases),
        "partnership_wide": post.partnership_wide,
        "author_id": post.author_id,
        "author_name": post.author_name or "",
        "school_urn": post.school_urn,
        "published_at": aware(post.published_at),
        "attachments": [dict(a) for a in post.attachments],
        "helped_count": post.helped_count or 0,
        "helped_by_me": viewer.id in (post.helped_by or ()),
        "comment_count": post.comment_count or 0,
        "hidden": post.hidden,
        "hidden_reason": post.hidden_reason if post.hidden else None,
        "kind": post.kind or "post",
        "half_term": post.half_term,
        "pinned": bool(post.pinned),
    }


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
