"""What every request meets before a view runs, and what every response carries.

- The caller is known before any body is read: every ``/api/v1`` route but the public ones
  needs a valid, unrevoked token first (``authenticate_request``).
- A body is at most ``MAX_CONTENT_LENGTH`` bytes, an upload route's ``UPLOAD_MAX_BYTES``
  (``gateway.upload_limit``: 413 with the error body) and a JSON body at most
  ``MAX_JSON_DEPTH`` levels deep (400).
- Security headers on every response (flask-talisman): a content security policy, nosniff,
  frame ancestors denied, a referrer policy; HSTS when ``HTTPS_ONLY``.
"""

import json

from flask import g, request
from flask_talisman import Talisman

from gateway import auth, upload_limit
from gateway.errors import error_response

API_PREFIX = "/api/v1/"
PUBLIC_API = frozenset(
    {
        "/api/v1/auth/token",
        "/api/v1/auth/password-reset",
        "/api/v1/auth/password-reset/confirm",
    }
)
# the public website's read-only routes (gateway.api.site): anyone, no token
PUBLIC_READS = frozenset({"site.get_site_page", "site.list_showcase", "site.showcase_photo"})
MAX_JSON_DEPTH = 32

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def authenticate_request():
    """Before each request: the caller of a non-public API route, from its token (401)."""
    routed = request.url_rule is not None  # an unknown path is a plain 404
    if request.method == "GET" and request.endpoint in PUBLIC_READS:
        return None
    if routed and request.path.startswith(API_PREFIX) and request.path not in PUBLIC_API:
        g.caller = auth.caller_from_header()
    return None


def json_depth(value) -> int:
    """How deeply ``value`` nests lists and objects (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def reject_malformed_json():
    """Before each request: a JSON body that does not parse, or nests too deeply, is a 400."""
    if not (request.is_json and request.get_data(cache=True)):
        return None
    try:
        body = json.loads(request.get_data(cache=True))
    except RecursionError:
        body = None
        depth = MAX_JSON_DEPTH + 1
    except ValueError as exc:
        return error_response(400, "MALFORMED_JSON", f"The request body is not valid JSON: {exc}")
    else:
        depth = json_depth(body)
    if depth > MAX_JSON_DEPTH:
        return error_response(
            400,
            "MALFORMED_JSON",
            f"The request body nests more than {MAX_JSON_DEPTH} levels deep.",
        )
    return None


def no_store(response):
    """Answers about people are not kept by shared caches."""
    if request.path.startswith(API_PREFIX):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app) -> None:
    https = app.config["HTTPS_ONLY"]
    Talisman(
        app,
        force_https=https,
        strict_transport_security=https,
        session_cookie_secure=https,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
    )
    app.before_request(authenticate_request)
    upload_limit.init_app(app)  # each route's body limit, before anything reads a body
    app.before_request(reject_malformed_json)
    app.after_request(no_store)
