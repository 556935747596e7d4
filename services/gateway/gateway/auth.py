"""Bearer tokens (PyJWT, HS256) and the caller they name; role checks for views."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps

import jwt
from flask import current_app, g, request

from contracts.errors import Forbidden, Unauthorized

ALGORITHM = "HS256"


@dataclass(frozen=True)
class Caller:
    id: str
    email: str
    name: str
    roles: tuple[str, ...]
    school_urn: int | None

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)


def issue_token(person: dict) -> tuple[str, int]:
    ttl = current_app.config["TOKEN_TTL_SECONDS"]
    now = datetime.now(UTC)
    claims = {
        "sub": person["id"],
        "email": person["email"],
        "name": person["name"],
        "roles": person["roles"],
        "school_urn": person.get("school_urn"),
        "iat": now,
        "exp": now + timedelta(seconds=ttl),
    }
    return jwt.encode(claims, current_app.config["JWT_SECRET"], algorithm=ALGORITHM), ttl


def _caller_from_header() -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send 'Authorization: Bearer <token>' (POST /api/v1/auth/token).")
    try:
        claims = jwt.decode(
            token,
            current_app.config["JWT_SECRET"],
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The token has expired; ask for a new one.") from None
    except jwt.InvalidTokenError:
        raise Unauthorized("The token is not valid.") from None
    return Caller(
        claims["sub"],
        claims.get("email", ""),
        claims.get("name", ""),
        tuple(claims.get("roles") or ()),
        claims.get("school_urn"),
    )


def login_required(view):
    """Reject the request with 401 unless it carries a valid bearer token; sets ``g.caller``."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.caller = _caller_from_header()
        return view(*args, **kwargs)

    return wrapper


def caller() -> Caller:
    return g.caller


def require_role(*roles: str) -> None:
    if not caller().has_role(*roles):
        raise Forbidden("This needs one of the roles: " + ", ".join(roles) + ".")
