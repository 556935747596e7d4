"""Files in and out of the sharing practice pages: a form's chosen files as the community's
``attachments`` (base64), the service's refusal put back by the field it names, a request too
big for the gateway shown on the file field, and a file's type and size in words (downloads
are served by the API's ``download``: the type found from the content, ``Content-Disposition:
attachment``, ``nosniff``)."""

import base64

from flask import current_app, g, make_response, request

from contracts import community as c
from contracts.errors import InvalidInput
from gateway.web import session


def attachments(form) -> list[dict]:
    """The files chosen in ``form.attachments`` (an empty file input sends none)."""
    found = []
    for upload in form.attachments.data or []:
        if not hasattr(upload, "read"):
            continue
        content = upload.read()
        if not upload.filename and not content:
            continue
        found.append(
            {
                "filename": upload.filename or "attachment",
                "content": base64.b64encode(content).decode("ascii"),
            }
        )
    return found


def refused(form, err: InvalidInput, fallback: str = "title") -> None:
    """Put the service's problems on the fields they name (``attachments.0.content`` is the
    file field, saying which file when there are several)."""
    names = [upload.filename for upload in form.attachments.data or [] if upload.filename]
    for name, problems in (err.fields or {}).items():
        head, _, rest = name.partition(".")
        field = form._fields.get(head)
        if field is None or head in ("csrf_token", "submit"):
            continue
        messages = [str(p) for p in problems]
        index = rest.partition(".")[0]
        if head == "attachments" and index.isdigit() and int(index) < len(names):
            messages = [f"{names[int(index)]}: {m}" for m in messages]
        field.errors = [*field.errors, *messages]
    if not form.errors:
        form._fields[fallback].errors = [err.message or "Check what you entered and try again"]


def _megabytes() -> str:
    config = current_app.config
    limit = config.get("ATTACHMENT_MAX_BYTES") or config.get("MAX_CONTENT_LENGTH") or 0
    return f"{limit / (1024 * 1024):g} MB"


def with_hint(form):
    """The file field's hint: the types the community accepts and the gateway's size limit."""
    form.attachments.description = (
        f"Up to {c.MAX_ATTACHMENTS} documents or images (PDF, Word, Excel, PowerPoint, "
        f"OpenDocument, PNG, JPEG, GIF, WebP, plain text or CSV), {_megabytes()} in total"
    )
    return form


def too_big(form) -> None:
    """The request was over the gateway's upload limit: say so on the file field."""
    form.attachments.errors = [f"The files must be smaller than {_megabytes()} in total"]


def too_large_page(response, endpoint: str, page):
    """A page's answer in place of the gateway's JSON 413 to a form post of ``endpoint``
    (``page(**view_args)`` renders the form again with the problem by its field)."""
    if response.status_code != 413 or request.endpoint != endpoint:
        return response
    if response.mimetype != "application/json":
        return response
    if g.get("caller") is None:
        session.identify()  # (the limit is applied before the page's caller is known)
    if g.caller is None:
        return response
    body, status = page(**(request.view_args or {}))
    return make_response(body, status)


def size(count) -> str:
    """'812 bytes', '14 KB', '2.5 MB'."""
    count = int(count or 0)
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / (1024 * 1024):.1f} MB"


TYPE_NAMES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "text/plain": "Text",
    "text/csv": "CSV",
}


def type_name(content_type: str) -> str:
    if content_type in TYPE_NAMES:
        return TYPE_NAMES[content_type]
    if "word" in content_type:
        return "Word document"
    if "sheet" in content_type or "excel" in content_type:
        return "Spreadsheet"
    if "presentation" in content_type or "powerpoint" in content_type:
        return "Presentation"
    return content_type
