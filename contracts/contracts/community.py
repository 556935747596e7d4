"""Community service contracts: spaces where schools share practice, their posts, comments,
"this helped us" marks and attachments (RPC payloads and ``community.*`` events).

RPC methods of the ``community`` service (nameko ``RpcProxy("community")``), payload -> result:

- ``health()`` -> ``{"status", "mongodb"}``
- ``sync_spaces()`` -> SpaceSyncSchema: a space for every strategic group and cluster of the
  directory (the coordinator or a service; also run by the service's own timer)
- ``list_spaces()`` -> SpacePageSchema (the spaces the caller may see); ``get_space(id)``
- ``open_space(SpaceCreateSchema)`` -> SpaceSchema: the coordinator opens an association, a
  working party or a project (with an end date)
- ``publish_post(space_id, PostCreateSchema)`` -> PostSchema (``post_published``)
- ``get_post(id)`` -> PostSchema; ``search_posts(PostQuerySchema)`` -> PostPageSchema (the
  spaces the caller may see and partnership-wide posts; by words, tag, phase, school, space),
  ranked by recency and marks
- ``add_comment(post_id, CommentCreateSchema)`` -> CommentSchema (``comment_added``);
  ``list_comments(post_id, PageQuerySchema)`` -> CommentPageSchema
- ``mark_helpful(post_id)`` -> PostSchema (once per person; again changes nothing)
- ``hide_post(post_id, HideSchema)`` -> PostSchema (``post_hidden``): the space's chair or the
  coordinator
- ``get_attachment(post_id, attachment_id)`` -> AttachmentContentSchema (base64 content, the
  type found from the content): only to those who may see the post
- ``add_attachment(post_id, AttachmentUploadSchema)`` -> AttachmentSchema: one more file on a
  post, by its author (checked as a post's, refused naming ``content``; at most five a post)
- ``pin_post(post_id)`` / ``unpin_post(post_id)`` -> PostSchema: a group's chair or secretary,
  or the coordinator (pinned posts come first in their space's listing)
- ``publish_feedback(space_id, FeedbackCreateSchema)`` -> PostSchema (kind ``feedback``,
  ``feedback_published``): the half-termly feedback to heads, from a group's chair or secretary
  (or the coordinator); it stays in the group's space and every headteacher may see it
- ``report_post(post_id, ReportCreateSchema)`` / ``report_comment(comment_id, ...)`` ->
  ReportSchema: anyone who may see it; ``list_reports(ReportQuerySchema)`` -> ReportPageSchema
  (the coordinator: all; a group's chair: their space's); ``dismiss_report(id)`` -> ReportSchema
- ``hide_comment(comment_id, HideSchema)`` -> CommentSchema (``comment_hidden``): the space's
  chair or the coordinator; hiding a post or comment closes its open reports (nothing deleted)
- ``follow(FollowSchema)`` / ``unfollow(FollowSchema)`` -> FollowPageSchema (the caller's
  follows): a space the caller may see, or a support-area tag; ``list_follows()``
- ``list_post_followers(post_id)`` -> FollowersSchema: who follows the post's space or one of
  its tags and may see it, its author left out (services only: notifications)

The public website's pages and the schools' showcases: ``contracts.community_site``.

Every method takes ``caller=`` last (``contracts.caller``) and decides from it who may do what
(``community.permissions``). Uploads travel base64-encoded in ``attachments[].content``; a
refused upload is ``InvalidInput`` naming ``attachments.N.content`` and nothing is stored.
"""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts import privacy
from contracts.choices import Choice
from contracts.common import PageQuerySchema, StrictSchema, page_of
from contracts.directory import PHASES
from contracts.envelope import EnvelopeSchema

SERVICE = "community"

SYNCED_KINDS = ("group", "cluster")
OPENED_KINDS = ("association", "working_party", "project")
SPACE_KINDS = (*SYNCED_KINDS, *OPENED_KINDS)
SORTS = ("rank", "recent")

MAX_ATTACHMENTS = 5
# base64 of the largest upload the service accepts by default (10 MiB) with room to spare; the
# service's own limit (``ATTACHMENT_MAX_BYTES``) is the one that counts
MAX_ENCODED_CHARS = 16 * 1024 * 1024

POST_PUBLISHED = "post_published"
COMMENT_ADDED = "comment_added"
POST_HIDDEN = "post_hidden"
FEEDBACK_PUBLISHED = "feedback_published"
COMMENT_HIDDEN = "comment_hidden"

POST_KINDS = ("post", "feedback")
FOLLOW_KINDS = ("space", "tag")
REPORT_STATUSES = ("open", "hidden", "dismissed")

