"""The coordinator's pages for events: create and edit an event with several sessions, cancel it,
and take the attendance register per session (events ``create_event``, ``update_event``,
``cancel_event``, ``get_event``, ``list_event_bookings``, ``record_attendance``; directory
``list_people`` for the names, once a page). The services decide who may: a Forbidden from them
is a friendly 403 page. The rota, minutes and demand pages live in ``manage_meetings``, the LA
officer's in ``manage_la``, all on this one blueprint."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, request, url_for

from contracts.clients.events import EventsClient
from contracts.errors import Conflict, InvalidInput
from gateway.rpc import call
from gateway.web.form_parts import choices
from gateway.web.manage_event_forms import (
    SESSION_ROWS,
    CancelEventForm,
    EventCreateForm,
    EventEditForm,
    RegisterForm,
)
from gateway.web.names import people_names
from gateway.web.pages import LONDON, _moment, register_errors, render
from gateway.web.session import signed_in

blp = Blueprint("manage", __name__, url_prefix="/manage")
register_errors(blp)


def check_id(value: str) -> None:
    if len(value) > 64:
        abort(404)


def service_problem(form, error, fallback: str) -> None:
    """Put a service's InvalidInput or Conflict next to the form's first field (or the one it
    names), so the page shows it in the error summary like any other problem."""
    names = [name.split(".")[0] for name in (getattr(error, "fields", None) or {})]
    target = next((form[n] for n in names if n in form), None)
    if target is None:
        target = next(f for f in form if f.type not in ("CSRFTokenField", "SubmitField"))
    target.errors = [*list(target.errors or []), error.message or fallback]


@blp.get("")
@signed_in
def index():
    return render("web/manage/index.html")


def _event_payload(form) -> dict:
    payload = {
        "title": form.title.data.strip(),
        "description": (form.description.data or "").strip(),
        "sessions": form.sessions(),
        "capacity": form.capacity.data,
        "per_school_cap": form.per_school_cap.data,
        **form.window(),
    }
    if isinstance(form, EventCreateForm):
        payload["kind"] = form.kind.data
        payload["requires_approval"] = bool(form.requires_approval.data)
        if not payload["booking_opens_at"]:
            del payload["booking_opens_at"]
        if not payload["booking_closes_at"]:
            del payload["booking_closes_at"]
    return payload


@blp.route("/events/new", methods=["GET", "POST"])
@signed_in
def new_event():
    form = EventCreateForm()
    if form.validate_on_submit():
        try:
            created = call(EventsClient.create_event, _event_payload(form))
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The event could not be saved")
        else:
            flash(f"{created['title']} is published. People can book it now.", "success")
            return redirect(url_for("manage.event", event_id=created["id"]))
    status = 400 if form.errors else 200
    return render("web/manage/event_form.html", status, form=form, heading="Create an event")


def _fill(form: EventEditForm, event: dict) -> None:
    form.title.data = event["title"]
    form.description.data = event.get("description") or ""
    form.capacity.data = event["capacity"]
    form.per_school_cap.data = event.get("per_school_cap")
    for key, field in (
        ("booking_opens_at", "booking_opens"),
        ("booking_closes_at", "booking_closes"),
    ):
        moment = _moment(event.get(key))
        form[field].data = moment.date() if moment else None
    for n, session in enumerate(event["sessions"][:SESSION_ROWS], start=1):
        starts, ends = _moment(session["starts_at"]), _moment(session["ends_at"])
        form[f"session{n}_date"].data = starts.date()
        form[f"session{n}_starts"].data = f"{starts:%H:%M}"
        form[f"session{n}_ends"].data = f"{ends:%H:%M}"
        form[f"session{n}_venue"].data = session["venue"]


@blp.route("/events/<event_id>/edit", methods=["GET", "POST"])
@signed_in
def edit_event(event_id: str):
    check_id(event_id)
    event = call(EventsClient.get_event, event_id)
    form = EventEditForm()
    if request.method == "GET":
        _fill(form, event)
    elif form.validate():
        try:
            call(EventsClient.update_event, event_id, _event_payload(form))
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The event could not be saved")
        else:
            flash("Your changes are saved. Everyone booked is told about them.", "success")
            return redirect(url_for("manage.event", event_id=event_id))
    status = 400 if form.errors else 200
    return render(
        "web/manage/event_form.html", status, form=form, heading="Change the event", event=event
    )


@blp.get("/events/<event_id>")
@signed_in
def event(event_id: str):
    """The organiser's view of an event: its sessions with their registers, edit and cancel."""
    check_id(event_id)
    found = call(EventsClient.get_event, event_id)
    return render("web/manage/event.html", event=found, cancel_form=CancelEventForm(formdata=None))


@blp.post("/events/<event_id>/cancel")
@signed_in
def cancel_event(event_id: str):
    check_id(event_id)
    found = call(EventsClient.get_event, event_id)
    form = CancelEventForm()
    if form.validate():
        try:
            call(EventsClient.cancel_event, event_id, {"reason": form.reason.data.strip()})
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The event could not be cancelled")
        else:
            flash(f"{found['title']} is cancelled. Everyone booked is told why.", "success")
            return redirect(url_for("manage.event", event_id=event_id))
    return render("web/manage/event.html", 400, event=found, cancel_form=form, form=form)


def _session_number(event: dict) -> int:
    raw = request.args.get("session", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= len(event["sessions"]):
        abort(404)
    return int(raw)


@blp.route("/events/<event_id>/register", methods=["GET", "POST"])
@signed_in
def register(event_id: str):
    """One session's register: everyone booked, ticked when present (session=1 is the first)."""
    check_id(event_id)
    event = call(EventsClient.get_event, event_id)
    number = _session_number(event)
    index = number - 1
    booked = call(
        EventsClient.list_event_bookings, event_id, {"status": "confirmed", "per_page": 200}
    )["items"]
    names = people_names(b["person_id"] for b in booked)
    rows = sorted(
        ({**b, "name": names.get(b["person_id"], "Someone booked")} for b in booked),
        key=lambda b: b["name"],
    )
    form = RegisterForm()
    form.present.choices = choices((b["person_id"], b["name"]) for b in rows)
    if request.method == "GET":
        form.present.data = [
            b["person_id"] for b in rows if index in (b.get("attended_sessions") or [])
        ]
    elif form.validate():
        try:
            result = call(
                EventsClient.record_attendance,
                event_id,
                {"session_number": number, "present": list(form.present.data or [])},
            )
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The register could not be saved")
        else:
            issued = int(result.get("certificates_issued") or 0)
            message = f"The register for session {number} is saved."
            if issued:
                message += f" Certificates issued: {issued}."
            flash(message, "success")
            return redirect(url_for("manage.register", event_id=event_id, session=number))
    session = event["sessions"][index]
    return render(
        "web/manage/register.html",
        400 if form.errors else 200,
        event=event,
        session=session,
        number=number,
        rows=rows,
        form=form,
        today=date.today(),
        london=LONDON,
    )


from gateway.web import (  # noqa: E402, F401  (their pages join blp)
    manage_cases,
    manage_deliveries,
    manage_events,
    manage_groups,
    manage_la,
    manage_ledger,
    manage_meetings,
    manage_people,
    manage_teachmeet,
    meeting_roles,
    school_cases,
)
