"""Resetting a forgotten password: a one-time code emailed to the person (through the
``password_reset_requested`` event), then a new password set with that code. Only the code's hash
is stored; a new request replaces an older code, and a code works once, until it expires."""

import hashlib
import secrets
from datetime import datetime, timedelta

from contracts import directory as c
from contracts.delivery import outbox_entry
from contracts.errors import InvalidInput
from directory.domain import normalise_email
from directory.passwords import hash_password
from directory.storage import Person

CODE_TTL = timedelta(hours=1)
# a second request within this time sends no second email (a reset cannot be used to spam)
REQUEST_INTERVAL = timedelta(minutes=1)


def _hashed(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()  # (a random code: no slow hash needed)


def request_reset(email: str, at: datetime, correlation_id: str | None = None) -> str | None:
    """Issue a code for the person with ``email`` and put the event that emails it in their
    outbox; returns the person's id, or None when nobody has that address or a code was sent a
    moment ago (the caller answers the same either way)."""
    person = Person.objects(email=normalise_email(email)).only("id").first()
    if person is None:
        return None
    code = secrets.token_urlsafe(24)
    expires = at + CODE_TTL
    entry = outbox_entry(
        c.PASSWORD_RESET_REQUESTED,
        c.PasswordResetRequestedSchema,
        {"person_id": person.id, "reset_token": code, "expires_at": expires},
        correlation_id,
    )
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
            },
            "$push": {"outbox": entry},
        },
    )
    return person.id if issued.modified_count else None


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
    spent = Person._get_collection().update_one(
        {"_id": person.id, "reset_token_hash": hashed},
        {
            "$set": {"password_hash": hash_password(password)},
            "$unset": {"reset_token_hash": "", "reset_expires_at": ""},
        },
    )
    if not spent.modified_count:  # used by a concurrent request a moment ago
        raise InvalidInput("The reset code was used already.", {"token": ["Used already."]})
    person.reload()
    return person
