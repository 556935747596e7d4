"""Posts in a space: publishing (with attachments), reading, "this helped us" marks and hiding.
Each change that others hear of stores its event in the post's outbox in the same write."""

import base64
from datetime import UTC, date, datetime

from community import permissions, rendering, spaces, uploads
from community.domain import Viewer, words
from community.storage import Post, Space, delete_files, new_id, now, raw, read_file, store_file
from contracts import community as c
from contracts.caller import deny
from contracts.choices import resolve_named
from contracts.delivery import outbox_entry
from contracts.errors import Conflict, NotFound


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
            tags=tags,
            phases=list(dict.fromkeys(data["phases"])),
            partnership_wide=data["partnership_wide"],
            author_id=viewer.id,
            author_name=viewer.caller.name,
            school_urn=viewer.caller.school_urn,
            published_at=now(),
            attachments=stored,
        )
        post.outbox = [
            outbox_entry(
                c.POST_PUBLISHED, c.PostPublishedSchema, published(post, space), correlation_id
            )
        ]
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
        "school_urn": post.school_urn,
        "tags": list(post.tags),
        "phases": list(post.phases),
        "partnership_wide": post.partnership_wide,
    }


def mark_helpful(post_id, viewer: Viewer) -> Post:
    """Once per person: a second mark changes nothing."""
    post, _ = visible_post(post_id, viewer)
    if viewer.caller.is_service:
        raise deny("A service does not mark posts.")
    raw(Post).update_one(
        {"_id": post.id, "helped_by": {"$ne": viewer.id}},
        {"$push": {"helped_by": viewer.id}, "$inc": {"helped_count": 1}},
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
    done = raw(Post).update_one(
        {"_id": post.id, "hidden": False},
        {
            "$set": {
                "hidden": True,
                "hidden_reason": data["reason"],
                "hidden_by": viewer.id,
                "hidden_at": now(),
            },
            "$push": {"outbox": entry},
        },
    )
    if not done.modified_count:
        raise Conflict("The post is hidden already.", {"post_id": ["Already hidden."]})
    return get_post(post.id)


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
    }


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
