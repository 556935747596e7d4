"""The caller's inbox and notification preferences (/me/notifications...), the delivery
records the coordinator watches (/notifications/deliveries) and the coordinator's messages to
the holders of a role (/notifications/messages).

The notifications service decides who may do what (``notifications.permissions``, from the caller
every call carries): an inbox is its person's alone, deliveries are the coordinator's. The role
check here only answers early."""

from contracts import notifications as n
from contracts.clients.notifications import NotificationsClient
from gateway.api.blueprint import Blueprint
from gateway.auth import caller, login_required, require_role
from gateway.inbox_feed import inbox_page
from gateway.rpc import call

blp = Blueprint("notifications", __name__, description="Inbox, preferences and email delivery")

WATCHES_DELIVERIES = ("coordinator",)  # (an early answer: the service decides again)
SENDS_ROLE_MESSAGES = ("coordinator",)  # (likewise: notifications.permissions decides)


@blp.route("/me/notifications", methods=["GET"])
@login_required
@blp.arguments(n.InboxQuerySchema, location="query")
@blp.alt_response(200, schema=n.NotificationPageSchema, success=True)
def my_notifications(query):
    """The caller's notifications, newest first; ``unread=true`` for unread only. With ``after``
    and ``wait``, answers as soon as an entry newer than ``after`` arrives (long polling)."""
    person_id = caller().id

    def read(asked: dict) -> dict:
        return call(NotificationsClient.list_inbox, person_id, n.InboxQuerySchema().dump(asked))

    return inbox_page(person_id, query, read)


@blp.route("/me/notifications/unread-count", methods=["GET"])
@login_required
@blp.alt_response(200, schema=n.UnreadCountSchema, success=True)
def my_unread_count():
    """How many of the caller's notifications are unread."""
    return call(NotificationsClient.unread_count, caller().id)


@blp.route("/me/notifications/<notification_id>/read", methods=["POST"])
@login_required
@blp.alt_response(200, schema=n.NotificationSchema, success=True)
@blp.alt_response(404, description="No such notification in the caller's inbox")
def mark_read(notification_id):
    """Mark one of the caller's notifications read."""
    return call(NotificationsClient.mark_read, caller().id, notification_id)


@blp.route("/me/notifications/read-all", methods=["POST"])
@login_required
@blp.alt_response(200, schema=n.MarkedSchema, success=True)
def mark_all_read():
    """Mark every notification of the caller read; answers how many were unread."""
    return call(NotificationsClient.mark_all_read, caller().id)


@blp.route("/me/notifications/preferences", methods=["GET"])
@login_required
@blp.alt_response(200, schema=n.PreferencesSchema, success=True)
def my_preferences():
    """The caller's choices per category (inbox on/off; email immediate, daily, weekly, off)."""
    return call(NotificationsClient.get_preferences, caller().id)


@blp.route("/me/notifications/preferences", methods=["PUT"])
@login_required
@blp.arguments(n.PreferencesSchema)
@blp.alt_response(200, schema=n.PreferencesSchema, success=True)
def set_my_preferences(data):
    """Change the given categories (others keep their setting). Transactional messages are
    always delivered at once whatever is chosen."""
    return call(NotificationsClient.set_preferences, caller().id, n.PreferencesSchema().dump(data))


@blp.route("/notifications/deliveries", methods=["GET"])
@login_required
@blp.arguments(n.DeliveryQuerySchema, location="query")
@blp.alt_response(200, schema=n.DeliveryPageSchema, success=True)
def deliveries(query):
    """Email delivery records, newest first; ``status=failed`` for permanent failures
    (coordinator)."""
    require_role(*WATCHES_DELIVERIES)
    return call(NotificationsClient.list_deliveries, n.DeliveryQuerySchema().dump(query))


@blp.route("/notifications/deliveries/<delivery_id>/retry", methods=["POST"])
@login_required
@blp.alt_response(200, schema=n.DeliverySchema, success=True)
@blp.alt_response(409, description="The delivery has not failed")
def retry_delivery(delivery_id):
    """Send a failed email again (coordinator)."""
    require_role(*WATCHES_DELIVERIES)
    return call(NotificationsClient.retry_delivery, delivery_id)


@blp.route("/notifications/messages", methods=["POST"])
@login_required
@blp.arguments(n.RoleMessageSchema)
@blp.alt_response(201, schema=n.RoleMessageSentSchema, success=True)
@blp.alt_response(422, description="Bad input, or an unknown cluster, school or group (named)")
def send_role_message(data):
    """Send ``subject`` and ``body`` to everyone holding ``role`` now (coordinator): a school
    role (``headteacher``, ``senco``, ...) or a strategic group's ``chair``, ``secretary`` or
    ``member``; narrowed by ``cluster`` (id or name, any case), ``school_urn`` and ``group_id``
    (a group role without ``group_id``: every group). Each person once, by inbox and email as
    their ``group_news`` preference says; a vacant role reaches nobody (no fallback). Answers
    how many it was sent to (``sent_to``)."""
    require_role(*SENDS_ROLE_MESSAGES)
    return call(NotificationsClient.send_role_message, n.RoleMessageSchema().dump(data)), 201
