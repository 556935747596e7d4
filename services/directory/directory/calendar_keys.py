"""The key of a person's calendar subscription address. A calendar app cannot sign in, so the
address carries the person's id and this key, signed by the gateway; the key moves on when the
person asks for a new address or their password changes or is reset, and every older address
stops working. Unlike a session's token version it does not move at a sign-out."""

from contracts.errors import Unauthorized
from directory.storage import Person, raw

OWNER_FIELDS = {"email": 1, "name": 1, "roles": 1, "school_urn": 1, "token_version": 1}


def key_of(person_id: str) -> dict:
    found = raw(Person).find_one({"_id": person_id}, {"calendar_key": 1})
    if found is None:
        raise Unauthorized("Sign in again.")
    return {"person_id": person_id, "key": found.get("calendar_key") or 0}


def renew(person_id: str) -> dict:
    """A new key: the addresses given out before stop working."""
    done = raw(Person).find_one_and_update(
        {"_id": person_id}, {"$inc": {"calendar_key": 1}}, projection={"calendar_key": 1}
    )
    if done is None:
        raise Unauthorized("Sign in again.")
    return {"person_id": person_id, "key": (done.get("calendar_key") or 0) + 1}


def owner(person_id: str, key: int) -> dict:
    """Who an address names, when its key is still theirs (Unauthorized otherwise)."""
    found = raw(Person).find_one({"_id": person_id, "calendar_key": key}, OWNER_FIELDS)
    if found is None and key == 0:  # an account stored before keys: its first address
        found = raw(Person).find_one(
            {"_id": person_id, "calendar_key": {"$exists": False}}, OWNER_FIELDS
        )
    if found is None:
        raise Unauthorized("This calendar address no longer works.")
    return {
        "id": found["_id"],
        "email": found.get("email") or "",
        "name": found.get("name") or "",
        "roles": found.get("roles") or [],
        "school_urn": found.get("school_urn"),
        "token_version": found.get("token_version") or 0,
    }
