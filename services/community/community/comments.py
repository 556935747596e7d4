"""Comments on a post: ``comment_added`` stored with the comment, the post's count moved on;
the space's chair or the coordinator hides one (kept, with who and why: ``comment_hidden``)."""

from community import permissions, rendering, spaces
from community.domain import Viewer
from community.posts import aware, close_reports, get_post, hiding
from community.storage import Comment, Post, now, raw
from contracts import community as c
from contracts.common import paginate
from contracts.errors import Conflict, NotFound
from runtime.delivery import outbox_entry


def add(post_id, data: dict, viewer: Viewer, correlation_id) -> Comment:
    post = get_post(post_id)
    space = spaces.get_space(post.space_id)
    permissions.check_may_comment(viewer, spaces.view(space), post)
    comment = Comment(
        post_id=post.id,
        text=data["text"],
        html=rendering.render(data["text"]),
        author_id=viewer.id,
        author_name=viewer.caller.name,
        created_at=now(),
    )
    event = {
        "comment_id": comment.id,
        "post_id": post.id,
        "space_id": space.id,
        "title": post.title,
        "author_id": viewer.id,
        "post_author_id": post.author_id,
    }
    comment.outbox = [outbox_entry(c.COMMENT_ADDED, c.CommentAddedSchema, event, correlation_id)]
    comment.save(force_insert=True)
    Post.objects(id=post.id).update_one(inc__comment_count=1)
    return comment


def page(post_id, query: dict, viewer: Viewer) -> dict:
    """The post's comments, oldest first; a hidden one only to its author and moderators."""
    post = get_post(post_id)
    space = spaces.view(spaces.get_space(post.space_id))
    permissions.check_may_see_post(viewer, space, post)
    found = Comment.objects(post_id=post.id)
    if not permissions.may_moderate(viewer, space):
        found = found.filter(__raw__={"$or": [{"hidden": {"$ne": True}}, {"author_id": viewer.id}]})
    return paginate(found.order_by("created_at"), query, comment_item)


def get_comment(comment_id) -> Comment:
    comment = Comment.objects(id=str(comment_id)).first()
    if comment is None:
        raise NotFound(f"No comment {comment_id}.", {"comment_id": ["Unknown comment."]})
    return comment


def hide(comment_id, data: dict, viewer: Viewer, correlation_id) -> Comment:
    """The space's chair or the coordinator hides a comment (kept, with who and why);
    ``comment_hidden`` tells its author why; its open reports are closed."""
    comment = get_comment(comment_id)
    post = get_post(comment.post_id)
    space = spaces.get_space(post.space_id)
    permissions.check_may_moderate(viewer, spaces.view(space))
    event = {
        "comment_id": comment.id,
        "post_id": post.id,
        "space_id": space.id,
        "title": post.title,
        "author_id": comment.author_id,
        "hidden_by": viewer.id,
        "reason": data["reason"],
    }
    entry = outbox_entry(c.COMMENT_HIDDEN, c.CommentHiddenSchema, event, correlation_id)
    done = raw(Comment).update_one(
        {"_id": comment.id, "hidden": {"$ne": True}}, hiding(data["reason"], viewer.id, entry)
    )
    if not done.modified_count:
        raise Conflict("The comment is hidden already.", {"comment_id": ["Already hidden."]})
    close_reports("comment", comment.id, viewer.id)
    return get_comment(comment.id)


def comment_item(comment: Comment) -> dict:
    return {
        "id": comment.id,
        "post_id": comment.post_id,
        "text": comment.text,
        "html": comment.html,
        "author_id": comment.author_id,
        "author_name": comment.author_name or "",
        "created_at": aware(comment.created_at),
        "hidden": bool(comment.hidden),
        "hidden_reason": comment.hidden_reason if comment.hidden else None,
    }
