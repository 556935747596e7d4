"""Notifications service contracts: the inbox (RPC payloads and ``notifications.*`` events)."""

from marshmallow import Schema, fields

from contracts.common import PageQuerySchema, page_of

SERVICE = "notifications"


class NotificationSchema(Schema):
    id = fields.String(required=True)
    person_id = fields.String(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    body = fields.String(load_default="")
    created_at = fields.DateTime(required=True)
    read = fields.Boolean(required=True)


class InboxQuerySchema(PageQuerySchema):
    unread = fields.Boolean(load_default=None)


NotificationPageSchema = page_of(NotificationSchema)

EVENTS: dict = {}
