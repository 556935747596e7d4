"""Resetting a forgotten password: a one-time code sent to the person (by a directed command
to the notifications service, never on a broadcast event), then a new password set with that
code. Only the code's hash is stored; a new request replaces an older code, and a code works
once, until it expires. Setting a password this way ends every session (token version)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from contracts.errors import InvalidInput
from directory.accounts import revoking
from directory.domain import normalise_email
from directory.passwords import hash_password
from directory.storage import Person

CODE_TTL = timedelta(hours=1)
# a second request within this time sends no second email (a reset cannot be used to spam)
REQUEST_INTERVAL = timedelta(minutes=1)


def _hashed(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()  # (a random code: no slow hash needed)


def request_reset(email: str, at: datetime) -> dict | None:
    """Issue a code for the person with ``email``; returns what the notifications service needs
    to email it (``{"person_id", "email", "name", "code", "expires_at"}``), or None when nobody
    has that address or a code was sent a moment ago (the caller answers the same either
    way)."""
    person = Person.objects(email=normalise_email(email)).only("id", "email", "name").first()
    if person is None:
        return None
    code = secrets.token_urlsafe(24)
    expires = at + CODE_TTL
    asked_before = at - REQUEST_INTERVAL
    not_just_asked = {
        "$or": [{"reset_requested_at": None}, {"reset_requested_at": {"$lt": asked_before}}]
    }
    issued = Person._get_collection().update_one(
        {"_id": person.id, **not_just_asked},
        {
            "$set": {
                "reset_token_hash": _hashed(code),
                "reset_expires_at": expires,
                "reset_requested_at": at,
            }
        },
    )
    if not issued.modified_count:
        return None
    return {
        "person_id": person.id,
        "email": person.email,
        "name": person.name,
        "code": code,
        "expires_at": expires.isoformat(),
    }


def undo_request(person_id: str) -> None:
    """The code could not be sent: let the person ask again at once (the code itself stays
    valid, in case the command is delivered late)."""
    Person._get_collection().update_one({"_id": person_id}, {"$set": {"reset_requested_at": None}})


def reset_password(code: str, password: str, at: datetime) -> Person:
    """Set the password of the person the code was issued to, and spend the code. Errors:
    InvalidInput (``token``: unknown, used or expired)."""
    hashed = _hashed(code)
    person = Person.objects(reset_token_hash=hashed).first()
    if person is None or person.reset_expires_at is None or person.reset_expires_at < at:
        raise InvalidInput(
            "The reset code is wrong, used already or expired: ask for a new one.",
            {"token": ["Unknown, used or expired."]},
        )
    update = {
        "$set": {"password_hash": hash_password(password)},
        "$unset": {"reset_token_hash": "", "reset_expires_at": ""},
        "$inc": {"calendar_key": 1},  # whoever knew the old password may hold the old address
    }
    spent = Person._get_collection().update_one(
        {"_id": person.id, "reset_token_hash": hashed}, revoking(update, person.id)
    )
    if not spent.modified_count:  # used by a concurrent request a moment ago
        raise InvalidInput("The reset code was used already.", {"token": ["Used already."]})
    person.reload()
    return person
