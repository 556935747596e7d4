"""The coordinator's list of events to manage: upcoming or past events, a page at a time, each
linked to its management page (registers, changes, cancelling, minutes, chair and minute-taker,
running order). One ``list_events`` a page, whatever the number of rows."""

from datetime import UTC, datetime

from flask import request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from contracts import events as e
from contracts.clients.events import EventsClient
from gateway.rpc import call
from gateway.web.directory import page_number, pagination
from gateway.web.forms import ListedSelect, _choices
from gateway.web.manage import blp
from gateway.web.pages import KIND_NAMES, render
from gateway.web.session import signed_in

PER_PAGE = 25


class ManagedEventsForm(FlaskForm):
    """Which events to list (a GET form kept in the query string: no CSRF)."""

    class Meta:
        csrf = False

    when = ListedSelect(
        "Events",
        "Choose upcoming or past events",
        choices=_choices([("", "Upcoming"), ("past", "Past")]),
    )
    kind = ListedSelect(
        "Type of event",
        "Choose a type of event from the list",
        choices=_choices([("", "Any type"), *KIND_NAMES.items()]),
    )
    submit = SubmitField("Show events", widget=GovSubmitInput())


@blp.get("/events")
@signed_in
def events():
    """Upcoming events from now, or past ones up to now, in date order, by type."""
    form = ManagedEventsForm(request.args)
    if request.args and not form.validate():
        return render("web/manage/events.html", 400, form=form, events=[], paging=None)
    page = page_number()
    query: dict = {"page": page, "per_page": PER_PAGE}
    query["to" if form.when.data == "past" else "from_"] = datetime.now(UTC)
    if form.kind.data:
        query["kind"] = form.kind.data
    found = call(EventsClient.list_events, e.EventQuerySchema().dump(query))
    return render(
        "web/manage/events.html",
        form=form,
        events=found["items"],
        paging=pagination("manage.events", page, found["total"], PER_PAGE),
    )
