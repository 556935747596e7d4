"""Spaces and what is posted to them: list, open and read spaces, a space's posts, posting (with
files) and the half-termly feedback to heads. The community decides who may
(``community.permissions``)."""

from contracts import community as c
from contracts.choices import Choice
from contracts.clients.community import CommunityClient
from contracts.common import PageQuerySchema
from gateway.api.blueprint import Blueprint
from gateway.api.community_shapes import (
    PostHttpPageSchema,
    PostHttpSchema,
    SpaceHttpPageSchema,
    SpaceHttpSchema,
    page_out,
    post_out,
    space_out,
)
from gateway.api.community_uploads import (
    MULTIPART_FEEDBACK,
    MULTIPART_POST,
    FeedbackCreateHttpSchema,
    PostCreateHttpSchema,
    feedback_posted,
    posted,
)
from gateway.auth import login_required
from gateway.rpc import call, call_all
from gateway.upload_limit import upload_route

blp = Blueprint("community", __name__, description="Sharing practice: spaces and posting")


class SpacePostsQuerySchema(PageQuerySchema):
    sort = Choice(c.SORTS, load_default="recent")


def _upload_body(json_schema, multipart_schema) -> dict:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": json_schema},
                "multipart/form-data": {"schema": multipart_schema},
            },
        }
    }


@blp.route("/spaces", methods=["GET"])
@login_required
@blp.alt_response(200, schema=SpaceHttpPageSchema, success=True)
def list_spaces():
    """The spaces the caller may see: a group's to its members and the partnership roles, a
    cluster's to the staff of its schools, an opened one to its listed members (and the staff
    of its phase's schools)."""
    return page_out(call(CommunityClient.list_spaces), space_out)


@blp.route("/spaces", methods=["POST"])
@login_required
@blp.arguments(c.SpaceCreateSchema)
@blp.alt_response(201, schema=SpaceHttpSchema, success=True)
def open_space(data):
    """Open a space (the coordinator): an association (of a ``phase``), a working party or a
    project (with ``ends_on``: it takes no posts after). 403, 422."""
    return space_out(call(CommunityClient.open_space, c.SpaceCreateSchema().dump(data))), 201


@blp.route("/spaces/<space_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=SpaceHttpSchema, success=True)
def get_space(space_id):
    """One space (to those who may see it). 403, 404."""
    return space_out(call(CommunityClient.get_space, space_id))


@blp.route("/spaces/<space_id>/posts", methods=["GET"])
@login_required
@blp.arguments(SpacePostsQuerySchema, location="query")
@blp.alt_response(200, schema=PostHttpPageSchema, success=True)
def list_space_posts(query, space_id):
    """The space's posts, newest first (``sort=rank``: by recency and marks); hidden ones left
    out. 403 to those who may not see the space, 404 when there is none."""
    wanted = {**query, "space_id": space_id}
    _, page = call_all(
        (CommunityClient.get_space, space_id),
        (CommunityClient.search_posts, c.PostQuerySchema().dump(wanted)),
    )
    return page_out(page, post_out)


@blp.route("/spaces/<space_id>/posts", methods=["POST"])
@upload_route
@login_required
@blp.doc(**_upload_body(PostCreateHttpSchema, MULTIPART_POST))
@blp.alt_response(201, schema=PostHttpSchema, success=True)
def publish_post(space_id):
    """Post to a space (its members): ``title``, Markdown ``body`` (or ``text``; raw HTML shows
    as text), support-area ``tags``, ``phases``, ``partnership_wide`` and up to five
    attachments: JSON with ``attachments: [{"filename", "content": base64}]``, or
    multipart/form-data with the files in ``file``. Documents and images only, found from the
    content: disguised or empty is 422 naming ``attachments.N.content`` and nothing is stored.
    A file past the attachment limit (10 MB) is 413 naming ``file``; the body may be up to the
    attachment limit and 256 KB (other routes: 1 MB). 403, 404, 415."""
    return post_out(call(CommunityClient.publish_post, space_id, posted())), 201


@blp.route("/spaces/<space_id>/feedback", methods=["POST"])
@upload_route
@login_required
@blp.doc(**_upload_body(FeedbackCreateHttpSchema, MULTIPART_FEEDBACK))
@blp.alt_response(201, schema=PostHttpSchema, success=True)
def publish_feedback(space_id):
    """Publish the half-termly feedback to heads (a strategic group's chair or secretary, or the
    coordinator, in the group's space): ``half_term`` like ``2026-27 autumn 1``, ``title``,
    Markdown ``body`` (or ``text``) and files as for a post. It stays in the space (kind
    ``feedback``) and every headteacher receives it. 409 naming ``half_term`` when that half
    term's is published already; 403, 404, 413, 415, 422."""
    return post_out(call(CommunityClient.publish_feedback, space_id, feedback_posted())), 201
