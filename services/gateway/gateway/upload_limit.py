"""How large a request body may be: ``MAX_CONTENT_LENGTH`` (``MAX_REQUEST_BYTES``, 1 MiB) for
every route but the upload routes (``@upload_route``: a post with files, a file added to a post),
which take ``UPLOAD_MAX_BYTES``: the attachment limit (``ATTACHMENT_MAX_BYTES``, 10 MiB, the
community service's own) and ``UPLOAD_OVERHEAD_BYTES`` for the multipart framing and form fields.

A body past its route's limit is 413 with the error body (naming ``file`` on an upload route),
never a 500: the body is first read off the connection (up to ``DRAIN_MAX_BYTES``) so the client,
still sending, receives the answer rather than a reset connection.
"""

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from gateway.errors import error_response

UPLOAD_OVERHEAD_BYTES = 256 * 1024
DRAIN_MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024


def upload_route(view):
    """Mark a view as taking files: its body may reach ``UPLOAD_MAX_BYTES``."""
    view.accepts_uploads = True
    return view


def _is_upload_route() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "accepts_uploads", False))


def size(count: int) -> str:
    return f"{count / 1024 / 1024:g} MB" if count >= 1024 * 1024 else f"{count} bytes"


def too_large(limit: int | None = None):
    """The 413 answer: on an upload route it names ``file`` and the attachment limit."""
    if _is_upload_route():
        most = current_app.config["ATTACHMENT_MAX_BYTES"]
        problem = f"Larger than the limit of {size(most)}."
        return error_response(
            413, "PAYLOAD_TOO_LARGE", f"File too large: {problem}", {"file": [problem]}
        )
    limit = limit or current_app.config["MAX_CONTENT_LENGTH"]
    return error_response(
        413, "PAYLOAD_TOO_LARGE", f"The request body is larger than {size(limit)}."
    )


def drain() -> None:
    """Read what is left of the body (up to ``DRAIN_MAX_BYTES``) and drop it."""
    stream = request.environ.get("wsgi.input")
    left = min(request.content_length or DRAIN_MAX_BYTES, DRAIN_MAX_BYTES)
    try:
        while left > 0:
            chunk = stream.read(min(_CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
    except (OSError, ValueError, AttributeError):
        return


def apply_limit():
    """Before anything reads the body: the route's limit, and 413 at once past it."""
    if request.url_rule is None:
        return None
    if _is_upload_route():
        request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"]
    limit = request.max_content_length
    if limit is not None and request.content_length is not None and request.content_length > limit:
        drain()
        return too_large(limit)
    return None


def handle_too_large(error: RequestEntityTooLarge):
    """A body found too large while read (sent without ``Content-Length``)."""
    drain()
    return too_large(request.max_content_length)


def init_app(app) -> None:
    """Called before the other body readers are registered (``security.init_app``)."""
    config = app.config
    config.setdefault("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    config.setdefault("UPLOAD_MAX_BYTES", config["ATTACHMENT_MAX_BYTES"] + UPLOAD_OVERHEAD_BYTES)
    app.before_request(apply_limit)
    app.register_error_handler(413, handle_too_large)
