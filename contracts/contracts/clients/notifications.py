"""``NotificationsClient``: every RPC of the notifications service
(``notifications.service.NotificationsService``, with ``health`` from ``runtime.health.HealthRpc``),
with the schema each loads its payload with and the schema it answers in."""

from contracts import notifications as c
from contracts import privacy
from contracts.clients.base import Rpc, ServiceClient
from contracts.common import HealthSchema


class NotificationsClient(ServiceClient):
    service = c.SERVICE

    health = Rpc(returns=HealthSchema)

    # the inbox and preferences (the caller's own)
    list_inbox = Rpc(takes=c.InboxQuerySchema, returns=c.NotificationPageSchema)
    unread_count = Rpc(returns=c.UnreadCountSchema)
    mark_read = Rpc(returns=c.NotificationSchema)
    mark_all_read = Rpc(returns=c.MarkedSchema)
    get_preferences = Rpc(returns=c.PreferencesSchema)
    set_preferences = Rpc(takes=c.PreferencesSchema, returns=c.PreferencesSchema)

    # delivery records and role messages (the coordinator's)
    list_deliveries = Rpc(takes=c.DeliveryQuerySchema, returns=c.DeliveryPageSchema)
    retry_delivery = Rpc(returns=c.DeliverySchema)
    send_role_message = Rpc(takes=c.RoleMessageSchema, returns=c.RoleMessageSentSchema)

    # the directory's directed command
    send_password_reset = Rpc(
        takes=c.PasswordResetCommandSchema, returns=c.PasswordResetAcceptedSchema
    )

    # people's data (contracts.privacy)
    export_person = Rpc(returns=privacy.PersonExportSchema)
    sweep_retention = Rpc(takes=privacy.RetentionQuerySchema, returns=privacy.RetentionReportSchema)
