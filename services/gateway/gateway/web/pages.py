"""What every page shares: UK dates and times, money in pounds, plain-English statuses, and the
error pages (a page never answers with the API's JSON error body, and never a 500 for bad input)."""

import logging
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import g, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from contracts.clients.base import BrokenContract
from contracts.errors import Forbidden, NotFound, ServiceError, Unauthorized
from gateway.rpc import ServiceUnavailable
from gateway.web import session

_log = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")

BOOKING_STATUS = {
    "confirmed": ("Booked", "govuk-tag--green"),
    "waitlisted": ("On the waiting list", "govuk-tag--yellow"),
    "offered": ("Place offered", "govuk-tag--purple"),
    "pending_approval": ("Waiting for approval", "govuk-tag--blue"),
    "cancelled": ("Cancelled", "govuk-tag--grey"),
    "declined": ("Declined", "govuk-tag--grey"),
    "expired": ("Offer expired", "govuk-tag--grey"),
}
KIND_NAMES = {
    "course": "Course",
    "conference": "Conference",
    "inset": "INSET day",
    "cluster_meeting": "Cluster meeting",
    "teachmeet": "Teachmeet",
    "briefing": "Briefing",
    "group_meeting": "Group meeting",
}


def _moment(value) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(LONDON)
    return value


def uk_datetime(value) -> str:
    """'Tuesday 1 December 2026, 9:30am' in London time."""
    moment = _moment(value)
    if moment is None:
        return ""
    return f"{uk_date(moment)}, {uk_time(moment)}"


def uk_date(value) -> str:
    moment = _moment(value) if not isinstance(value, date) or isinstance(value, datetime) else value
    if moment is None:
        return ""
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def uk_time(value) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def pounds(pence) -> str:
    if not pence:
        return "Free"
    return f"£{pence / 100:,.2f}"


def status_name(status: str) -> str:
    return BOOKING_STATUS.get(status, (status.replace("_", " ").capitalize(), ""))[0]


def status_tag(status: str) -> dict:
    text, classes = BOOKING_STATUS.get(status, (status_name(status), ""))
    return {"text": text, "classes": classes}


def places_left(event: dict) -> int:
    held = event.get("confirmed_count", 0) + event.get("offered_count", 0)
    return max(0, event.get("capacity", 0) - held - event.get("pending_count", 0))


def render(template: str, status: int = 200, **context):
    return render_template(template, **context), status


def error_page(status: int, title: str, message: str):
    return render("web/error.html", status, title=title, message=message)


def on_service_error(error: ServiceError):
    if isinstance(error, Unauthorized):
        return redirect(url_for("account.sign_in", next=request.full_path.rstrip("?")))
    if isinstance(error, NotFound):
        return error_page(404, "Page not found", "We could not find that page or record.")
    if isinstance(error, Forbidden):
        return error_page(403, "You cannot do that", error.message or "You do not have access.")
    return error_page(error.status, "There is a problem", error.message)


def on_unavailable(error: ServiceUnavailable):
    return error_page(503, "Sorry, there is a problem", "Please try again in a few minutes.")


def on_broken_contract(error: BrokenContract):
    _log.error("broken contract: %s", error)
    return error_page(502, "Sorry, there is a problem", "Please try again in a few minutes.")


def on_csrf(error: CSRFError):
    return error_page(
        400,
        "Your form has expired",
        "The form was missing its security token. Go back, reload the page and try again.",
    )


def on_not_found(error):
    return error_page(404, "Page not found", "We could not find that page or record.")


def register_errors(blp) -> None:
    """A page blueprint's set-up: CSRF and the signed-in person first, HTML error pages."""
    blp.before_request(session.protect)
    blp.register_error_handler(404, on_not_found)
    blp.register_error_handler(ServiceError, on_service_error)
    blp.register_error_handler(ServiceUnavailable, on_unavailable)
    blp.register_error_handler(BrokenContract, on_broken_contract)
    blp.register_error_handler(CSRFError, on_csrf)


def init_app(app) -> None:
    app.add_template_filter(uk_datetime, "uk_datetime")
    app.add_template_filter(uk_date, "uk_date")
    app.add_template_filter(uk_time, "uk_time")
    app.add_template_filter(pounds, "pounds")
    app.add_template_filter(status_name, "status_name")
    app.add_template_filter(status_tag, "status_tag")
    app.add_template_filter(places_left, "places_left")
    app.add_template_filter(lambda kind: KIND_NAMES.get(kind, kind), "kind_name")

    @app.context_processor
    def who():
        return {"caller": g.get("caller"), "service_name": "Partnership Hub"}
