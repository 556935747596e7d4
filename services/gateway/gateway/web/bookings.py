"""A signed-in person's home page and bookings: events ``list_bookings``, ``list_approvals``,
``person_calendar``; notifications ``unread_count``."""

import base64
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, g

from contracts import events as e
from contracts import notifications as n
from gateway.rpc import call
from gateway.web.forms import ActionForm
from gateway.web.pages import register_errors, render
from gateway.web.session import signed_in

blp = Blueprint("bookings", __name__)
register_errors(blp)


def _events_by_id(bookings: list[dict]) -> dict:
    """The events of these bookings, in one call whatever their number (at most 200)."""
    ids = list(dict.fromkeys(b["event_id"] for b in bookings))[:200]
    if not ids:
        return {}
    page = call(e.SERVICE, "list_events", {"ids": ids, "per_page": len(ids)})
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
    bookings = call(e.SERVICE, "list_bookings", {"per_page": 100})["items"]
    active = [b for b in bookings if b["status"] in e.ACTIVE_STATUSES]
    upcoming, _ = _sorted_out(active, _events_by_id(active))
    approvals = call(e.SERVICE, "list_approvals", {"per_page": 20})
    unread = call(n.SERVICE, "unread_count", g.caller.id)
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
    bookings = call(e.SERVICE, "list_bookings", {"per_page": 100})["items"]
    upcoming, past = _sorted_out(bookings, _events_by_id(bookings))
    return render(
        "web/bookings.html",
        upcoming=[b for b in upcoming if b["status"] in e.ACTIVE_STATUSES],
        past=[b for b in past if b["status"] == "confirmed"],
        ended=[b for b in upcoming + past if b["status"] not in e.ACTIVE_STATUSES],
        action_form=ActionForm(),
    )


@blp.get("/bookings/calendar.ics")
@signed_in
def calendar_file():
    """My bookings as an iCal file: the same bytes as ``GET /api/v1/me/calendar.ics``."""
    return Response(
        call(e.SERVICE, "person_calendar"),
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="my-events.ics"'},
    )


@blp.get("/bookings/<booking_id>/certificate.pdf")
@signed_in
def certificate(booking_id: str):
    """The certificate of attendance (events ``get_certificate``; 404 until issued)."""
    if len(booking_id) > 64:
        abort(404)
    found = call(e.SERVICE, "get_certificate", booking_id)
    return Response(
        base64.b64decode(found["pdf_base64"]),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{found["filename"]}"'},
    )
