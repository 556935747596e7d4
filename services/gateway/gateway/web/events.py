"""The events calendar, an event's page, and booking actions: events ``list_events``,
``get_event``, ``list_bookings``, ``book_place`` (through the gateway's batcher, as the API),
``cancel_booking`` and ``answer_offer``; the directory's ``list_groups`` (the calendar's group
filter) and ``get_school`` (the price for the signed-in person's school)."""

import functools
from datetime import UTC, datetime, time, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from contracts import events as e
from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.errors import Conflict, Forbidden, InvalidInput, NotFound
from gateway import batching
from gateway.rpc import call, call_all
from gateway.web.directory import problems_before_choices
from gateway.web.forms import ActionForm, EventFilterForm, OfferAnswerForm
from gateway.web.pages import LONDON, places_left, register_errors, render, status_name
from gateway.web.session import signed_in

blp = Blueprint("events_pages", __name__)
register_errors(blp)

WHAT_NEXT = {
    "confirmed": "Your place is booked. It is in your bookings and your calendar feed.",
    "waitlisted": "The event is full, so you are on the waiting list. If a place comes up we "
    "will offer it to you by email, with a time to accept it by.",
    "pending_approval": "Your booking is waiting for your school's approval. We will email you "
    "when it is approved or declined.",
    "offered": "A place is offered to you: accept it before the deadline.",
}


def _london_midnight(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LONDON).astimezone(UTC)


def _my_price(event_id: str) -> dict | None:
    """What a place costs the signed-in person's school, priced by the events service by the
    rule a booking uses (one call; None for someone without a school)."""
    if g.caller.school_urn is None:
        return None
    quote = call(EventsClient.quote_price, event_id)
    return quote if quote.get("school_urn") is not None else None


GROUPS = (DirectoryClient.list_groups,)


def _calendar_query(form) -> dict:
    """What the filters ask of the events service (built before they are validated, so the
    search can go with the groups lookup; a page whose filters do not validate ignores it)."""
    query: dict = {"per_page": 200}
    start = form.date_from.data
    # the contract's own names: ``from_`` is dumped as ``from``, datetimes as ISO text
    query["from_"] = _london_midnight(start) if start else datetime.now(UTC)
    if form.date_to.data:
        query["to"] = _london_midnight(form.date_to.data) + timedelta(days=1)
    if form.kind.data:
        query["kind"] = form.kind.data
    if form.cluster.data and form.cluster.data.strip():
        query["cluster"] = form.cluster.data.strip()
    for name in ("phase", "group"):  # the events service filters: paging stays right
        if form[name].data:
            query[name] = form[name].data
    return e.EventQuerySchema().dump(query)


@blp.get("/events")
@signed_in
def calendar():
    """Events from today (or the chosen dates), filtered by the query string: the events and
    the directory's groups (the group filter's choices) asked together."""
    form = EventFilterForm(request.args)
    query = None
    if not (request.args and problems_before_choices(form, ("group",))):
        query = _calendar_query(form)
    wanted = [GROUPS] + ([(EventsClient.list_events, query)] if query else [])
    groups, *found = call_all(*wanted, keep_errors=True)
    if isinstance(groups, Exception):
        raise groups
    form.with_groups(groups["items"])
    if request.args and not form.validate():
        return render("web/events/calendar.html", 400, form=form, events=[])
    page = found[0] if found else call(EventsClient.list_events, _calendar_query(form))
    if isinstance(page, Exception):
        raise page
    events = page["items"]
    if form.places_left.data:
        events = [event for event in events if places_left(event) > 0]
    blank = None
    if not request.args:
        chosen = tuple((group["id"], group["name"]) for group in groups["items"])
        blank = blank_filters(current_app._get_current_object(), chosen)
    return render("web/events/calendar.html", form=form, events=events, blank_filters=blank)


@functools.lru_cache(maxsize=16)
def blank_filters(app, groups: tuple[tuple[str, str], ...]) -> Markup:
    """The calendar's filters with nothing chosen, rendered once for each list of groups: the
    same HTML for everyone, and its eight GOV.UK form components took two thirds of the page's
    rendering time (about 4 of 6 ms). (Kept per app: tests make several.)"""
    form = EventFilterForm(formdata=None).with_groups([{"id": i, "name": n} for i, n in groups])
    return Markup(render_template("web/events/_filters.html", form=form))


