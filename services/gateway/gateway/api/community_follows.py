"""Following: a person follows a space they may see, or a support-area tag, and hears of new
posts there by their notification preference for ``community`` (immediately, daily digest,
weekly bulletin)."""

from contracts import community as c
from contracts.clients.community import CommunityClient
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("community_follows_api", __name__, description="Sharing practice: following")


@blp.route("/follows", methods=["POST"])
@login_required
@blp.arguments(c.FollowSchema)
@blp.alt_response(201, schema=c.FollowPageSchema, success=True)
def follow(data):
    """Follow a space (``space_id``, one the caller may see) or a support-area ``tag`` (by id
    or name): exactly one of them. Following again changes nothing. Answers the caller's
    follows. 403, 404, 422."""
    return call(CommunityClient.follow, c.FollowSchema().dump(data)), 201


@blp.route("/follows", methods=["DELETE"])
@login_required
@blp.arguments(c.FollowSchema, location="query")
@blp.alt_response(200, schema=c.FollowPageSchema, success=True)
def unfollow(query):
    """Stop following ``?space_id=`` or ``?tag=`` (one of them; not following changes nothing).
    Answers the caller's follows. 422."""
    return call(CommunityClient.unfollow, c.FollowSchema().dump(query))


@blp.route("/me/follows", methods=["GET"])
@login_required
@blp.alt_response(200, schema=c.FollowPageSchema, success=True)
def my_follows():
    """What the caller follows: spaces and tags, each with its ``name``."""
    return call(CommunityClient.list_follows)
