"""Sending the email a delivery record describes: claim it, address it through the directory,
render its templates (and iCal), send over SMTP, record the attempt. Temporary failures are retried
with backoff; permanent ones (and running out of attempts) end as ``failed``. Digests gather a
person's queued items into one email when due."""

import hashlib
import logging
from datetime import datetime, timedelta

from notifications import ical, mailer
from notifications.ports import CpdEvents, People, Unavailable
from notifications.privacy import is_suppressed
from notifications.render import render_email
from notifications.settings import Settings
from notifications.storage import Delivery, new_id, now
from runtime import logcontext

_log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)
DIGEST_SUBJECTS = {
    "daily": "Your Partnership Hub daily digest",
    "weekly": "Partnership Hub weekly bulletin",
}


def _due(at: datetime) -> tuple[dict, dict]:
    """Due deliveries: pending ones whose time has come, and claims that lapsed (a worker died).
    Two queries, not one ``$or``: each then walks the (status, send_at) index, where an ``$or``
    can make the store scan the whole collection (measured: 140 ms at 6,000 deliveries)."""
    return (
        {"status": "pending", "send_at": {"$lte": at}},
        {"status": "sending", "lease_until": {"$lt": at}},
    )


def _candidates(deliveries, at: datetime) -> list[str]:
    """The oldest due deliveries and lapsed claims, each found through the (status, send_at)
    index (in-flight claims are few, so their leases are compared here)."""
    due = deliveries.find(_due(at)[0], {"_id": 1}).sort("send_at", 1).limit(5)
    sending = deliveries.find({"status": "sending"}, {"lease_until": 1})
    lapsed = [d["_id"] for d in sending if d.get("lease_until") and d["lease_until"] < at]
    return [d["_id"] for d in due] + lapsed[:5]


def claim(delivery_id: str | None, at: datetime) -> dict | None:
    """Atomically take a due delivery (this one, or the oldest due) for sending. A conditional
    update by id, then a read: SecantusDB serves both through the _id index (its findAndModify
    by id scans the collection), and a claimed delivery is this worker's until its lease ends."""
    deliveries = Delivery._get_collection()
    take = {"$set": {"status": "sending", "lease_until": at + LEASE}, "$inc": {"attempts": 1}}
    for candidate in [delivery_id] if delivery_id is not None else _candidates(deliveries, at):
        for due in _due(at):
            if deliveries.update_one({"_id": candidate, **due}, take).modified_count:
                return deliveries.find_one({"_id": candidate})
    return None


def _sessions(context: dict, events: CpdEvents) -> tuple[list[dict], str | None]:
    if context.get("sessions"):
        return context["sessions"], None
    event = None
    if context.get("cpd_event_id"):
        event = events.event(context["cpd_event_id"])
    if event and event.get("sessions"):
        return event["sessions"], event.get("title")
    if context.get("starts_at"):
        return [{"starts_at": context["starts_at"]}], None
    return [], None


def _sequence(context: dict, events: CpdEvents) -> int:
    """The event's revision, from the message or else the events service (``ical.sequence_of``)."""
    if isinstance(context.get("sequence"), int):
        return context["sequence"]
    return ical.sequence_of(context, events.event(context["cpd_event_id"]))


def compose(doc: dict, person: dict, events: CpdEvents, sender: str, public_url: str = ""):
    """The EmailMessage for delivery ``doc`` to ``person`` (``public_url``: the platform's web
    address, for links)."""
    context = {
        **doc.get("context", {}),
        "name": person.get("name"),
        "subject": doc["subject"],
        "public_url": public_url,
    }
    ics = None
    if doc.get("calendar") and context.get("cpd_event_id"):
        sessions, title = _sessions(context, events)
        context["sessions"] = sessions
        context["calendar"] = doc["calendar"]
        if sessions:
            ics = ical.build_calendar(
                doc["calendar"],
                context["cpd_event_id"],
                context.get("event_title") or title or doc["subject"],
                sessions,
                _sequence(context, events),
                description=context.get("body", ""),
                attendee=person["email"],
            )
    text, html = render_email(doc.get("template") or doc["kind"], context)
    return mailer.build_message(
        sender,
        person["email"],
        doc["subject"],
        text,
        html,
        ics=ics,
        ics_method=doc.get("calendar") or "REQUEST",
        headers={"X-Hub-Delivery": doc["_id"], "X-Hub-Kind": doc["kind"]},
        message_id=message_id_of(doc["_id"]),
    )


def message_id_of(delivery_id: str) -> str:
    """The same Message-ID for every attempt at one delivery: should an email go out twice (the
    process dying between the server's acceptance and the record of it), mail clients and
    servers that drop duplicate Message-IDs show it once."""
    digest = hashlib.sha256(delivery_id.encode()).hexdigest()[:32]
    return f"<{digest}@partnership-hub>"


# Context kept only until the email is sent (a password reset's one-time code).
SECRETS = ("reset_token",)


def _record(doc: dict, at: datetime, fields: dict, outcome: str, error: str | None = None):
    entry = {"at": at, "outcome": outcome, "error": error}
    update = {
        "$set": {**fields, "last_error": error, "lease_until": None},
        "$push": {"history": entry},
    }
    secrets = [f"context.{key}" for key in SECRETS if key in (doc.get("context") or {})]
    if outcome == "sent" and secrets:
        update["$unset"] = dict.fromkeys(secrets, "")
    Delivery._get_collection().update_one({"_id": doc["_id"], "status": "sending"}, update)


def addressee(doc: dict, people: People) -> dict | None:
    """Who the delivery goes to: the address its command gave (a password reset: the directory
    said where), else the person as the directory has them now."""
    given = (doc.get("context") or {}).get("address")
    if isinstance(given, dict) and given.get("email"):
        return {"id": doc["person_id"], **given}
    return people.person(doc["person_id"])


def attempt(
    doc: dict, people: People, events: CpdEvents, smtp: mailer.SmtpPool, settings: Settings
) -> str:
    """Send the claimed delivery ``doc``; returns its new status. Its lines name the correlation
    id stored with it (of the request or event that caused it: a retry by the timer too; a
    digest's is its own, ``digest:<id>``, and its lines list its items' as ``correlation_ids``)."""
    with logcontext.bound(doc.get("correlation_id") or logcontext.current(), logcontext.service()):
        return _attempt(doc, people, events, smtp, settings)


def _attempt(
    doc: dict, people: People, events: CpdEvents, smtp: mailer.SmtpPool, settings: Settings
) -> str:
    at = now()
    try:
        if is_suppressed(doc["person_id"]):  # their data was erased (notifications.privacy)
            raise mailer.PermanentFailure("this person's data was erased: no email to them")
        person = addressee(doc, people)
        if not person or not person.get("email"):
            raise mailer.PermanentFailure("the directory has no email address for this person")
        message = compose(doc, person, events, smtp.settings.sender, settings.public_url)
        smtp.send(message, **_digest_fields(doc))
    except mailer.PermanentFailure as exc:
        _record(doc, at, {"status": "failed"}, "failed", str(exc)[:500])
        _log.warning("delivery %s failed permanently: %s", doc["_id"], exc)
        return "failed"
    except (mailer.TemporaryFailure, Unavailable) as exc:
        if doc["attempts"] >= settings.max_attempts:
            _record(doc, at, {"status": "failed"}, "gave_up", str(exc)[:500])
            return "failed"
        retry_at = at + timedelta(seconds=settings.backoff_seconds(doc["attempts"]))
        _record(doc, at, {"status": "pending", "send_at": retry_at}, "retry", str(exc)[:500])
        return "pending"
    except Exception as exc:  # noqa: BLE001 - a bug here must not retry forever nor stop others
        _log.exception("delivery %s could not be built", doc["_id"])
        _record(doc, at, {"status": "failed"}, "failed", f"internal error: {exc!r}"[:500])
        return "failed"
    _record(doc, at, {"status": "sent", "sent_at": at, "to_email": person["email"]}, "sent")
    return "sent"


def _digest_fields(doc: dict) -> dict:
    """What a digest's email line adds: the correlation ids of the items it gathers."""
    if doc.get("kind") != "digest":
        return {}
    return {"log_fields": {"correlation_ids": doc.get("correlation_ids") or []}}


def send_one(delivery_id: str, people, events, smtp, settings) -> str | None:
    """Send delivery ``delivery_id`` now if it is due and nobody else is sending it."""
    doc = claim(delivery_id, now())
    return attempt(doc, people, events, smtp, settings) if doc else None


def send_due(people, events, smtp, settings, limit: int = 100) -> int:
    """Send up to ``limit`` due deliveries (held, retried, or abandoned by a crashed worker)."""
    count = 0
    while count < limit:
        doc = claim(None, now())
        if doc is None:
            break
        attempt(doc, people, events, smtp, settings)
        count += 1
    return count


def assemble_digests(at: datetime | None = None, limit: int = 200) -> list[str]:
    """Gather each person's due digest items into one pending digest delivery; returns their ids."""
    at = at or now()
    deliveries = Delivery._get_collection()
    due = {"status": "queued", "send_at": {"$lte": at}}
    made = []
    groups = deliveries.aggregate(
        [
            {"$match": due},
            {"$group": {"_id": {"person": "$person_id", "mode": "$mode"}}},
            {"$limit": limit},
        ]
    )
    for group in list(groups):
        person_id, mode = group["_id"]["person"], group["_id"]["mode"]
        digest_id = new_id()
        deliveries.insert_one(
            {
                "_id": digest_id,
                "person_id": person_id,
                "source_event_id": f"digest:{digest_id}",
                "kind": "digest",
                "template": "digest",
                "mode": mode,
                "subject": DIGEST_SUBJECTS.get(mode, DIGEST_SUBJECTS["daily"]),
                "status": "assembling",
                "send_at": at,
                "attempts": 0,
                "history": [],
                "correlation_id": f"digest:{digest_id}",
                "created_at": at,
            }
        )
        deliveries.update_many(
            {**due, "person_id": person_id, "mode": mode},
            {"$set": {"status": "digested", "digest_id": digest_id}},
        )
        if finish_digest(digest_id):
            made.append(digest_id)
    return made


def finish_digest(digest_id: str) -> bool:
    """Put the items of digest ``digest_id`` in its context and make it pending (or drop it)."""
    deliveries = Delivery._get_collection()
    gathered = list(deliveries.find({"digest_id": digest_id}).sort("created_at", 1))
    items = [
        {"title": d["subject"], "body": d.get("context", {}).get("body", "")} for d in gathered
    ]
    if not items:
        deliveries.delete_one({"_id": digest_id, "status": "assembling"})
        return False
    causes = list(dict.fromkeys(d["correlation_id"] for d in gathered if d.get("correlation_id")))
    deliveries.update_one(
        {"_id": digest_id, "status": "assembling"},
        {"$set": {"status": "pending", "context": {"items": items}, "correlation_ids": causes}},
    )
    return True


def finish_abandoned_digests(older_than: timedelta = timedelta(minutes=1)) -> int:
    """Digests a crash left half-assembled are finished (or dropped)."""
    assembling = Delivery._get_collection().find({"status": "assembling"}, {"created_at": 1})
    before = now() - older_than
    stale = [d["_id"] for d in assembling if d.get("created_at") and d["created_at"] < before]
    return sum(finish_digest(delivery_id) for delivery_id in stale)
