"""The community's HTTP shapes: spaces as the directory names them (a group's ``group_id``, a
cluster's ``cluster``), posts with ``body`` and attachment ``url``s, and an attachment's HTTP id,
``<post id>-<file id>``, so that ``GET /attachments/{id}`` finds its post."""

from marshmallow import fields

from contracts import community as c
from contracts.common import page_of
from contracts.errors import NotFound


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


def attachment_out(post_id: str, attachment: dict) -> dict:
    http_id = attachment_id(post_id, attachment["id"])
    return {**attachment, "id": http_id, "url": f"/api/v1/attachments/{http_id}"}


def post_out(post: dict) -> dict:
    attachments = [attachment_out(post["id"], each) for each in post.get("attachments") or []]
    return {**post, "body": post.get("text", ""), "attachments": attachments}


def page_out(page: dict, shape) -> dict:
    return {**page, "items": [shape(item) for item in page.get("items", [])]}
