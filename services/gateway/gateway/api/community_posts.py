"""Reading and acting on posts: search, one post, comments, "this helped us" marks and pinning
(a group's chair or secretary, or the coordinator)."""

from marshmallow import fields, validate

from contracts import community as c
from contracts.choices import Choice
from contracts.clients.community import CommunityClient
from contracts.common import PageQuerySchema
from contracts.directory import PHASES
from gateway.api.blueprint import Blueprint
from gateway.api.community_shapes import PostHttpPageSchema, PostHttpSchema, page_out, post_out
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("community_posts_api", __name__, description="Sharing practice: posts")


class PostSearchQuerySchema(PageQuerySchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    tag = fields.String(load_default=None, validate=validate.Length(max=64))
    phase = Choice(PHASES, load_default=None)
    school = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=99_999_999),
        metadata={"description": "a school's URN: posts by its staff"},
    )
    space = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    sort = Choice(c.SORTS, load_default="rank")


@blp.route("/posts", methods=["GET"])
@login_required
@blp.arguments(PostSearchQuerySchema, location="query")
@blp.alt_response(200, schema=PostHttpPageSchema, success=True)
def search_posts(query):
    """Search the posts of the spaces the caller may see and the partnership-wide ones: every
    word of ``q``, a support-area ``tag``, a ``phase``, a ``school`` (URN of the author's school),
    a ``space``; ranked by recency and "this helped us" marks (``sort=recent``: newest first)."""
    wanted = {
        "q": query["q"],
        "tag": query["tag"],
        "phase": query["phase"],
        "school_urn": query["school"],
        "space_id": query["space"],
        "sort": query["sort"],
        "page": query["page"],
        "per_page": query["per_page"],
    }
    return page_out(call(CommunityClient.search_posts, c.PostQuerySchema().dump(wanted)), post_out)


@blp.route("/posts/<post_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=PostHttpSchema, success=True)
def get_post(post_id):
    """One post, its text rendered safely in ``html`` (to those who may see it; a hidden post to
    its author and moderators). 403, 404."""
    return post_out(call(CommunityClient.get_post, post_id))


@blp.route("/posts/<post_id>/comments", methods=["POST"])
@login_required
@blp.arguments(c.CommentCreateSchema)
@blp.alt_response(201, schema=c.CommentSchema, success=True)
def add_comment(data, post_id):
    """Comment on a post (those who may see it; not a hidden one). 403, 404, 422."""
    return call(CommunityClient.add_comment, post_id, c.CommentCreateSchema().dump(data)), 201


@blp.route("/posts/<post_id>/comments", methods=["GET"])
@login_required
@blp.arguments(PageQuerySchema, location="query")
@blp.alt_response(200, schema=c.CommentPageSchema, success=True)
def list_comments(query, post_id):
    """A post's comments, oldest first. 403, 404."""
    return call(CommunityClient.list_comments, post_id, PageQuerySchema().dump(query))


@blp.route("/posts/<post_id>/marks", methods=["POST"])
@login_required
@blp.alt_response(200, schema=PostHttpSchema, success=True)
def mark_helpful(post_id):
    """ "This helped us": once per person (again changes nothing). 403, 404."""
    return post_out(call(CommunityClient.mark_helpful, post_id))


@blp.route("/posts/<post_id>/pin", methods=["POST"])
@login_required
@blp.alt_response(200, schema=PostHttpSchema, success=True)
def pin_post(post_id):
    """Pin a post first in its space (a group's chair or secretary, or the coordinator; again
    changes nothing). 403, 404, 409 for a hidden post."""
    return post_out(call(CommunityClient.pin_post, post_id))


@blp.route("/posts/<post_id>/pin", methods=["DELETE"])
@login_required
@blp.alt_response(200, schema=PostHttpSchema, success=True)
def unpin_post(post_id):
    """Unpin a post (as pinning; not pinned already changes nothing). 403, 404."""
    return post_out(call(CommunityClient.unpin_post, post_id))
