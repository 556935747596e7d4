"""Pages for heads and school administrators: approvals waiting (events ``list_approvals``,
``answer_approval``), my school (directory ``get_school`` and ``list_people``, events
``school_statement`` and ``list_events``), booking a member of staff (``book_place`` through the
gateway's batcher, as ``POST /events/{id}/bookings`` with ``person_id``), the termly statement
(``school_statement``, ``school_statement_csv``), a support request (directory
``create_support_request``) and the audit of need (events ``submit_audit``).

Every page makes a fixed number of calls whatever the number of rows, and never decides a
permission the services would not: a Forbidden from a service is a 403 page (or, on a form, the
service's reason next to the field)."""

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, flash, g, redirect, request, url_for

from contracts import directory as d
from contracts import events as e
from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.errors import Conflict, Forbidden, InvalidInput
from gateway import batching
from gateway.rpc import call
from gateway.web.forms import ActionForm
from gateway.web.pages import LONDON, error_page, register_errors, render, status_name
from gateway.web.school_forms import (
    AuditForm,
    BookForForm,
    RefuseForm,
    StatementForm,
    SupportRequestForm,
    term_name,
    term_of,
)
from gateway.web.session import signed_in

blp = Blueprint("school", __name__)
register_errors(blp)

STAFF_PAGE = 200
APPROVALS_PAGE = 50


def _today():
    return datetime.now(UTC).astimezone(LONDON).date()


def _no_school():
    return error_page(
        403,
        "You are not on a school's staff",
        "These pages are for the staff of a partnership school. Ask the coordinator if your "
        "account should belong to a school.",
    )


def _staff(urn: int | None) -> list[dict]:
    """The school's people, by name (one call)."""
    if urn is None:
        return []
    query = d.PersonQuerySchema().dump({"school_urn": urn, "page": 1, "per_page": STAFF_PAGE})
    people = call(DirectoryClient.list_people, query)["items"]
    return sorted(people, key=lambda p: p["name"].lower())


def _names(people: list[dict]) -> dict[str, str]:
    return {p["id"]: p["name"] for p in people}


def _valid_id(value: str) -> str:
    if not value or len(value) > 64:
        abort(404)
    return value


def _put_problems(form, err) -> bool:
    """A service's field problems next to the form's fields; False when none matched."""
    placed = False
    for name, messages in (err.fields or {}).items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [str(m) for m in messages]
            placed = True
    return placed


# Approvals
@blp.get("/approvals")
@signed_in
def approvals():
    """The bookings waiting for my approval, soonest deadline first."""
    waiting = call(EventsClient.list_approvals, {"page": 1, "per_page": APPROVALS_PAGE})
    names = _names(_staff(g.caller.school_urn))
    return render(
        "web/school/approvals.html",
        waiting=waiting["items"],
        total=waiting["total"],
        names=names,
        starts=_starts(waiting["items"]),
        action_form=ActionForm(),
    )


def _starts(bookings: list[dict]) -> dict:
    """When each booking's event starts, from one call for all of their events."""
    ids = list(dict.fromkeys(b["event_id"] for b in bookings))
    if not ids:
        return {}
    query = e.EventQuerySchema().dump({"ids": ids, "page": 1, "per_page": len(ids)})
    found = call(EventsClient.list_events, query)["items"]
    return {
        event["id"]: min(s["starts_at"] for s in event["sessions"])
        for event in found
        if event.get("sessions")
    }


def _answer(booking_id: str, approve: bool, note: str = "") -> dict:
    body = e.ApprovalAnswerSchema().dump({"approve": approve, "note": note})
    return call(EventsClient.answer_approval, booking_id, body)


@blp.post("/approvals/<booking_id>/approve")
@signed_in
def approve(booking_id: str):
    """Approve one booking (the service decides whether I am its approver)."""
    _valid_id(booking_id)
    try:
        booking = _answer(booking_id, True)
    except (Conflict, InvalidInput) as err:
        flash(err.message or "This booking is no longer waiting for approval.", "error")
    else:
        title = booking.get("event_title") or "the event"
        flash(
            f"Booking approved: {status_name(booking['status']).lower()} on {title}. "
            "We have emailed the member of staff.",
            "success",
        )
    return redirect(url_for("school.approvals"))


@blp.route("/approvals/<booking_id>/refuse", methods=["GET", "POST"])
@signed_in
def refuse(booking_id: str):
    """Refuse one booking with a reason the member of staff is told."""
    _valid_id(booking_id)
    booking = call(EventsClient.get_booking, booking_id)
    form = RefuseForm()
    status = 200
    if form.validate_on_submit():
        try:
            _answer(booking_id, False, form.reason.data.strip())
        except (Conflict, InvalidInput) as err:
            flash(err.message or "This booking is no longer waiting for approval.", "error")
        else:
            flash(
                f"Booking refused for {booking.get('event_title') or 'the event'}. "
                "We have emailed the member of staff with your reason.",
                "success",
            )
        return redirect(url_for("school.approvals"))
    if form.errors:
        status = 400
    names = _names(_staff(g.caller.school_urn))
    return render(
        "web/school/refuse.html",
        status,
        form=form,
        booking=booking,
        person=names.get(booking["person_id"], "A member of staff"),
    )


# My school
def _statement(urn: int, term: str | None) -> dict | None:
    """The school's statement for a term; None when the service says I may not read it."""
    try:
        return call(EventsClient.school_statement, urn, {"term": term})
    except Forbidden:
        return None


