"""Sharing practice (the community service): spaces, posts with attachments, comments, "this
helped us" marks, moderation and search. The community decides who sees and does what
(community.permissions); the gateway shapes HTTP: uploads (JSON with base64 or
multipart/form-data, within ``MAX_REQUEST_BYTES``: 413 past it) and downloads (the type found
from the content, ``Content-Disposition: attachment``, ``nosniff``).

An attachment's HTTP id is ``<post id>-<file id>``, so ``GET /attachments/{id}`` finds its post."""

import base64
from urllib.parse import quote

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import fields, validate
from werkzeug.exceptions import UnsupportedMediaType

from contracts import community as c
from contracts.choices import Choice
from contracts.common import PageQuerySchema, load, page_of
from contracts.directory import PHASES
from contracts.errors import InvalidInput, NotFound, ServiceError
from gateway.auth import login_required
from gateway.rpc import call, call_all

blp = Blueprint("community", __name__, description="Sharing practice: spaces and posts")

# form fields of a multipart post (files come in any of FILE_FIELDS)
FORM_LISTS = ("tags", "phases")
FORM_TEXT = ("title", "text", "body", "partnership_wide")
FILE_FIELDS = ("file", "files", "attachments")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


# ----- HTTP shapes -----


class SpaceHttpSchema(c.SpaceSchema):
    """A space: ``kind`` is ``group``, ``cluster`` or ``other`` (an opened space, whose kind
    is ``opened_kind``: association, working_party or project); a group's space names its
    ``group_id``, a cluster's its ``cluster``."""

    kind = fields.String(required=True, metadata={"enum": ["group", "cluster", "other"]})
    opened_kind = fields.String(allow_none=True)
    group_id = fields.String(allow_none=True)
    cluster = fields.String(allow_none=True)


SpaceHttpPageSchema = page_of(SpaceHttpSchema)


class AttachmentHttpSchema(c.AttachmentSchema):
    """``id`` is the attachment's HTTP id; ``url`` downloads it."""

    url = fields.String(required=True)


class PostHttpSchema(c.PostSchema):
    """A post; ``body`` is its Markdown ``text`` again (either name is taken on posting)."""

    body = fields.String(required=True)
    attachments = fields.List(fields.Nested(AttachmentHttpSchema), required=True)


PostHttpPageSchema = page_of(PostHttpSchema)


class PostCreateHttpSchema(c.PostCreateSchema):
    """``text`` or ``body`` (the same Markdown); ``attachments[].content`` base64."""

    body = fields.String(load_default=None, validate=validate.Length(max=50_000))


class SpacePostsQuerySchema(PageQuerySchema):
    sort = Choice(c.SORTS, load_default="recent")


class PostSearchQuerySchema(PageQuerySchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    tag = fields.String(load_default=None, validate=validate.Length(max=64))
    phase = Choice(PHASES, load_default=None)
    school = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=99_999_999),
        metadata={"description": "a school's URN: posts by its staff"},
    )
    space = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    sort = Choice(c.SORTS, load_default="rank")


MULTIPART_POST = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "body": {"type": "string", "maxLength": 50000, "description": "Markdown"},
        "text": {"type": "string", "maxLength": 50000, "description": "Markdown (as body)"},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
        "phases": {"type": "array", "items": {"type": "string", "enum": list(PHASES)}},
        "partnership_wide": {"type": "boolean"},
        "file": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "maxItems": c.MAX_ATTACHMENTS,
            "description": "the attachments (also taken as files or attachments)",
        },
    },
}


# ----- shaping -----


def attachment_id(post_id: str, file_id: str) -> str:
    return f"{post_id}-{file_id}"


def split_attachment_id(value: str) -> tuple[str, str]:
    post_id, _, file_id = str(value).rpartition("-")
    if not post_id or not file_id:
        raise NotFound("No such attachment.", {"attachment_id": ["Unknown attachment."]})
    return post_id, file_id


def space_out(space: dict) -> dict:
    kind = space.get("kind")
    synced = kind in c.SYNCED_KINDS
    return {
        **space,
        "kind": kind if synced else "other",
        "opened_kind": None if synced else kind,
        "group_id": space.get("source_id") if kind == "group" else None,
        "cluster": space.get("source_id") if kind == "cluster" else None,
    }


def post_out(post: dict) -> dict:
    attachments = []
    for each in post.get("attachments") or []:
        http_id = attachment_id(post["id"], each["id"])
        attachments.append({**each, "id": http_id, "url": f"/api/v1/attachments/{http_id}"})
    return {**post, "body": post.get("text", ""), "attachments": attachments}


def page_out(page: dict, shape) -> dict:
    return {**page, "items": [shape(item) for item in page.get("items", [])]}


# ----- reading an upload -----


