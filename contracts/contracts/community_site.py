"""Community service contracts for the partnership's public website: the site pages the
coordinator edits and the showcases member schools publish.

RPC methods of the ``community`` service (besides ``contracts.community``'s):

- ``get_site_page(slug)`` -> SitePageSchema: public (no caller needed); ``slug`` is one of
  ``SITE_SLUGS``; a page never edited has the service's default text
- ``update_site_page(slug, SitePageUpdateSchema)`` -> SitePageSchema: the coordinator; each
  change is recorded (who, when) in ``changes`` (shown to the coordinator only)
- ``publish_showcase(urn, ShowcaseCreateSchema)`` -> ShowcaseSchema: the school's headteacher or
  school administrator, or the coordinator; photos are images only (PNG, JPEG, GIF, WebP, the
  type found from the content) within the size limit; a refused photo is ``InvalidInput``
  naming ``photos.N.content`` and nothing is stored
- ``withdraw_showcase(entry_id)`` -> ShowcaseSchema (``published`` false, kept): the same people
- ``list_showcase(urn)`` -> ShowcasePageSchema: public, the school's published entries (newest
  first); ``list_school_showcase(urn)`` -> ShowcasePageSchema: every entry, for its editors
- ``get_showcase_photo(entry_id, photo_id)`` -> ShowcasePhotoSchema: public, only photos of
  published entries
"""

from marshmallow import Schema, fields, validate

from contracts.common import StrictSchema, page_of
from contracts.community import AttachmentContentSchema, AttachmentSchema, AttachmentUploadSchema

SITE_SLUGS = ("home", "about", "constitution", "faq")
MAX_PHOTOS = 6


class SitePageUpdateSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    # Markdown; raw HTML is shown as text, never run
    text = fields.String(required=True, validate=validate.Length(min=1, max=50_000))


class SiteChangeSchema(Schema):
    by_id = fields.String(required=True)
    by_name = fields.String(dump_default="")
    at = fields.DateTime(required=True)


class SitePageSchema(Schema):
    slug = fields.String(required=True, metadata={"enum": list(SITE_SLUGS)})
    title = fields.String(required=True)
    text = fields.String(required=True)
    # the Markdown rendered safely (no raw HTML, no script)
    html = fields.String(required=True)
    updated_at = fields.DateTime(allow_none=True)
    # who changed it and when, newest first: the coordinator only (empty for everyone else)
    changes = fields.List(fields.Nested(SiteChangeSchema), dump_default=list)


class PhotoUploadSchema(AttachmentUploadSchema):
    # what the photo shows, for those who cannot see it (its ``alt`` text)
    description = fields.String(load_default="", validate=validate.Length(max=300))


class PhotoSchema(AttachmentSchema):
    description = fields.String(dump_default="")


class ShowcaseCreateSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    # Markdown; raw HTML is shown as text, never run
    text = fields.String(load_default="", validate=validate.Length(max=20_000))
    photos = fields.List(
        fields.Nested(PhotoUploadSchema),
        load_default=list,
        validate=validate.Length(max=MAX_PHOTOS),
    )


class ShowcaseSchema(Schema):
    id = fields.String(required=True)
    school_urn = fields.Integer(required=True)
    title = fields.String(required=True)
    text = fields.String(required=True)
    html = fields.String(required=True)
    published = fields.Boolean(required=True)
    published_at = fields.DateTime(allow_none=True)
    photos = fields.List(fields.Nested(PhotoSchema), dump_default=list)


ShowcasePageSchema = page_of(ShowcaseSchema)


class ShowcasePhotoSchema(AttachmentContentSchema):
    """A photo (base64 ``content``) and the school whose entry shows it."""

    school_urn = fields.Integer(required=True)
