"""Reading what a community upload route was sent: a post or the half-termly feedback (JSON with
base64 ``attachments``, or multipart/form-data with the files in ``file``) and a single file
added to a post (multipart ``file``, or JSON ``{"filename", "content": base64}``). A file past
the attachment limit is 413 naming ``file`` here, before it travels to the service."""

import base64

from flask import current_app, request
from marshmallow import fields, validate
from werkzeug.exceptions import UnsupportedMediaType

from contracts import community as c
from contracts.common import load
from contracts.directory import PHASES
from contracts.errors import InvalidInput, ServiceError
from gateway.upload_limit import size

FORM_LISTS = ("tags", "phases")
FORM_TEXT = ("title", "text", "body", "partnership_wide", "half_term")
FILE_FIELDS = ("file", "files", "attachments")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class PayloadTooLarge(ServiceError):
    status = 413
    code = "PAYLOAD_TOO_LARGE"


class PostCreateHttpSchema(c.PostCreateSchema):
    """``text`` or ``body`` (the same Markdown); ``attachments[].content`` base64."""

    body = fields.String(load_default=None, validate=validate.Length(max=50_000))


class FeedbackCreateHttpSchema(c.FeedbackCreateSchema):
    """``text`` or ``body`` (the same Markdown); ``attachments[].content`` base64."""

    body = fields.String(load_default=None, validate=validate.Length(max=50_000))


_FILES = {
    "type": "array",
    "items": {"type": "string", "format": "binary"},
    "maxItems": c.MAX_ATTACHMENTS,
    "description": "the attachments (also taken as files or attachments)",
}
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
        "file": _FILES,
    },
}
MULTIPART_FEEDBACK = {
    "type": "object",
    "required": ["half_term", "title"],
    "properties": {
        "half_term": {"type": "string", "example": "2026-27 autumn 1"},
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "body": {"type": "string", "maxLength": 50000, "description": "Markdown"},
        "text": {"type": "string", "maxLength": 50000, "description": "Markdown (as body)"},
        "file": _FILES,
    },
}
MULTIPART_FILE = {
    "type": "object",
    "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}},
}


def file_too_large() -> PayloadTooLarge:
    problem = f"Larger than the limit of {size(current_app.config['ATTACHMENT_MAX_BYTES'])}."
    return PayloadTooLarge(f"File too large: {problem}", {"file": [problem]})


def _encoded(filename: str, content: bytes) -> dict:
    if len(content) > current_app.config["ATTACHMENT_MAX_BYTES"]:
        raise file_too_large()
    return {"filename": filename or "attachment", "content": base64.b64encode(content).decode()}


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


def _unknown(names) -> None:
    names = sorted(names)
    if names:
        raise InvalidInput(
            "Invalid input: " + ", ".join(names), {name: ["Unknown field."] for name in names}
        )


def multipart_form(text: tuple, lists: tuple = ()) -> dict:
    """A multipart/form-data (or url-encoded, without files) form as the JSON one: files
    base64-encoded in ``attachments``."""
    form, files = request.form, request.files
    _unknown(
        (set(form) - set(lists) - set(text) - set(FILE_FIELDS)) | (set(files) - set(FILE_FIELDS))
    )
    data: dict = {name: form[name] for name in text if name in form}
    for name in lists:
        if name in form:
            data[name] = _form_list(form.getlist(name))
    if "partnership_wide" in data:
        data["partnership_wide"] = _form_bool("partnership_wide", data["partnership_wide"])
    uploads = []
    for name in FILE_FIELDS:
        for upload in files.getlist(name):
            content = upload.read()
            if not upload.filename and not content:
                continue  # a file input left empty
            uploads.append(_encoded(upload.filename, content))
    if uploads:
        data["attachments"] = uploads
    return data


def _json_object(what: str) -> dict:
    raw = request.get_json(silent=True) if request.get_data(cache=True) else {}
    if not isinstance(raw, dict):
        raise InvalidInput(f"The {what} is a JSON object.", {"_schema": ["Not an object."]})
    return raw


def _sent(what: str, text: tuple, lists: tuple = ()) -> dict:
    if request.mimetype in FORM_TYPES:
        return multipart_form(text, lists)
    if request.mimetype in ("application/json", "") or request.is_json:
        return _json_object(what)
    raise UnsupportedMediaType(f"Send the {what} as application/json or multipart/form-data.")


def _body_as_text(data: dict) -> dict:
    body = data.pop("body", None)
    if body is not None:
        if data.get("text") and data["text"] != body:
            raise InvalidInput(
                "Invalid input: body", {"body": ["Give the text as body or text, not both."]}
            )
        data["text"] = body
    return data


def posted() -> dict:
    """The post in the request as ``PostCreateSchema`` wants it; InvalidInput naming the field
    otherwise."""
    text = ("title", "text", "body", "partnership_wide")
    data = _body_as_text(load(PostCreateHttpSchema, _sent("post", text, FORM_LISTS)))
    return c.PostCreateSchema().dump(data)


def feedback_posted() -> dict:
    """The half-termly feedback in the request as ``FeedbackCreateSchema`` wants it."""
    text = ("half_term", "title", "text", "body")
    data = _body_as_text(load(FeedbackCreateHttpSchema, _sent("feedback", text)))
    return c.FeedbackCreateSchema().dump(data)


def file_posted() -> dict:
    """The one file sent (multipart ``file``, or JSON ``{"filename", "content"}``) as
    ``AttachmentUploadSchema`` wants it; 413 past the limit, 422 naming ``file`` when none."""
    if request.mimetype in FORM_TYPES:
        unknown = (set(request.form) | set(request.files)) - {"file"}
        upload = request.files.get("file")
        if upload is None:
            problems = {name: ["Unknown field."] for name in sorted(unknown)}
            problems["file"] = ["Send the file in field file."]
            raise InvalidInput("Invalid input: " + ", ".join(problems), problems)
        _unknown(unknown)
        return _encoded(upload.filename, upload.read())
    data = load(c.AttachmentUploadSchema, _sent("file", ()))
    encoded_limit = (current_app.config["ATTACHMENT_MAX_BYTES"] + 2) // 3 * 4 + 4
    if len(data["content"]) > encoded_limit:
        raise file_too_large()
    return data
