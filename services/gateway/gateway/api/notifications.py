"""GET /me/notifications: the caller's inbox."""

from flask_smorest import Blueprint

from contracts import notifications as n
from gateway.auth import caller, login_required
from gateway.rpc import call

blp = Blueprint("notifications", __name__, description="The caller's inbox")


@blp.route("/me/notifications", methods=["GET"])
@login_required
@blp.arguments(n.InboxQuerySchema, location="query")
@blp.alt_response(200, schema=n.NotificationPageSchema, success=True)
def my_notifications(query):
    """The caller's notifications, newest first; ``unread=true`` for unread only."""
    return call(n.SERVICE, "list_inbox", caller().id, n.InboxQuerySchema().dump(query))
