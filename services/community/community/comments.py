"""Comments on a post: ``comment_added`` stored with the comment, the post's count moved on."""

from community import permissions, rendering, spaces
from community.domain import Viewer
from community.posts import aware, get_post
from community.storage import Comment, Post, now
from contracts import community as c
from contracts.common import paginate
from contracts.delivery import outbox_entry


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
    post = get_post(post_id)
    permissions.check_may_see_post(viewer, spaces.view(spaces.get_space(post.space_id)), post)
    return paginate(Comment.objects(post_id=post.id).order_by("created_at"), query, comment_item)


def comment_item(comment: Comment) -> dict:
    return {
        "id": comment.id,
        "post_id": comment.post_id,
        "text": comment.text,
        "html": comment.html,
        "author_id": comment.author_id,
        "author_name": comment.author_name or "",
        "created_at": aware(comment.created_at),
    }
