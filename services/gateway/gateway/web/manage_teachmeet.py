"""Teachmeets: a presenter claims a slot on the event's slots page, and the organisers see the
running order (presenters' names and schools, titles, times) and publish it to everyone booked
(events ``get_event``, ``get_running_order``, ``claim_slot``, ``publish_running_order``;
directory ``list_people`` and ``list_schools`` once each for the names). The events service
decides who may publish: anyone else gets the 403 page from its Forbidden."""

from flask import abort, flash, g, redirect, request, url_for

from contracts.clients.events import EventsClient
from contracts.errors import Conflict, InvalidInput
from gateway.rpc import call
from gateway.web import events as event_pages
from gateway.web.forms import ActionForm
from gateway.web.manage import blp, check_id, service_problem
from gateway.web.meetings_forms import SlotForm
from gateway.web.names import people_names, school_names
from gateway.web.pages import render
from gateway.web.session import signed_in


def _teachmeet(event_id: str) -> dict:
    check_id(event_id)
    event = call(EventsClient.get_event, event_id)
    if event.get("kind") != "teachmeet":
        abort(404)
    return event


def _named_slots(event: dict, slots: list[dict]) -> list[dict]:
    """Slots with their presenter's name and school's name (one call each, any number of
    slots)."""
    if not slots:
        return []
    names = people_names(s.get("person_id") for s in slots)
    schools = school_names(s.get("school_urn") for s in slots)
    return [
        {
            **s,
            "presenter": names.get(s.get("person_id"), "A member of staff"),
            "school": schools.get(s.get("school_urn"), ""),
        }
        for s in slots
    ]


@event_pages.blp.route("/events/<event_id>/slots", methods=["GET", "POST"])
@signed_in
def slots(event_id: str):
    """Claim a presentation slot at a Teachmeet, or see the one you hold."""
    event = _teachmeet(event_id)
    form = SlotForm()
    if request.method == "POST" and form.validate():
        try:
            call(EventsClient.claim_slot, event_id, {"title": form.title.data.strip()})
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The slot could not be claimed")
        else:
            flash("Your slot is claimed. The organisers will publish the running order.", "success")
            return redirect(url_for("events_pages.slots", event_id=event_id))
    order = call(EventsClient.get_running_order, event_id)
    mine = next((s for s in order["slots"] if s.get("person_id") == g.caller.id), None)
    return render(
        "web/events/slots.html",
        400 if form.errors else 200,
        event=event,
        form=form,
        mine=mine,
        taken=len(order["slots"]),
        left=max(0, (event.get("slot_count") or 0) - len(order["slots"])),
        published=order["published"],
        slots=_named_slots(event, order["slots"]) if order["published"] else [],
    )


@blp.get("/events/<event_id>/running-order")
@signed_in
def running_order(event_id: str):
    """The running order as it stands, with a button to publish it."""
    event = _teachmeet(event_id)
    order = call(EventsClient.get_running_order, event_id)
    return render(
        "web/manage/running_order.html",
        event=event,
        slots=_named_slots(event, order["slots"]),
        published=order["published"],
        form=ActionForm(),
    )


@blp.post("/events/<event_id>/running-order/publish")
@signed_in
def publish_running_order(event_id: str):
    """Publish the running order: everyone booked is told."""
    check_id(event_id)
    try:
        call(EventsClient.publish_running_order, event_id)
    except (InvalidInput, Conflict) as err:
        flash(err.message or "The running order could not be published.", "error")
    else:
        flash("The running order is published. Everyone booked is told.", "success")
    return redirect(url_for("manage.running_order", event_id=event_id))
