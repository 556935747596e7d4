"""Bearer tokens (PyJWT, HS256) and the caller they name.

A token carries only the person's id and their account's token version (``sub``, ``ver``). At
each request the gateway asks the directory, which owns accounts, who that is now
(``resolve_sessions``, concurrent requests' tokens in one call): a password change or reset,
a role change or a sign-out moves the version on, and every older token is refused from then
on. Answers are kept for
``SESSION_CACHE_SECONDS`` per (person, version); a revocation made through this process is
forgotten at once (``forget``).
"""

import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from functools import wraps

import jwt
from flask import current_app, g, request

from contracts.caller import Caller
from contracts.errors import Forbidden, Unauthorized

ALGORITHM = "HS256"


def issue_token(session: dict) -> tuple[str, int]:
    """A signed token for an ``AccountSessionSchema`` answer of the directory."""
    ttl = current_app.config["TOKEN_TTL_SECONDS"]
    now = datetime.now(UTC)
    claims = {
        "sub": session["id"],
        "ver": session["token_version"],
        "jti": uuid.uuid4().hex,
        "iat": now,
        "exp": now + timedelta(seconds=ttl),
    }
    return jwt.encode(claims, current_app.config["JWT_SECRET"], algorithm=ALGORITHM), ttl


class SessionCache:
    """(person id, token version) -> Caller for a few seconds; thread-safe."""

    def __init__(self, seconds: float, size: int = 10_000):
        self._seconds = seconds
        self._size = size
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, int], tuple[float, Caller]] = {}

    def get(self, key: tuple[str, int]) -> Caller | None:
        hit = self._entries.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, key: tuple[str, int], who: Caller) -> None:
        with self._lock:
            if len(self._entries) >= self._size:
                self._entries.clear()
            self._entries[key] = (time.monotonic() + self._seconds, who)

    def forget(self, person_id: str) -> None:
        with self._lock:
            for key in [k for k in self._entries if k[0] == person_id]:
                del self._entries[key]


def _claims(token: str) -> dict:
    try:
        return jwt.decode(
            token,
            current_app.config["JWT_SECRET"],
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "ver"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The token has expired; sign in again.") from None
    except jwt.InvalidTokenError:
        raise Unauthorized("The token is not valid.") from None


def resolve(person_id: str, version: int) -> Caller:
    """The caller a valid token names, as the directory knows them now. Unauthorized when the
    token was revoked."""
    cache: SessionCache = current_app.extensions["session_cache"]
    key = (person_id, version)
    who = cache.get(key)
    if who is None:
        # concurrent requests' tokens travel to the directory together (gateway.batching)
        batcher = current_app.extensions["session_batcher"]
        session = batcher.book({"person_id": person_id, "token_version": version})
        who = Caller(
            id=session["id"],
            roles=tuple(session["roles"]),
            school_urn=session.get("school_urn"),
            email=session.get("email", ""),
            name=session.get("name", ""),
        )
        cache.put(key, who)
    return who


def caller_from_header() -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send 'Authorization: Bearer <token>' (POST /api/v1/auth/token).")
    claims = _claims(token)
    if not isinstance(claims["sub"], str) or not isinstance(claims["ver"], int):
        raise Unauthorized("The token is not valid.")
    return resolve(claims["sub"], claims["ver"])


def forget(person_id: str) -> None:
    """Drop what this process remembers of a person's sessions (after a revocation)."""
    current_app.extensions["session_cache"].forget(person_id)


def login_required(view):
    """Reject the request with 401 unless it carries a valid, unrevoked bearer token; sets
    ``g.caller``."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("caller") is None:
            g.caller = caller_from_header()
        return view(*args, **kwargs)

    return wrapper


def caller() -> Caller:
    return g.caller


def require_role(*roles: str) -> None:
    """An early, clearer answer; the service that owns the data decides again."""
    if not caller().has_role(*roles):
        raise Forbidden("This needs one of the roles: " + ", ".join(roles) + ".")


def init_app(app) -> None:
    app.extensions["session_cache"] = SessionCache(app.config["SESSION_CACHE_SECONDS"])