_id = validate.Length(min=1, max=64)


# Spaces
class SpaceSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(dump_default="")
    # the directory's group or cluster id (synced spaces)
    source_id = fields.String(allow_none=True)
    phase = fields.String(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    member_ids = fields.List(fields.String(), dump_default=list)
    active = fields.Boolean(dump_default=True)
    open_for_posts = fields.Boolean(dump_default=True)
    post_count = fields.Integer(dump_default=0)
    # what the caller may do here (``get_space`` says; every RPC checks again)
    may_post = fields.Boolean(dump_default=False)
    may_lead = fields.Boolean(dump_default=False)
    may_moderate = fields.Boolean(dump_default=False)


SpacePageSchema = page_of(SpaceSchema)


class SpaceCreateSchema(StrictSchema):
    kind = Choice(OPENED_KINDS, required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    # an association of a phase: staff of the schools of that phase see it
    phase = Choice(PHASES, load_default=None, allow_none=True)
    ends_on = fields.Date(load_default=None, allow_none=True)
    member_ids = fields.List(
        fields.String(validate=_id), load_default=list, validate=validate.Length(max=500)
    )

    @validates_schema
    def project_ends(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("kind") == "project" and data.get("ends_on") is None:
            raise ValidationError("A project has an end date.", "ends_on")


class SpaceSyncSchema(Schema):
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    archived = fields.Integer(required=True)


# Posts
class AttachmentUploadSchema(StrictSchema):
    filename = fields.String(required=True, validate=validate.Length(min=1, max=200))
    content = fields.String(required=True, validate=validate.Length(max=MAX_ENCODED_CHARS))


class AttachmentSchema(Schema):
    id = fields.String(required=True)
    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)


class AttachmentContentSchema(AttachmentSchema):
    """A download: ``content`` base64; serve it with ``content_type``, ``Content-Disposition:
    attachment; filename=...`` and ``X-Content-Type-Options: nosniff``."""

    content = fields.String(required=True)


class PostCreateSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    # Markdown; raw HTML is shown as text, never run
    text = fields.String(load_default="", validate=validate.Length(max=50_000))
    # support-area ids (the directory's taxonomy)
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        load_default=list,
        validate=validate.Length(max=10),
    )
    phases = fields.List(Choice(PHASES), load_default=list, validate=validate.Length(max=8))
    partnership_wide = fields.Boolean(load_default=False)
    attachments = fields.List(
        fields.Nested(AttachmentUploadSchema),
        load_default=list,
        validate=validate.Length(max=MAX_ATTACHMENTS),
    )


class PostSchema(Schema):
    id = fields.String(required=True)
    space_id = fields.String(required=True)
    space_name = fields.String(required=True)
    title = fields.String(required=True)
    text = fields.String(required=True)
    # the text rendered from Markdown and sanitised: safe to put in a page as it is
    html = fields.String(required=True)
    tags = fields.List(fields.String(), required=True)
    phases = fields.List(fields.String(), required=True)
    partnership_wide = fields.Boolean(required=True)
    author_id = fields.String(required=True)
    author_name = fields.String(dump_default="")
    school_urn = fields.Integer(allow_none=True)
    published_at = fields.DateTime(required=True)
    attachments = fields.List(fields.Nested(AttachmentSchema), required=True)
    helped_count = fields.Integer(required=True)
    helped_by_me = fields.Boolean(dump_default=False)
    comment_count = fields.Integer(required=True)
    hidden = fields.Boolean(dump_default=False)
    hidden_reason = fields.String(allow_none=True)
    kind = fields.String(dump_default="post")
    # "2026-27 autumn 1" for the half-termly feedback to heads
    half_term = fields.String(allow_none=True)
    pinned = fields.Boolean(dump_default=False)


PostPageSchema = page_of(PostSchema)


class FeedbackCreateSchema(StrictSchema):
    """The half-termly feedback to heads: ``half_term`` like ``2026-27 autumn 1``."""

    half_term = fields.String(required=True, validate=validate.Length(min=1, max=40))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    text = fields.String(load_default="", validate=validate.Length(max=50_000))
    attachments = fields.List(
        fields.Nested(AttachmentUploadSchema),
        load_default=list,
        validate=validate.Length(max=MAX_ATTACHMENTS),
    )


class PostQuerySchema(PageQuerySchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    tag = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    phase = Choice(PHASES, load_default=None, allow_none=True)
    school_urn = fields.Integer(load_default=None, allow_none=True)
    space_id = fields.String(load_default=None, allow_none=True, validate=_id)
    sort = Choice(SORTS, load_default="rank")


class CommentCreateSchema(StrictSchema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=10_000))


class CommentSchema(Schema):
    id = fields.String(required=True)
    post_id = fields.String(required=True)
    text = fields.String(required=True)
    html = fields.String(required=True)
    author_id = fields.String(required=True)
    author_name = fields.String(dump_default="")
    created_at = fields.DateTime(required=True)
    hidden = fields.Boolean(dump_default=False)
    hidden_reason = fields.String(allow_none=True)


CommentPageSchema = page_of(CommentSchema)


class HideSchema(StrictSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


# Reports (moderation)
class ReportCreateSchema(StrictSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class ReportSchema(Schema):
    id = fields.String(required=True)
    target_kind = fields.String(required=True)
    target_id = fields.String(required=True)
    post_id = fields.String(required=True)
    space_id = fields.String(required=True)
    reason = fields.String(required=True)
    reported_by = fields.String(required=True)
    reported_at = fields.DateTime(required=True)
    status = fields.String(required=True)
    resolved_by = fields.String(allow_none=True)
    resolved_at = fields.DateTime(allow_none=True)


ReportPageSchema = page_of(ReportSchema)


class ReportQuerySchema(PageQuerySchema):
    status = Choice(REPORT_STATUSES, load_default="open", allow_none=True)
    space_id = fields.String(load_default=None, allow_none=True, validate=_id)


# Following
class FollowSchema(StrictSchema):
    """Exactly one of ``space_id`` and ``tag`` (a support area, by id or name)."""

    space_id = fields.String(load_default=None, allow_none=True, validate=_id)
    tag = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))

    @validates_schema
    def one_target(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("space_id") is None) == (data.get("tag") is None):
            raise ValidationError("Give a space_id or a tag (one of them).", "space_id")


class FollowItemSchema(Schema):
    kind = fields.String(required=True)
    target = fields.String(required=True)
    # the space's name or the support area's
    name = fields.String(dump_default="")


FollowPageSchema = page_of(FollowItemSchema)


class FollowersSchema(Schema):
    items = fields.List(fields.String(), required=True)
    total = fields.Integer(required=True)


# Events (community.events)
class PostPublishedSchema(EnvelopeSchema):
    post_id = fields.String(required=True)
    space_id = fields.String(required=True)
    space_name = fields.String(required=True)
    title = fields.String(required=True)
    author_id = fields.String(required=True)
    school_urn = fields.Integer(allow_none=True)
    tags = fields.List(fields.String(), required=True)
    phases = fields.List(fields.String(), required=True)
    partnership_wide = fields.Boolean(required=True)
    author_name = fields.String(load_default="")
    # the first words of the text (plain): the rest is read where the post is
    excerpt = fields.String(load_default="")


class FeedbackPublishedSchema(EnvelopeSchema):
    """The half-termly feedback of a strategic group to every headteacher."""

    post_id = fields.String(required=True)
    space_id = fields.String(required=True)
    space_name = fields.String(required=True)
    group_id = fields.String(allow_none=True)
    title = fields.String(required=True)
    half_term = fields.String(required=True)
    author_id = fields.String(required=True)
    author_name = fields.String(load_default="")
    excerpt = fields.String(load_default="")


class CommentAddedSchema(EnvelopeSchema):
    comment_id = fields.String(required=True)
    post_id = fields.String(required=True)
    space_id = fields.String(required=True)
    title = fields.String(required=True)
    author_id = fields.String(required=True)
    post_author_id = fields.String(required=True)


class PostHiddenSchema(EnvelopeSchema):
    """The author is told why (``reason``); ``hidden_by`` keeps who did it."""

    post_id = fields.String(required=True)
    space_id = fields.String(required=True)
    title = fields.String(required=True)
    author_id = fields.String(required=True)
    hidden_by = fields.String(required=True)
    reason = fields.String(required=True)


class CommentHiddenSchema(PostHiddenSchema):
    """A comment hidden: its author (``author_id``) is told why; ``title`` is its post's."""

    comment_id = fields.String(required=True)


EVENTS = {
    POST_PUBLISHED: PostPublishedSchema,
    FEEDBACK_PUBLISHED: FeedbackPublishedSchema,
    COMMENT_ADDED: CommentAddedSchema,
    POST_HIDDEN: PostHiddenSchema,
    COMMENT_HIDDEN: CommentHiddenSchema,
}
EVENTS.update(privacy.EVENTS_OF_ERASING_SERVICE)  # person_erasure_done (contracts.privacy)
