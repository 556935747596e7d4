"""Feedback after an event: the form reached from a past, attended booking on my bookings (events
``submit_feedback``, the RPC behind ``POST /api/v1/events/<id>/feedback``). The event's organisers
read the feedback through the API (``GET /api/v1/events/<id>/feedback``).

The events service tells nobody whether a person has given feedback (it refuses a second time),
so the browser's session remembers the events it sent feedback on, to say "Feedback sent"."""

from flask import Blueprint, abort, flash, redirect, request, session, url_for

from contracts import events as e
from contracts.clients.events import EventsClient
from contracts.errors import Conflict
from gateway.rpc import call
from gateway.web.forms import FeedbackForm
from gateway.web.pages import render
from gateway.web.session import signed_in

# nested in the bookings blueprint (its sign-in, CSRF and error pages apply)
blp = Blueprint("feedback", __name__)

SENT_KEY = "feedback_sent"
REMEMBERED = 50  # the session cookie stays small


def sent_on() -> set[str]:
    """The events this browser has sent (or been told it already gave) feedback on."""
    return set(session.get(SENT_KEY) or [])


def _remember(event_id: str) -> None:
    kept = [i for i in session.get(SENT_KEY) or [] if i != event_id]
    session[SENT_KEY] = [*kept, event_id][-REMEMBERED:]


@blp.route("/events/<event_id>/feedback", methods=["GET", "POST"])
@signed_in
def give(event_id: str):
    """How useful the event was (1 to 5) and any comments; once per person and event."""
    if len(event_id) > 64:
        abort(404)
    event = call(EventsClient.get_event, event_id)
    form = FeedbackForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render("web/feedback/form.html", status, form=form, event=event)
    body = {"rating": int(form.rating.data), "comments": (form.comments.data or "").strip()}
    try:
        call(EventsClient.submit_feedback, event_id, e.FeedbackCreateSchema().dump(body))
    except Conflict as err:  # did not attend, or gave feedback before
        if "Already given." in (err.fields or {}).get("person_id", []):
            _remember(event_id)
        flash(err.message or "You cannot give feedback on this event.", "error")
    else:
        _remember(event_id)
        flash(f"Feedback sent on {event['title']}. Thank you.", "success")
    return redirect(url_for("bookings.my_bookings"))
