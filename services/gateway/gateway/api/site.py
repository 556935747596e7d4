"""The partnership's public website as JSON: its pages (home, about, constitution, FAQ: anyone
reads them, the coordinator edits them) and the member schools' showcases (anyone reads the
published entries and their photos; the school's headteacher or school administrator, or the
coordinator, publishes them). The community service decides who may do what
(community.permissions); a photo is served with the type found from its content and
``nosniff``."""

import base64

from flask import Response

from contracts import community_site as cs
from contracts.clients.community import CommunityClient
from gateway.api.blueprint import Blueprint
from gateway.auth import login_required
from gateway.rpc import call
from gateway.upload_limit import upload_route

blp = Blueprint("site", __name__, description="The public website: pages and school showcases")


class SitePageHttpSchema(cs.SitePageSchema):
    """A page of the public website; ``changes`` (who changed it, when) for the coordinator."""


@blp.route("/site/pages/<string(maxlength=40):slug>", methods=["GET"])
@blp.alt_response(200, schema=SitePageHttpSchema, success=True)
def get_site_page(slug):
    """A page of the public website, no sign-in needed: ``slug`` is one of home, about,
    constitution, faq (Markdown ``text`` and its safe ``html``). 404."""
    return call(CommunityClient.get_site_page, slug)


@blp.route("/site/pages/<string(maxlength=40):slug>", methods=["PUT"])
@login_required
@blp.arguments(cs.SitePageUpdateSchema)
@blp.alt_response(200, schema=SitePageHttpSchema, success=True)
def update_site_page(data, slug):
    """Change a page (the coordinator): ``title`` and Markdown ``text`` (raw HTML is shown as
    text, never run); who changed it and when is recorded. 403, 404, 422."""
    return call(CommunityClient.update_site_page, slug, cs.SitePageUpdateSchema().dump(data))


@blp.route("/schools/<int(max=999999999):urn>/showcase", methods=["GET"])
@blp.alt_response(200, schema=cs.ShowcasePageSchema, success=True)
def list_showcase(urn):
    """A member school's published showcase entries, newest first, no sign-in needed; each
    photo at ``/api/v1/showcase/{entry id}/photos/{photo id}``."""
    return call(CommunityClient.list_showcase, urn)


@blp.route("/schools/<int(max=999999999):urn>/showcase", methods=["POST"])
@upload_route
@login_required
@blp.arguments(cs.ShowcaseCreateSchema)
@blp.alt_response(201, schema=cs.ShowcaseSchema, success=True)
def publish_showcase(data, urn):
    """Publish a showcase entry (the school's headteacher or school administrator, or the
    coordinator): ``title``, Markdown ``text``, up to 6 ``photos`` (``filename``, base64
    ``content``): PNG, JPEG, GIF or WebP found from the content, within the size limit
    (``ATTACHMENT_MAX_BYTES``). A refused photo is a 422 naming ``photos.N.content``; nothing
    is stored. 403."""
    return call(CommunityClient.publish_showcase, urn, cs.ShowcaseCreateSchema().dump(data)), 201


@blp.route("/showcase/<string(maxlength=64):entry_id>", methods=["DELETE"])
@login_required
@blp.alt_response(200, schema=cs.ShowcaseSchema, success=True)
def withdraw_showcase(entry_id):
    """Withdraw an entry from the public website (kept, with who withdrew it). 403, 404."""
    return call(CommunityClient.withdraw_showcase, entry_id)


@blp.route("/showcase/<string(maxlength=64):entry_id>/photos/<string(maxlength=64):photo_id>")
@blp.response(200, description="The photo (its type found from the content)")
def showcase_photo(entry_id, photo_id):
    """A photo of a published showcase entry, no sign-in needed. 404 for any other."""
    return photo_response(call(CommunityClient.get_showcase_photo, entry_id, photo_id))


def photo_response(found: dict) -> Response:
    """A public photo: its type, shown inline, ``nosniff``, cached briefly."""
    response = Response(base64.b64decode(found["content"]), mimetype=found["content_type"])
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
