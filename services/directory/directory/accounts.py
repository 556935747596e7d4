"""Accounts: signing in (with throttling of failed attempts), the session a token names, signing
out and changing a password.

Throttling counts failed sign-ins per account (by email, known or not) and per client address in
the directory's store, so every gateway process shares the count. An attempt is counted before
its password is checked, by a conditional update: a burst of parallel guesses is admitted at most
up to the limit, and past it each attempt is refused (``TooManyRequests``, with ``retry_after``)
without checking any password until a growing delay has passed (base, 2x base, 4x base ...,
capped). A success clears the account's count (never the address's). An unknown address costs
the same work as a known one: its password is checked against a dummy hash.

Each account has a ``token_version``: tokens carry it, and a sign-out, a password change or
reset, or a role change moves it on, so older tokens stop working at once.
"""

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo.errors import DuplicateKeyError

from contracts import directory as c
from contracts.errors import InvalidInput, TooManyRequests, Unauthorized
from directory.domain import normalise_email
from directory.passwords import hash_password, verify_password
from directory.storage import Person, SignInThrottle, raw
from runtime.delivery import outbox_entry

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# while the last admitted attempt is checked, further ones wait (a crash mid-check costs this)
HOLD = timedelta(seconds=10)
SESSION_FIELDS = {"email": 1, "name": 1, "roles": 1, "school_urn": 1, "token_version": 1}


@dataclass(frozen=True)
class Limits:
    """How many failures are free before each further attempt waits a growing delay."""

    account_failures: int = 5
    address_failures: int = 20
    base_delay: float = 1.0
    max_delay: float = 900.0
    # a count untouched for this long starts afresh
    window: float = 900.0

    @classmethod
    def from_config(cls, config: dict) -> "Limits":
        def number(key, default, kind=float):
            value = config.get(key)
            return kind(value) if value not in (None, "") else default

        return cls(
            account_failures=max(1, number("SIGNIN_ACCOUNT_FAILURES", 5, int)),
            address_failures=max(1, number("SIGNIN_ADDRESS_FAILURES", 20, int)),
            base_delay=max(0.001, number("SIGNIN_BASE_DELAY_SECONDS", 1.0)),
            max_delay=max(0.001, number("SIGNIN_MAX_DELAY_SECONDS", 900.0)),
            window=max(1.0, number("SIGNIN_WINDOW_SECONDS", 900.0)),
        )

    def delay(self, failures: int, free: int) -> float:
        """Seconds to wait after the ``failures``-th failure when ``free`` are free."""
        if failures < free:
            return 0.0
        return min(self.max_delay, self.base_delay * 2 ** min(failures - free, 40))


_dummy_hash: list[str] = []


def _dummy() -> str:
    """A hash to check unknown addresses against, so they cost what known ones cost."""
    if not _dummy_hash:
        _dummy_hash.append(hash_password(secrets.token_urlsafe(16)))
    return _dummy_hash[0]


