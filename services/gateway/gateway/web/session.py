"""The signed-in person of a page: a bearer token in Flask's signed session cookie.

The token is the one ``POST /api/v1/auth/token`` would issue, resolved on every request by the
same code as the API (``gateway.auth``), so a sign-out, password change or role change elsewhere,
and the directory's throttling, apply to pages too: a revoked token signs the page user out.
"""

from functools import wraps
from urllib.parse import urlsplit

from flask import g, redirect, request, session, url_for

from contracts.errors import Unauthorized
from gateway import auth
from gateway.web import csrf_guard

TOKEN_KEY = "token"


def protect():
    """Before each page request: CSRF on every form post, then who is signed in (if anyone)."""
    if request.method == "POST":
        csrf_guard.protect()
    identify()


def identify():
    """Who is signed in (if anyone): ``g.caller`` from the session's token."""
    g.caller = None
    token = session.get(TOKEN_KEY)
    if not token:
        return None
    try:
        claims = auth._claims(token)
        if not isinstance(claims["sub"], str) or not isinstance(claims["ver"], int):
            raise Unauthorized("The token is not valid.")
        g.caller = auth.resolve(claims["sub"], claims["ver"], claims)
    except Unauthorized:
        session.clear()
        g.signed_out = True
    return None


def start(token: str) -> None:
    """Sign the browser in with a freshly issued token (a new session: no fixation)."""
    session.clear()
    session[TOKEN_KEY] = token
    session.permanent = False


def end() -> None:
    session.clear()
    g.caller = None


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only."""
    if not target:
        return url_for("bookings.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("bookings.home")
    return target


def signed_in(view):
    """The page needs a signed-in person: others go to the sign-in page and come back."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("caller") is None:
            return redirect(url_for("account.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper
