"""A signed-in person's home page and bookings: events ``list_bookings``, ``list_approvals``,
``person_calendar``; notifications ``unread_count``. Feedback after an event is in
``gateway.web.feedback``, nested here.

The calendar subscription: a calendar app cannot sign in, so my bookings page gives an address
that carries a signed token (a key of its own, derived from the token secret) naming the person
and their calendar key (directory ``calendar_key``). The feed asks the directory whom the address
names while the key is theirs (``calendar_owner``), so the address keeps working across
sign-outs, and stops when its owner asks for a new one (``renew_calendar_key``) or changes their
password; it serves what ``GET /api/v1/me/calendar.ics`` serves (events ``person_calendar``)."""

import base64
import hashlib
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from contracts import events as e
from contracts.caller import Caller
from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.clients.notifications import NotificationsClient
from contracts.errors import Forbidden, Unauthorized
from gateway.rpc import call, call_all
from gateway.web import feedback
from gateway.web.forms import ActionForm
from gateway.web.pages import error_page, register_errors, render
from gateway.web.session import signed_in

blp = Blueprint("bookings", __name__)
register_errors(blp)
blp.register_blueprint(feedback.blp)


def _events_by_id(bookings: list[dict]) -> dict:
    """The events of these bookings, in one call whatever their number (at most 200)."""
    ids = list(dict.fromkeys(b["event_id"] for b in bookings))[:200]
    if not ids:
        return {}
    page = call(EventsClient.list_events, {"ids": ids, "per_page": len(ids)})
    return {event["id"]: event for event in page["items"]}


def _first_start(event: dict | None):
    sessions = (event or {}).get("sessions") or []
    return min((s["starts_at"] for s in sessions), default=None)


def _last_end(event: dict | None):
    sessions = (event or {}).get("sessions") or []
    return max((s["ends_at"] for s in sessions), default=None)


def _sorted_out(bookings: list[dict], events: dict) -> tuple[list, list]:
    now = datetime.now(UTC).isoformat()
    upcoming, past = [], []
    for booking in bookings:
        event = events.get(booking["event_id"])
        booking = {**booking, "event": event, "starts_at": _first_start(event)}
        ended = _last_end(event)
        (past if ended is not None and _utc(ended) < now else upcoming).append(booking)
    upcoming.sort(key=lambda b: b["starts_at"] or "")
    past.sort(key=lambda b: b["starts_at"] or "", reverse=True)
    return upcoming, past


def _utc(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


@blp.get("/home")
@signed_in
def home():
    """What is next: my upcoming bookings, places offered to me, approvals waiting, unread."""
    bookings, approvals, unread = call_all(  # together: the page waits for the slowest
        (EventsClient.list_bookings, {"per_page": 100}),
        (EventsClient.list_approvals, {"per_page": 20}),
        (NotificationsClient.unread_count, g.caller.id),
    )
    active = [b for b in bookings["items"] if b["status"] in e.ACTIVE_STATUSES]
    upcoming, _ = _sorted_out(active, _events_by_id(active))
    return render(
        "web/home.html",
        upcoming=[b for b in upcoming if b["status"] != "offered"][:5],
        offers=[b for b in upcoming if b["status"] == "offered"],
        approvals=approvals,
        unread=unread["unread"],
    )


@blp.get("/bookings")
@signed_in
def my_bookings():
    """My bookings: upcoming, past (attended or not, with certificates), and cancelled."""
    bookings = call(EventsClient.list_bookings, {"per_page": 100})["items"]
    upcoming, past = _sorted_out(bookings, _events_by_id(bookings))
    feed = url_for("bookings.subscribed_calendar", token=_feed_token(), _external=True)
    return render(
        "web/bookings.html",
        upcoming=[b for b in upcoming if b["status"] in e.ACTIVE_STATUSES],
        past=[b for b in past if b["status"] == "confirmed"],
        ended=[b for b in upcoming + past if b["status"] not in e.ACTIVE_STATUSES],
        feedback_sent=feedback.sent_on(),
        action_form=ActionForm(),
        feed_url=feed,
        webcal_url="webcal://" + feed.split("://", 1)[1],
    )


def _feed_signer() -> URLSafeSerializer:
    secret = current_app.config["JWT_SECRET"]
    key = hashlib.sha256(b"calendar-feed:" + secret.encode()).hexdigest()
    return URLSafeSerializer(key, salt="calendar-feed")


def _feed_token() -> str:
    """The signed-in person's id and calendar key, signed."""
    key = call(DirectoryClient.calendar_key)["key"]
    return _feed_signer().dumps([g.caller.id, key])


@blp.post("/bookings/calendar-address")
@signed_in
def new_calendar_address():
    """A new subscription address: the one given out before stops working."""
    call(DirectoryClient.renew_calendar_key)
    flash(
        "You have a new calendar address. The old one no longer works: subscribe again with "
        "the new one.",
        "success",
    )
    return redirect(url_for("bookings.my_bookings", _anchor="subscribe"))


@blp.get("/calendar/<token>.ics")
def subscribed_calendar(token: str):
    """My bookings for a calendar app, by the address on my bookings: no sign-in, the token is
    the key. An address replaced by a new one, or from before a password change, does not work."""
    try:
        person_id, key = _feed_signer().loads(token)
        if not isinstance(person_id, str) or not isinstance(key, int) or key < 0:
            raise BadSignature("not a feed token")
        g.caller = Caller.service("gateway")  # the gateway asks whom the address names
        owner = call(DirectoryClient.calendar_owner, {"person_id": person_id, "key": key})
    except (BadSignature, ValueError, TypeError, Unauthorized, Forbidden):
        return error_page(
            404,
            "This calendar address does not work",
            "It stops working when you ask for a new address or change your password. Sign in "
            "and copy the new address from My bookings.",
        )
    g.caller = Caller(
        id=owner["id"],
        roles=tuple(owner["roles"]),
        school_urn=owner.get("school_urn"),
        email=owner.get("email", ""),
        name=owner.get("name", ""),
    )
    return Response(
        call(EventsClient.person_calendar),
        mimetype="text/calendar",
        headers={"Cache-Control": "private, max-age=300", "Referrer-Policy": "no-referrer"},
    )


@blp.get("/bookings/calendar.ics")
@signed_in
def calendar_file():
    """My bookings as an iCal file: the same bytes as ``GET /api/v1/me/calendar.ics``."""
    return Response(
        call(EventsClient.person_calendar),
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="my-events.ics"'},
    )


@blp.get("/bookings/<booking_id>/certificate.pdf")
@signed_in
def certificate(booking_id: str):
    """The certificate of attendance (events ``get_certificate``; 404 until issued)."""
    if len(booking_id) > 64:
        abort(404)
    found = call(EventsClient.get_certificate, booking_id)
    return Response(
        base64.b64decode(found["pdf_base64"]),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{found["filename"]}"'},
    )
