"""Notifications service contracts: the inbox, preferences and delivery records (RPC payloads),
the directed commands other services send it (``send_password_reset``), and the one event this
service publishes, ``notification_created`` on ``notifications.events``.

Every RPC takes ``caller=`` last (``contracts.caller``): the inbox and preferences RPCs act for the
caller only (their ``person_id`` must be the caller's id), delivery records and
``send_role_message(RoleMessageSchema)`` -> RoleMessageSentSchema are the coordinator's,
``send_password_reset`` is the directory's alone (``Caller.service("directory")``),
``health`` is public. Each RPC's payload and answer schemas are declared once in
``contracts.clients.notifications``."""

from marshmallow import EXCLUDE, Schema, fields, validate

from contracts import privacy
from contracts.caller import ROLES
from contracts.choices import Choice
from contracts.common import PageQuerySchema, StrictSchema, page_of
from contracts.directory import GROUP_ROLES
from contracts.envelope import EnvelopeSchema

SERVICE = "notifications"

# the categories the web preferences form lists (``gateway.web``)
CATEGORIES = ("bookings", "waitlist", "approvals", "reminders", "directory", "group_news")
# sharing practice: followed spaces and tags, the half-termly feedback to heads, moderation
COMMUNITY_CATEGORY = "community"
# every category a person may set (the API's preferences)
ALL_CATEGORIES = (*CATEGORIES, COMMUNITY_CATEGORY)
EMAIL_MODES = ("immediate", "daily", "weekly", "off")
# who a coordinator's message may address: a school role, or a strategic group's office or members
MESSAGE_ROLES = (*ROLES, *GROUP_ROLES)
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "queued", "digested", "assembling")


class NotificationSchema(Schema):
    id = fields.String(required=True)
    person_id = fields.String(required=True)
    kind = fields.String(required=True)
    category = fields.String(load_default="")
    title = fields.String(required=True)
    body = fields.String(load_default="")
    ref = fields.String(load_default=None, allow_none=True)
    created_at = fields.DateTime(required=True)
    read = fields.Boolean(required=True)


class InboxQuerySchema(PageQuerySchema):
    """``unread``: only unread (true) or read (false) entries; ``after``: only entries created
    after this time; ``wait``: when nothing matches, wait up to this many seconds for an entry to
    arrive (long polling, instead of asking again and again)."""

    unread = fields.Boolean(load_default=None)
    after = fields.AwareDateTime(load_default=None, default_timezone=None)
    wait = fields.Float(load_default=0, validate=validate.Range(min=0, max=2.5))


NotificationPageSchema = page_of(NotificationSchema)


class UnreadCountSchema(Schema):
    unread = fields.Integer(required=True)


class MarkedSchema(Schema):
    marked = fields.Integer(required=True)


class PreferenceChoiceSchema(StrictSchema):
    inbox = fields.Boolean(truthy={True}, falsy={False})
    email = Choice(EMAIL_MODES)


class PreferencesSchema(StrictSchema):
    """``{"categories": {"group_news": {"inbox": true, "email": "weekly"}, ...}}``; on update only
    the categories and keys given change."""

    categories = fields.Dict(
        keys=Choice(ALL_CATEGORIES),
        values=fields.Nested(PreferenceChoiceSchema),
        required=True,
    )


class DeliveryAttemptSchema(Schema):
    at = fields.DateTime(required=True)
    outcome = fields.String(required=True)
    error = fields.String(allow_none=True)


class DeliverySchema(Schema):
    """``person_name``, ``school_urn`` and ``school_name``: who the email is for, as the directory
    names them now (None when it does not know them or does not answer)."""

    id = fields.String(required=True)
    person_id = fields.String(required=True)
    person_name = fields.String(allow_none=True)
    school_urn = fields.Integer(allow_none=True)
    school_name = fields.String(allow_none=True)
    kind = fields.String(required=True)
    subject = fields.String(required=True)
    status = fields.String(required=True)
    mode = fields.String(required=True)
    to_email = fields.String(allow_none=True)
    attempts = fields.Integer(required=True)
    last_error = fields.String(allow_none=True)
    history = fields.List(fields.Nested(DeliveryAttemptSchema), load_default=list)
    send_at = fields.DateTime(allow_none=True)
    sent_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime(required=True)


class DeliveryQuerySchema(PageQuerySchema):
    """The coordinator's filter of delivery records."""

    status = Choice(DELIVERY_STATUSES, load_default=None)
    person_id = fields.String(load_default=None, validate=validate.Length(max=64))


DeliveryPageSchema = page_of(DeliverySchema)


class RoleMessageSchema(StrictSchema):
    """``send_role_message`` (the coordinator): ``subject`` and ``body`` to everyone holding
    ``role`` now (a school role, or ``chair``/``secretary``/``member`` of a strategic group),
    narrowed by ``cluster`` (its id or name, any case), ``school_urn`` and ``group_id`` (a group
    role without one: every group). Each person once, by inbox and email as their
    ``group_news`` preference says (no fallback to a deputy: a vacant role reaches nobody)."""

    subject = fields.String(required=True, validate=validate.Length(min=1, max=200))
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    role = Choice(MESSAGE_ROLES, required=True)
    cluster = fields.String(load_default=None, validate=validate.Length(min=1, max=60))
    school_urn = fields.Integer(
        load_default=None, strict=True, validate=validate.Range(min=1, max=999_999_999)
    )
    group_id = fields.String(load_default=None, validate=validate.Length(min=1, max=64))


class RoleMessageSentSchema(Schema):
    """The message's id and how many people it was sent to."""

    id = fields.String(required=True)
    sent_to = fields.Integer(required=True)


class PasswordResetCommandSchema(StrictSchema):
    """``send_password_reset``: email ``code`` to the person now (only the directory sends it).

    The code travels in this directed command, never on a broadcast event. The command is
    idempotent on the code: sent again (a retry after a lost reply), it emails nothing more. The
    code is kept only until its email is sent; the inbox entry never shows it."""

    person_id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    email = fields.Email(required=True, validate=validate.Length(max=320))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    code = fields.String(required=True, validate=validate.Length(min=8, max=200))
    expires_at = fields.AwareDateTime(required=True)


class PasswordResetAcceptedSchema(Schema):
    """The answer to ``send_password_reset``: the delivery that emails the code (sent in the
    background, at once), and whether this command had been received before (nothing new sent)."""

    delivery_id = fields.String(required=True)
    duplicate = fields.Boolean(required=True)


NOTIFICATION_CREATED = "notification_created"


class NotificationCreatedSchema(EnvelopeSchema):
    """A new inbox entry, as ``list_inbox`` shows it (``notification``), published right after it
    is stored so that readers waiting on an inbox (the gateway's long polls) can be answered at
    once. A live feed, not a fact to rely on: it is published once, unconfirmed and without an
    outbox, so a reader that must not miss an entry reads the inbox itself when its wait ends."""

    notification = fields.Nested(NotificationSchema(unknown=EXCLUDE), required=True)


EVENTS: dict = {NOTIFICATION_CREATED: NotificationCreatedSchema}
EVENTS.update(privacy.EVENTS_OF_ERASING_SERVICE)  # person_erasure_done (contracts.privacy)