class Counter:
    """One throttle count (``account:<email>`` or ``address:<ip>``) in the store."""

    def __init__(self, key: str, free: int, limits: Limits, now: datetime):
        self.key, self.free, self.limits, self.now = key, free, limits, now
        self.holding = False

    def _refused(self) -> TooManyRequests:
        doc = raw(SignInThrottle).find_one({"_id": self.key}, {"blocked_until": 1}) or {}
        until = doc.get("blocked_until") or self.now
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        wait = max(1, math.ceil((until - self.now).total_seconds()))
        return TooManyRequests(
            f"Too many failed sign-ins: try again in {wait} second(s).", retry_after=wait
        )

    def admit(self) -> None:
        """Count this attempt, or refuse it (TooManyRequests) while the count is blocked."""
        collection = raw(SignInThrottle)
        not_blocked = {"blocked_until": {"$lte": self.now}}
        stale = self.now - timedelta(seconds=self.limits.window)
        collection.update_one(
            {"_id": self.key, "last_at": {"$lt": stale}, **not_blocked}, {"$set": {"failures": 0}}
        )
        for _ in range(3):
            if self._free_attempt(not_blocked):
                return
            # the last free attempt, or the one after a delay: admitted alone, holding others
            held = collection.update_one(
                {"_id": self.key, "failures": {"$gte": self.free - 1}, **not_blocked},
                {
                    "$inc": {"failures": 1},
                    "$set": {"last_at": self.now, "blocked_until": self.now + HOLD},
                },
            )
            if held.matched_count:
                self.holding = True
                return
            doc = collection.find_one({"_id": self.key}, {"blocked_until": 1})
            if doc is not None and _aware(doc.get("blocked_until")) > self.now:
                raise self._refused()
        raise self._refused()

    def _free_attempt(self, not_blocked: dict) -> bool:
        """Count an attempt while the count stays below the last free one (creating the count
        when there is none); False when it is past that, or blocked."""
        collection = raw(SignInThrottle)
        try:
            if self.free <= 1:  # no attempt is free of holding: just make sure the count exists
                collection.update_one(
                    {"_id": self.key},
                    {
                        "$setOnInsert": {
                            "failures": 0,
                            "blocked_until": EPOCH,
                            "last_at": self.now,
                        }
                    },
                    upsert=True,
                )
                return False
            done = collection.update_one(
                {"_id": self.key, "failures": {"$lt": self.free - 1}, **not_blocked},
                {
                    "$inc": {"failures": 1},
                    "$set": {"last_at": self.now},
                    "$setOnInsert": {"blocked_until": EPOCH},
                },
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # the count exists and is past its free attempts, or blocked
        return bool(done.matched_count or done.upserted_id is not None)

    def failed(self) -> None:
        """The admitted attempt failed: a held count now waits its delay."""
        if not self.holding:
            return
        doc = raw(SignInThrottle).find_one({"_id": self.key}, {"failures": 1}) or {}
        wait = self.limits.delay(doc.get("failures", self.free), self.free)
        raw(SignInThrottle).update_one(
            {"_id": self.key},
            {"$set": {"blocked_until": self.now + timedelta(seconds=wait)}},
        )
        self.holding = False

    def release(self) -> None:
        """The admitted attempt succeeded: a held count lets the next attempt in (its count
        stays)."""
        if self.holding:
            raw(SignInThrottle).update_one({"_id": self.key}, {"$set": {"blocked_until": self.now}})
            self.holding = False

    def clear(self) -> None:
        raw(SignInThrottle).update_one(
            {"_id": self.key}, {"$set": {"failures": 0, "blocked_until": EPOCH}}
        )


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return EPOCH
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def account_key(email: str) -> str:
    return "account:" + normalise_email(email)[:320]


def address_key(address: str) -> str:
    return "address:" + str(address)[:100]


def session_item(doc) -> dict:
    """An ``AccountSessionSchema`` answer from a Person document or a raw person dict."""
    get = doc.get if isinstance(doc, dict) else lambda key, default=None: getattr(doc, key, default)
    return {
        "id": get("_id") if isinstance(doc, dict) else doc.id,
        "email": get("email"),
        "name": get("name"),
        "roles": sorted(get("roles") or []),
        "school_urn": get("school_urn"),
        "token_version": get("token_version") or 0,
    }


def authenticate(
    email: str, password: str, client_address: str | None, limits: Limits, now: datetime
) -> dict:
    """The session of the person with this email and password. Unauthorized when either is
    wrong; TooManyRequests while the address or the account is throttled (its password is then
    not checked)."""
    counters = []
    if client_address:
        counters.append(Counter(address_key(client_address), limits.address_failures, limits, now))
    counters.append(Counter(account_key(email), limits.account_failures, limits, now))
    admitted = []
    try:
        for counter in counters:
            counter.admit()
            admitted.append(counter)
    except TooManyRequests:
        for counter in admitted:
            counter.failed()
        raise
    person = raw(Person).find_one(
        {"email": normalise_email(email)}, {**SESSION_FIELDS, "password_hash": 1}
    )
    stored = (person or {}).get("password_hash")
    good = verify_password(stored or _dummy(), password) and bool(stored)
    if not good:
        for counter in counters:
            counter.failed()
        raise Unauthorized("Email or password is wrong.")
    counters[-1].clear()  # the account's count; an address's count is never cleared by success
    for counter in counters[:-1]:
        counter.release()
    return session_item(person)


def resolve_session(person_id: str, token_version: int) -> dict:
    """The person a token names, as they are now; Unauthorized when unknown or revoked."""
    person = raw(Person).find_one({"_id": person_id}, SESSION_FIELDS)
    if person is None or (person.get("token_version") or 0) != token_version:
        raise Unauthorized("The token was revoked; sign in again.")
    return session_item(person)


def resolve_sessions(queries: list[dict]) -> list[dict | Unauthorized]:
    """``resolve_session`` for several tokens with one read: each answer, or its Unauthorized."""
    ids = list({query["person_id"] for query in queries})
    found = {doc["_id"]: doc for doc in raw(Person).find({"_id": {"$in": ids}}, SESSION_FIELDS)}
    answers: list[dict | Unauthorized] = []
    for query in queries:
        person = found.get(query["person_id"])
        if person is None or (person.get("token_version") or 0) != query["token_version"]:
            answers.append(Unauthorized("The token was revoked; sign in again."))
        else:
            answers.append(session_item(person))
    return answers


def revoking(update: dict, person_id: str, correlation_id: str | None = None) -> dict:
    """``update`` (of a Person) made to end the person's tokens too: the token version moves on
    and ``sessions_revoked`` joins the outbox, in the same write."""
    event = outbox_entry(
        c.SESSIONS_REVOKED, c.SessionsRevokedSchema, {"person_id": person_id}, correlation_id
    )
    update.setdefault("$inc", {})["token_version"] = 1
    pushes = update.setdefault("$push", {})
    earlier = pushes.get("outbox")
    if earlier is None:
        pushes["outbox"] = event
    elif isinstance(earlier, dict) and "$each" in earlier:
        earlier["$each"].append(event)
    else:
        pushes["outbox"] = {"$each": [earlier, event]}
    return update


def token_versions() -> dict[str, int]:
    """Every account whose tokens were ever revoked, with its current token version."""
    found = raw(Person).find({"token_version": {"$gt": 0}}, {"token_version": 1})
    return {doc["_id"]: doc["token_version"] for doc in found}


def sign_out(person_id: str, correlation_id: str | None = None) -> dict:
    raw(Person).update_one({"_id": person_id}, revoking({}, person_id, correlation_id))
    return {"status": "signed_out"}


def change_password(
    person_id: str,
    current: str,
    new: str,
    limits: Limits,
    now: datetime,
    correlation_id: str | None = None,
) -> dict:
    """Set a new password when the current one is right (422 naming ``current_password``
    otherwise; wrong guesses count against the account like failed sign-ins)."""
    person = raw(Person).find_one({"_id": person_id}, {"email": 1, "password_hash": 1})
    if person is None:
        raise Unauthorized("Sign in again.")
    counter = Counter(account_key(person["email"]), limits.account_failures, limits, now)
    counter.admit()
    stored = person.get("password_hash")
    if not (verify_password(stored or _dummy(), current) and stored):
        counter.failed()
        raise InvalidInput(
            "The current password is wrong.", {"current_password": ["Wrong password."]}
        )
    counter.clear()
    update = {"$set": {"password_hash": hash_password(new)}, "$inc": {"calendar_key": 1}}
    raw(Person).update_one({"_id": person_id}, revoking(update, person_id, correlation_id))
    return {"status": "changed"}


def clear_account(email: str) -> None:
    """Forget an account's failed sign-ins (its owner proved who they are by a reset code)."""
    raw(SignInThrottle).update_one(
        {"_id": account_key(email)}, {"$set": {"failures": 0, "blocked_until": EPOCH}}
    )


def forget_quiet_counts(now: datetime, older_than: timedelta = timedelta(days=1)) -> int:
    """Drop counts nobody touched for a day and that block nothing (housekeeping)."""
    cutoff = now - older_than
    done = raw(SignInThrottle).delete_many(
        {"last_at": {"$lt": cutoff}, "blocked_until": {"$lt": now}}
    )
    return done.deleted_count
