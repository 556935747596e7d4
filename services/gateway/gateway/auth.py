"""Bearer tokens (PyJWT, HS256) and the caller they name.

A token names the person, their roles, school, email and name at sign-in, and their account's
token version (``ver``). A sign-out, a password change or reset, or a role or school change
moves the version on, and every older token is refused from then on. The gateway knows the
current versions from the directory's ``sessions_revoked`` feed (``gateway.session_feed``): a
token of the version known is trusted as it stands, with no call. When the feed cannot tell (not
live yet, or a revocation announced since), the directory is asked (``resolve_sessions``,
concurrent requests' tokens in one call), and its answer kept ``SESSION_CACHE_SECONDS`` per
(person, version); a revocation made through this process is forgotten at once (``forget``).
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
from gateway import session_feed

ALGORITHM = "HS256"


def issue_token(session: dict) -> tuple[str, int]:
    """A signed token for an ``AccountSessionSchema`` answer of the directory."""
    ttl = current_app.config["TOKEN_TTL_SECONDS"]
    now = datetime.now(UTC)
    claims = {
        "sub": session["id"],
        "ver": session["token_version"],
        "roles": session["roles"],
        "school_urn": session.get("school_urn"),
        "email": session.get("email", ""),
        "name": session.get("name", ""),
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


def _from_claims(claims: dict) -> Caller | None:
    """The caller a token names as it stands (None for a token without its roles)."""
    roles, urn = claims.get("roles"), claims.get("school_urn")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        return None
    if urn is not None and (not isinstance(urn, int) or isinstance(urn, bool)):
        return None
    return Caller(
        id=claims["sub"],
        roles=tuple(roles),
        school_urn=urn,
        email=str(claims.get("email") or ""),
        name=str(claims.get("name") or ""),
    )


def resolve(person_id: str, version: int, claims: dict | None = None) -> Caller:
    """The caller a valid token names. Unauthorized when the token was revoked."""
    feed = current_app.extensions.get("session_feed")
    announcement = None
    if feed is not None and claims is not None:
        feed.start()  # (in the process that serves: a server may fork after making the app)
        verdict, announcement = feed.revocations.verdict(person_id, version)
        trusted = _from_claims(claims) if verdict == session_feed.TRUSTED else None
        if trusted is not None:
            return trusted
        if verdict == session_feed.REVOKED:
            raise Unauthorized("The token was revoked; sign in again.")
    # after an announced revocation only a fresh answer will do (none kept from before it)
    who = _asked(person_id, version, fresh=announcement is not None)
    if feed is not None:
        feed.revocations.learned(person_id, version, announcement)
    return who


def _asked(person_id: str, version: int, fresh: bool = False) -> Caller:
    """The caller as the directory knows them now (kept a few seconds unless ``fresh``)."""
    cache: SessionCache = current_app.extensions["session_cache"]
    key = (person_id, version)
    who = None if fresh else cache.get(key)
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
        if not fresh:
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
    return resolve(claims["sub"], claims["ver"], claims)


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