def _form_bool(name: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise InvalidInput(f"Invalid input: {name}", {name: ["Not a valid boolean."]})


def _form_list(values: list[str]) -> list[str]:
    """Repeated fields, or one field with commas."""
    found = []
    for value in values:
        found.extend(part.strip() for part in value.split(",") if part.strip())
    return found


def multipart_post() -> dict:
    """A multipart/form-data (or url-encoded, without files) post as the JSON one: files
    base64-encoded in ``attachments``."""
    form, files = request.form, request.files
    unknown = sorted(set(form) - set(FORM_LISTS) - set(FORM_TEXT) - set(FILE_FIELDS))
    unknown += sorted(set(files) - set(FILE_FIELDS))
    if unknown:
        raise InvalidInput(
            "Invalid input: " + ", ".join(unknown), {name: ["Unknown field."] for name in unknown}
        )
    data: dict = {}
    for name in ("title", "text", "body"):
        if name in form:
            data[name] = form[name]
    for name in FORM_LISTS:
        if name in form:
            data[name] = _form_list(form.getlist(name))
    if "partnership_wide" in form:
        data["partnership_wide"] = _form_bool("partnership_wide", form["partnership_wide"])
    uploads = []
    for name in FILE_FIELDS:
        for upload in files.getlist(name):
            content = upload.read()
            if not upload.filename and not content:
                continue  # a file input left empty
            uploads.append(
                {
                    "filename": upload.filename or "attachment",
                    "content": base64.b64encode(content).decode("ascii"),
                }
            )
    if uploads:
        data["attachments"] = uploads
    return data


def posted() -> dict:
    """The post in the request (JSON or multipart/form-data) as ``PostCreateSchema`` wants it;
    InvalidInput naming the field otherwise."""
    if request.mimetype in FORM_TYPES:
        raw = multipart_post()
    elif request.mimetype in ("application/json", "") or request.is_json:
        raw = request.get_json(silent=True) if request.get_data(cache=True) else {}
        if not isinstance(raw, dict):
            raise InvalidInput("The post is a JSON object.", {"_schema": ["Not an object."]})
    else:
        raise UnsupportedMediaType("Send the post as application/json or multipart/form-data.")
    data = load(PostCreateHttpSchema, raw)
    body = data.pop("body", None)
    if body is not None:
        if data.get("text") and data["text"] != body:
            raise InvalidInput(
                "Invalid input: body", {"body": ["Give the text as body or text, not both."]}
            )
        data["text"] = body
    return c.PostCreateSchema().dump(data)


# ----- a download -----


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


# ----- spaces -----


@blp.route("/spaces", methods=["GET"])
@login_required
@blp.alt_response(200, schema=SpaceHttpPageSchema, success=True)
def list_spaces():
    """The spaces the caller may see: a group's to its members and the partnership roles, a
    cluster's to the staff of its schools, an opened one to its listed members (and the staff
    of its phase's schools)."""
    return page_out(call(c.SERVICE, "list_spaces"), space_out)


@blp.route("/spaces", methods=["POST"])
@login_required
@blp.arguments(c.SpaceCreateSchema)
@blp.alt_response(201, schema=SpaceHttpSchema, success=True)
def open_space(data):
    """Open a space (the coordinator): an association (of a ``phase``), a working party or a
    project (with ``ends_on``: it takes no posts after). 403, 422."""
    return space_out(call(c.SERVICE, "open_space", c.SpaceCreateSchema().dump(data))), 201


@blp.route("/spaces/<space_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=SpaceHttpSchema, success=True)
def get_space(space_id):
    """One space (to those who may see it). 403, 404."""
    return space_out(call(c.SERVICE, "get_space", space_id))


@blp.route("/spaces/<space_id>/posts", methods=["GET"])
@login_required
@blp.arguments(SpacePostsQuerySchema, location="query")
@blp.alt_response(200, schema=PostHttpPageSchema, success=True)
def list_space_posts(query, space_id):
    """The space's posts, newest first (``sort=rank``: by recency and marks); hidden ones left
    out. 403 to those who may not see the space, 404 when there is none."""
    wanted = {**query, "space_id": space_id}
    _, page = call_all(
        (c.SERVICE, "get_space", space_id),
        (c.SERVICE, "search_posts", c.PostQuerySchema().dump(wanted)),
    )
    return page_out(page, post_out)


@blp.route("/spaces/<space_id>/posts", methods=["POST"])
@login_required
@blp.doc(
    requestBody={
        "required": True,
        "content": {
            "application/json": {"schema": PostCreateHttpSchema},
            "multipart/form-data": {"schema": MULTIPART_POST},
        },
    }
)
@blp.alt_response(201, schema=PostHttpSchema, success=True)
def publish_post(space_id):
    """Post to a space (its members): ``title``, Markdown ``body`` (or ``text``; raw HTML shows
    as text), support-area ``tags``, ``phases``, ``partnership_wide`` and up to five
    attachments: JSON with ``attachments: [{"filename", "content": base64}]``, or
    multipart/form-data with the files in ``file``. Documents and images only, found from the
    content: too big, disguised or empty is 422 naming ``attachments.N.content`` and nothing is
    stored; a request over the gateway's ``MAX_REQUEST_BYTES`` is 413. 403, 404, 415."""
    return post_out(call(c.SERVICE, "publish_post", space_id, posted())), 201


# ----- posts -----


@blp.route("/posts", methods=["GET"])
@login_required
@blp.arguments(PostSearchQuerySchema, location="query")
@blp.alt_response(200, schema=PostHttpPageSchema, success=True)
def search_posts(query):
    """Search the posts of the spaces the caller may see and the partnership-wide ones: every
    word of ``q``, a support-area ``tag``, a ``phase``, a ``school`` (URN of the author's school),
    a ``space``; ranked by recency and "this helped us" marks (``sort=recent``: newest first)."""
    wanted = {
        "q": query["q"],
        "tag": query["tag"],
        "phase": query["phase"],
        "school_urn": query["school"],
        "space_id": query["space"],
        "sort": query["sort"],
        "page": query["page"],
        "per_page": query["per_page"],
    }
    return page_out(call(c.SERVICE, "search_posts", c.PostQuerySchema().dump(wanted)), post_out)


@blp.route("/posts/<post_id>", methods=["GET"])
@login_required
@blp.alt_response(200, schema=PostHttpSchema, success=True)
def get_post(post_id):
    """One post, its text rendered safely in ``html`` (to those who may see it; a hidden post to
    its author and moderators). 403, 404."""
    return post_out(call(c.SERVICE, "get_post", post_id))


@blp.route("/posts/<post_id>/comments", methods=["POST"])
@login_required
@blp.arguments(c.CommentCreateSchema)
@blp.alt_response(201, schema=c.CommentSchema, success=True)
def add_comment(data, post_id):
    """Comment on a post (those who may see it; not a hidden one). 403, 404, 422."""
    return call(c.SERVICE, "add_comment", post_id, c.CommentCreateSchema().dump(data)), 201


@blp.route("/posts/<post_id>/comments", methods=["GET"])
@login_required
@blp.arguments(PageQuerySchema, location="query")
@blp.alt_response(200, schema=c.CommentPageSchema, success=True)
def list_comments(query, post_id):
    """A post's comments, oldest first. 403, 404."""
    return call(c.SERVICE, "list_comments", post_id, PageQuerySchema().dump(query))


@blp.route("/posts/<post_id>/marks", methods=["POST"])
@login_required
@blp.alt_response(200, schema=PostHttpSchema, success=True)
def mark_helpful(post_id):
    """ "This helped us": once per person (again changes nothing). 403, 404."""
    return post_out(call(c.SERVICE, "mark_helpful", post_id))


@blp.route("/posts/<post_id>/hide", methods=["POST"])
@login_required
@blp.arguments(c.HideSchema)
@blp.alt_response(200, schema=PostHttpSchema, success=True)
def hide_post(data, post_id):
    """Hide a post with a ``reason`` its author is told (the space's chair or the coordinator);
    it is kept, with who hid it. 403, 404, 409 when hidden already."""
    return post_out(call(c.SERVICE, "hide_post", post_id, c.HideSchema().dump(data)))


# ----- attachments -----


@blp.route("/posts/<post_id>/attachments/<n>", methods=["GET"])
@login_required
@blp.alt_response(200, description="The file, as the type found from its content", success=True)
def post_attachment(post_id, n):
    """A post's attachment ``n`` (0 for the first, or the attachment's id) to those who may see
    the post: its type, ``Content-Disposition: attachment``, ``nosniff``. 403, 404."""
    post = call(c.SERVICE, "get_post", post_id)
    return download(call(c.SERVICE, "get_attachment", post_id, _file_id(post, n)))


@blp.route("/attachments/<attachment_id>", methods=["GET"])
@login_required
@blp.alt_response(200, description="The file, as the type found from its content", success=True)
def get_attachment(attachment_id):
    """An attachment by its id (a post's ``attachments[].id``) to those who may see its post,
    as ``/posts/{id}/attachments/{n}``. 403, 404."""
    post_id, file_id = split_attachment_id(attachment_id)
    try:
        return download(call(c.SERVICE, "get_attachment", post_id, file_id))
    except ServiceError as refused:
        if refused.status == 404:
            raise NotFound(
                "No such attachment.", {"attachment_id": ["Unknown attachment."]}
            ) from None
        raise