@blp.get("/events/<event_id>")
@signed_in
def event(event_id: str):
    """One event: sessions, venue, price, places left, and my booking's status with actions."""
    if len(event_id) > 64:
        abort(404)
    found, bookings = call_all(
        (EventsClient.get_event, event_id), (EventsClient.list_bookings, {"per_page": 200})
    )
    mine = [b for b in bookings["items"] if b["event_id"] == event_id]
    active = next((b for b in mine if b["status"] in e.ACTIVE_STATUSES), None)
    if active is not None and active["status"] == "waitlisted":
        # lists leave the position out: one more call, for the booking shown, gives it
        active = call(EventsClient.get_booking, active["id"])
    offer_form = None
    if active is not None and active["status"] == "offered":
        offer_form = OfferAnswerForm(formdata=None, version=active.get("version"))
    pricing = found.get("pricing") or {}
    priced = bool(pricing.get("price_pence") or pricing.get("by_type_group"))
    quote = _my_price(event_id) if priced and active is None else None  # (a booking has one)
    return render(
        "web/events/event.html",
        event=found,
        booking_closed=booking_closed(found),
        feedback=_feedback_for_organisers(event_id),
        quote=quote,
        booking=active,
        past_bookings=[b for b in mine if b is not active],
        action_form=ActionForm(),
        offer_form=offer_form,
    )


def booking_closed(event: dict, now: datetime | None = None) -> str | None:
    """Why the event can no longer be booked (its first session has started, or it has ended;
    the events service refuses such a booking too), else None."""
    sessions = event.get("sessions") or []
    if not sessions:
        return None
    now = now or datetime.now(UTC)
    if max(datetime.fromisoformat(s["ends_at"]) for s in sessions) <= now:
        return "Booking has closed: this event has ended."
    if min(datetime.fromisoformat(s["starts_at"]) for s in sessions) <= now:
        return "Booking has closed: this event has started."
    return None


ORGANISER_ROLES = ("coordinator", "la_officer")  # (the service decides who may read feedback)


def _feedback_for_organisers(event_id: str) -> dict | None:
    """The event's feedback for the partnership's organisers (events ``feedback_summary``, one
    call, only for them): None for everyone else, or when the service says no."""
    if not g.caller.has_role(*ORGANISER_ROLES):
        return None
    try:
        return call(EventsClient.feedback_summary, event_id)
    except (Forbidden, NotFound):
        return None


@blp.post("/events/<event_id>/book")
@signed_in
def book(event_id: str):
    """Book a place, or join the waiting list when the event is full."""
    if len(event_id) > 64:
        abort(404)
    try:
        booking = batching.book_place({"event_id": event_id, "person_id": g.caller.id})
    except (Conflict, InvalidInput, Forbidden) as err:
        flash(err.message or "You cannot book this event.", "error")
    else:
        flash(
            f"{status_name(booking['status'])}. {WHAT_NEXT.get(booking['status'], '')}".strip(),
            "success",
        )
    return redirect(url_for("events_pages.event", event_id=event_id))


def _back_to(booking: dict):
    target = request.form.get("next", "")
    if target == "bookings":
        return redirect(url_for("bookings.my_bookings"))
    return redirect(url_for("events_pages.event", event_id=booking["event_id"]))


@blp.post("/bookings/<booking_id>/cancel")
@signed_in
def cancel(booking_id: str):
    """Cancel my booking (events ``cancel_booking``; the service decides who may)."""
    if len(booking_id) > 64:
        abort(404)
    try:
        booking = call(EventsClient.cancel_booking, booking_id)
    except (Conflict, InvalidInput) as err:
        flash(err.message or "This booking cannot be cancelled.", "error")
        booking = call(EventsClient.get_booking, booking_id)
    else:
        flash(
            "Your booking is cancelled. If anyone was waiting, the place goes to them.", "success"
        )
    return _back_to(booking)


@blp.post("/bookings/<booking_id>/offer")
@signed_in
def answer_offer(booking_id: str):
    """Accept or decline an offered place, quoting the version it was offered on."""
    if len(booking_id) > 64:
        abort(404)
    form = OfferAnswerForm()
    if not form.validate():
        flash("Choose whether to accept or decline the place.", "error")
        return _back_to(call(EventsClient.get_booking, booking_id))
    accept = not form.decline.data
    try:
        booking = call(
            EventsClient.answer_offer, booking_id, {"version": form.version.data, "accept": accept}
        )
    except (Conflict, InvalidInput) as err:
        flash(err.message or "This offer has already been answered or has expired.", "error")
        booking = call(EventsClient.get_booking, booking_id)
    else:
        if accept:
            flash("You accepted the place. " + WHAT_NEXT["confirmed"], "success")
        else:
            flash(
                "You declined the place. It will be offered to the next person waiting.", "success"
            )
    return _back_to(booking)
