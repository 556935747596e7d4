"""Moderation: anyone who may see a post or comment reports it; the space's chair or the
coordinator lists the reports, hides what was reported (the author is told why; the reports are
closed) or dismisses a report. Nothing is deleted: who did what is kept."""

from contracts import community as c
from contracts.clients.community import CommunityClient
from gateway.api.blueprint import Blueprint
from gateway.api.community_shapes import PostHttpSchema, post_out
from gateway.auth import login_required
from gateway.rpc import call

blp = Blueprint("community_moderation_api", __name__, description="Sharing practice: moderation")


@blp.route("/posts/<post_id>/hide", methods=["POST"])
@login_required
@blp.arguments(c.HideSchema)
@blp.alt_response(200, schema=PostHttpSchema, success=True)
def hide_post(data, post_id):
    """Hide a post with a ``reason`` its author is told (the space's chair or the coordinator);
    it is kept, with who hid it, and its open reports are closed. 403, 404, 409 when hidden
    already."""
    return post_out(call(CommunityClient.hide_post, post_id, c.HideSchema().dump(data)))


@blp.route("/comments/<comment_id>/hide", methods=["POST"])
@login_required
@blp.arguments(c.HideSchema)
@blp.alt_response(200, schema=c.CommentSchema, success=True)
def hide_comment(data, comment_id):
    """Hide a comment with a ``reason`` its author is told (the space's chair or the
    coordinator); kept, with who hid it. 403, 404, 409 when hidden already."""
    return call(CommunityClient.hide_comment, comment_id, c.HideSchema().dump(data))


@blp.route("/posts/<post_id>/reports", methods=["POST"])
@login_required
@blp.arguments(c.ReportCreateSchema)
@blp.alt_response(201, schema=c.ReportSchema, success=True)
def report_post(data, post_id):
    """Report a post to its space's moderators with a ``reason`` (anyone who may see it).
    403, 404, 422."""
    return call(CommunityClient.report_post, post_id, c.ReportCreateSchema().dump(data)), 201


@blp.route("/comments/<comment_id>/reports", methods=["POST"])
@login_required
@blp.arguments(c.ReportCreateSchema)
@blp.alt_response(201, schema=c.ReportSchema, success=True)
def report_comment(data, comment_id):
    """Report a comment with a ``reason`` (anyone who may see its post). 403, 404, 422."""
    return call(CommunityClient.report_comment, comment_id, c.ReportCreateSchema().dump(data)), 201


@blp.route("/reports", methods=["GET"])
@login_required
@blp.arguments(c.ReportQuerySchema, location="query")
@blp.alt_response(200, schema=c.ReportPageSchema, success=True)
def list_reports(query):
    """Reports, newest first: the coordinator's are every space's, a group chair's their
    group's; ``status`` (open by default: open, hidden, dismissed) and ``space_id`` narrow
    them. 403 to those who moderate no space (or not ``space_id``), 404, 422."""
    return call(CommunityClient.list_reports, c.ReportQuerySchema().dump(query))


@blp.route("/reports/<report_id>/dismiss", methods=["POST"])
@login_required
@blp.alt_response(200, schema=c.ReportSchema, success=True)
def dismiss_report(report_id):
    """Close an open report without hiding anything (the space's chair or the coordinator); it
    is kept, with who closed it. 403, 404, 409 when closed already."""
    return call(CommunityClient.dismiss_report, report_id)
