"""A post's files: adding one to a post (its author; multipart ``file``, or JSON base64) and
downloading one (to those who may see the post) as the type found from its content, with
``Content-Disposition: attachment`` and ``X-Content-Type-Options: nosniff``."""

import base64
from urllib.parse import quote

from flask import Response, request

from contracts import community as c
from contracts.clients.community import CommunityClient
from contracts.errors import InvalidInput, NotFound, ServiceError
from gateway.api.blueprint import Blueprint
from gateway.api.community_shapes import AttachmentHttpSchema, attachment_out, split_attachment_id
from gateway.api.community_uploads import FORM_TYPES, MULTIPART_FILE, file_posted
from gateway.auth import login_required
from gateway.rpc import call
from gateway.upload_limit import upload_route

blp = Blueprint("community_files_api", __name__, description="Sharing practice: files")


def download(found: dict) -> Response:
    name = found.get("filename") or "attachment"
    plain = name.encode("ascii", "ignore").decode("ascii").replace('"', "").strip() or "attachment"
    disposition = f'attachment; filename="{plain}"'
    if plain != name:
        disposition += f"; filename*=UTF-8''{quote(name, safe='')}"
    response = Response(
        base64.b64decode(found["content"]),
        mimetype=found.get("content_type") or "application/octet-stream",
    )
    response.headers["Content-Disposition"] = disposition
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _file_id(post: dict, n: str) -> str:
    """The n-th attachment (0-based) of ``post``, or the one whose id is ``n``."""
    attachments = post.get("attachments") or []
    if n.isdigit() and len(n) < 4:
        index = int(n)
        if index < len(attachments):
            return attachments[index]["id"]
    else:
        wanted = n.rpartition("-")[2]
        if any(each["id"] == wanted for each in attachments):
            return wanted
    raise NotFound("No such attachment.", {"attachment_id": ["Unknown attachment."]})


@blp.route("/posts/<post_id>/attachments", methods=["POST"])
@upload_route
@login_required
@blp.doc(
    requestBody={
        "required": True,
        "content": {
            "multipart/form-data": {"schema": MULTIPART_FILE},
            "application/json": {"schema": c.AttachmentUploadSchema},
        },
    }
)
@blp.alt_response(201, schema=AttachmentHttpSchema, success=True)
def add_attachment(post_id):
    """Add a file to a post (its author): multipart/form-data with the file in ``file``, or JSON
    ``{"filename", "content": base64}``. Documents and images only, found from the content: a
    type not accepted, content that is not what its name says, or an empty file is 422 naming
    ``file`` (``content`` in JSON); past the attachment limit (10 MB) 413 naming ``file``;
    nothing is stored on a refusal. 403 (not the author), 404, 409 (five files already), 415."""
    sent = file_posted()
    try:
        added = call(CommunityClient.add_attachment, post_id, sent)
    except InvalidInput as refused:
        if request.mimetype not in FORM_TYPES:
            raise
        named = {("file" if k == "content" else k): v for k, v in refused.fields.items()}
        raise InvalidInput(refused.message, named) from None
    return attachment_out(post_id, added), 201


@blp.route("/posts/<post_id>/attachments/<n>", methods=["GET"])
@login_required
@blp.alt_response(200, description="The file, as the type found from its content", success=True)
def post_attachment(post_id, n):
    """A post's attachment ``n`` (0 for the first, or the attachment's id) to those who may see
    the post: its type, ``Content-Disposition: attachment``, ``nosniff``. 403, 404."""
    post = call(CommunityClient.get_post, post_id)
    return download(call(CommunityClient.get_attachment, post_id, _file_id(post, n)))


@blp.route("/attachments/<attachment_id>", methods=["GET"])
@login_required
@blp.alt_response(200, description="The file, as the type found from its content", success=True)
def get_attachment(attachment_id):
    """An attachment by its id (a post's ``attachments[].id``) to those who may see its post,
    as ``/posts/{id}/attachments/{n}``. 403, 404."""
    post_id, file_id = split_attachment_id(attachment_id)
    try:
        return download(call(CommunityClient.get_attachment, post_id, file_id))
    except ServiceError as refused:
        if refused.status == 404:
            raise NotFound(
                "No such attachment.", {"attachment_id": ["Unknown attachment."]}
            ) from None
        raise
