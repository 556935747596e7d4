"""Who is asking: the caller every RPC that reveals or changes data receives as ``caller=``.

The gateway sends the signed-in person (resolved fresh from the directory at each request);
a service acting on its own account sends ``Caller.service(name)``. A service never trusts a
permission decided elsewhere: its own policy module reads this caller and answers ``Forbidden``.

>>> c = load_caller({"id": "p1", "roles": ["teacher"], "school_urn": 900001})
>>> c.has_role("teacher"), c.is_anonymous, c.school_urn
(True, False, 900001)
>>> load_caller(None).is_anonymous
True
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from contracts.errors import Forbidden, InvalidInput, Unauthorized, invalid_from_marshmallow

ROLES = (
    "headteacher",
    "deputy_head",
    "assistant_head",
    "senco",
    "business_manager",
    "school_admin",
    "teacher",
    "support_staff",
    "coordinator",
    "la_officer",
)
PARTNERSHIP_ROLES = frozenset({"coordinator", "la_officer"})
SERVICE_ROLE = "service"


class CallerSchema(Schema):
    """The caller on the wire: ``{"id", "roles", "school_urn", "email"?, "name"?}``."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    roles = fields.List(
        fields.String(validate=validate.OneOf((*ROLES, SERVICE_ROLE))),
        load_default=list,
        validate=validate.Length(max=len(ROLES) + 1),
    )
    school_urn = fields.Integer(load_default=None, allow_none=True, strict=True)
    email = fields.String(load_default="", validate=validate.Length(max=320))
    name = fields.String(load_default="", validate=validate.Length(max=200))


# one instance for every call: building a schema costs more than using it (a marshmallow schema
# keeps no state between loads and dumps, so threads and green threads may share it)
_SCHEMA = CallerSchema()


@dataclass(frozen=True)
class Caller:
    id: str
    roles: tuple[str, ...] = ()
    school_urn: int | None = None
    email: str = ""
    name: str = ""
    _anonymous: bool = field(default=False, repr=False)

    @classmethod
    def anonymous(cls) -> "Caller":
        return cls(id="", _anonymous=True)

    @classmethod
    def service(cls, name: str) -> "Caller":
        """A service acting on its own account (timers, event handlers, lookups)."""
        return cls(id=f"service:{name}", roles=(SERVICE_ROLE,), name=name)

    @property
    def is_anonymous(self) -> bool:
        return self._anonymous

    @property
    def is_service(self) -> bool:
        return SERVICE_ROLE in self.roles

    @property
    def is_partnership(self) -> bool:
        """The coordinator or the LA officer: roles that act across every school."""
        return bool(PARTNERSHIP_ROLES & set(self.roles))

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    def of_school(self, urn: int | str | None) -> bool:
        return urn is not None and self.school_urn is not None and int(urn) == self.school_urn

    def dump(self) -> dict | None:
        if self.is_anonymous:
            return None
        return _SCHEMA.dump(
            {
                "id": self.id,
                "roles": list(self.roles),
                "school_urn": self.school_urn,
                "email": self.email,
                "name": self.name,
            }
        )


def load_caller(data: Mapping[str, Any] | None) -> Caller:
    """The wire caller as a ``Caller``; ``None`` is the anonymous caller. A malformed caller is
    ``InvalidInput`` (a bug in the sender, never a way in)."""
    if data is None:
        return Caller.anonymous()
    if isinstance(data, Caller):
        return data
    try:
        loaded = _SCHEMA.load(data)
    except ValidationError as err:
        raise invalid_from_marshmallow(err) from None
    return Caller(
        id=loaded["id"],
        roles=tuple(loaded["roles"]),
        school_urn=loaded["school_urn"],
        email=loaded["email"],
        name=loaded["name"],
    )


def require_signed_in(caller: Caller) -> Caller:
    if caller.is_anonymous:
        raise Unauthorized("Sign in first.")
    return caller


def deny(message: str) -> Forbidden:
    """The one way a policy says no: ``raise deny("Only the coordinator may ...")``."""
    return Forbidden(message)


__all__ = [
    "Caller",
    "CallerSchema",
    "InvalidInput",
    "PARTNERSHIP_ROLES",
    "ROLES",
    "SERVICE_ROLE",
    "deny",
    "load_caller",
    "require_signed_in",
]