@blp.get("/school")
@signed_in
def my_school():
    """My school: its bookings this term, its staff, and what I can do for them."""
    urn = g.caller.school_urn
    if urn is None:
        return _no_school()
    school = call(DirectoryClient.get_school, urn)
    staff = _staff(urn)
    statement = _statement(urn, None)
    query = e.EventQuerySchema().dump({"per_page": 20, "from_": datetime.now(UTC)})
    upcoming = call(EventsClient.list_events, query)["items"]
    return render(
        "web/school/school.html",
        school=school,
        staff=staff,
        names=_names(staff),
        statement=statement,
        term_name=term_name(statement["term"]) if statement else "",
        events=[ev for ev in upcoming if ev.get("status") != "cancelled"],
    )


@blp.get("/school/statement")
@signed_in
def statement():
    """The school's termly statement, with a CSV download."""
    urn = g.caller.school_urn
    if urn is None:
        return _no_school()
    today = _today()
    form = StatementForm(request.args, today=today)
    if "term" not in request.args:
        form.term.data = term_of(today)
    elif not form.validate():
        school = call(DirectoryClient.get_school, urn)
        return render(
            "web/school/statement.html", 400, form=form, school=school, found=None, names={}
        )
    school = call(DirectoryClient.get_school, urn)
    found = call(EventsClient.school_statement, urn, {"term": form.term.data})
    return render(
        "web/school/statement.html",
        form=form,
        school=school,
        found=found,
        names=_names(_staff(urn)),
        term_name=term_name(found["term"]),
    )


@blp.get("/school/statement.csv")
@signed_in
def statement_csv():
    """The statement as a spreadsheet file: the same bytes as the API's ``format=csv``."""
    urn = g.caller.school_urn
    if urn is None:
        return _no_school()
    form = StatementForm(request.args, today=_today())
    if not form.validate():
        return error_page(400, "There is a problem", "Choose a term from the list.")
    text = call(EventsClient.school_statement_csv, urn, {"term": form.term.data})
    return Response(
        text,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="statement-{urn}-{form.term.data}.csv"'
        },
    )


# Booking for a member of staff
@blp.route("/events/<event_id>/book-for", methods=["GET", "POST"])
@signed_in
def book_for(event_id: str):
    """Book a member of my school's staff on an event (the service decides who I may book)."""
    _valid_id(event_id)
    urn = g.caller.school_urn
    if urn is None:
        return _no_school()
    event = call(EventsClient.get_event, event_id)
    staff = _staff(urn)
    form = BookForForm(staff=staff)
    status = 200
    if form.validate_on_submit():
        person_id = form.person.data
        try:
            booking = batching.book_place({"event_id": event_id, "person_id": person_id})
        except (Conflict, InvalidInput, Forbidden) as err:
            if not _put_problems(form, err) or not form.person.errors:
                form.person.errors = list(form.person.errors) + [
                    err.message or "You cannot book this person on this event"
                ]
            status = 403 if isinstance(err, Forbidden) else 409
        else:
            name = _names(staff).get(person_id, "The member of staff")
            flash(
                f"{name}: {status_name(booking['status']).lower()} on {event['title']}. "
                "We have emailed them the details.",
                "success",
            )
            return redirect(url_for("school.book_for", event_id=event_id))
    elif form.errors:
        status = 400
    return render("web/school/book_for.html", status, form=form, event=event)


# Support request and audit of need
@blp.route("/support/request", methods=["GET", "POST"])
@signed_in
def support_request():
    """Ask the partnership for support for my school."""
    urn = g.caller.school_urn
    if urn is None:
        return _no_school()
    areas = call(DirectoryClient.list_support_areas)["items"]
    form = SupportRequestForm(areas=areas)
    status = 200
    if form.validate_on_submit():
        body = {
            "school_urn": urn,
            "area": form.area.data,
            "description": form.description.data.strip(),
            "urgency": form.urgency.data,
            "days_wanted": form.days(),
        }
        try:
            made = call(
                DirectoryClient.create_support_request, d.SupportRequestCreateSchema().dump(body)
            )
        except InvalidInput as err:
            if not _put_problems(form, err):
                form.description.errors = list(form.description.errors) + [err.message]
            status = 400
        else:
            area_names = {a["id"]: a["name"] for a in areas}
            return render(
                "web/school/support_sent.html",
                made=made,
                area=area_names.get(made["area"], made["area"]),
            )
    elif form.errors:
        status = 400
    return render("web/school/support_request.html", status, form=form)


@blp.route("/school/audit", methods=["GET", "POST"])
@signed_in
def audit():
    """My school's priorities for the academic year's audit of need."""
    urn = g.caller.school_urn
    if urn is None:
        return _no_school()
    form = AuditForm(today=_today())
    status = 200
    if form.validate_on_submit():
        body = {
            "school_urn": urn,
            "academic_year": int(form.academic_year.data),
            "priorities": form.priority_list(),
        }
        try:
            call(EventsClient.submit_audit, e.AuditSubmitSchema().dump(body))
        except InvalidInput as err:
            if not _put_problems(form, err):
                form.priorities.errors = list(form.priorities.errors) + [err.message]
            status = 400
        else:
            year, count = int(form.academic_year.data), len(body["priorities"])
            flash(
                f"Your audit of need for {year} to {year + 1} is sent: {count} "
                f"priorit{'y' if count == 1 else 'ies'}. The partnership plans its training "
                "from every school's audit.",
                "success",
            )
            return redirect(url_for("school.my_school"))
    elif form.errors:
        status = 400
    return render("web/school/audit.html", status, form=form)
