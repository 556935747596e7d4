"""Naming a meeting's chair and minute-taker (events ``get_event``, ``assign_meeting_roles``),
chosen from the people of the cluster's schools (directory ``list_people`` once, ``list_schools``
once for their schools' names). The events service decides who may: the host school's leaders
or the partnership roles; anyone else gets the 403 page from its Forbidden."""

from flask import abort, flash, redirect, request, url_for

from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.errors import Conflict, InvalidInput
from gateway.rpc import call
from gateway.web.manage import blp, check_id, service_problem
from gateway.web.meetings_forms import MeetingRolesForm
from gateway.web.names import school_names
from gateway.web.pages import render
from gateway.web.session import signed_in

MEETING_KINDS = ("cluster_meeting", "group_meeting")


def _people_to_choose(event: dict) -> list[dict]:
    """The people of the meeting's cluster's schools (or its host school's), one call."""
    query: dict = {"per_page": 200}
    if event.get("cluster"):
        query["cluster"] = event["cluster"]
    elif event.get("host_school_urn"):
        query["school_urn"] = event["host_school_urn"]
    return call(DirectoryClient.list_people, query)["items"]


def person_label(person: dict, schools: dict) -> str:
    """'Ana Head, Northshore Primary' (the school's name when it is known)."""
    school = schools.get(person.get("school_urn"))
    return f"{person['name']}, {school}" if school else person["name"]


@blp.route("/events/<event_id>/roles", methods=["GET", "POST"])
@signed_in
def meeting_roles(event_id: str):
    """Choose who chairs a cluster meeting and who takes its minutes."""
    check_id(event_id)
    event = call(EventsClient.get_event, event_id)
    if event.get("kind") not in MEETING_KINDS:
        abort(404)
    people = sorted(_people_to_choose(event), key=lambda p: p["name"])
    schools = school_names(p.get("school_urn") for p in people)
    labels = {p["id"]: person_label(p, schools) for p in people}
    form = MeetingRolesForm()
    form.set_people(list(labels.items()))
    if request.method == "GET":
        form.chair_id.data = event.get("chair_id") or ""
        form.minute_taker_id.data = event.get("minute_taker_id") or ""
    elif form.validate():
        roles = {"chair_id": form.chair_id.data, "minute_taker_id": form.minute_taker_id.data}
        try:
            call(EventsClient.assign_meeting_roles, event_id, roles)
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The chair and minute-taker could not be saved")
        else:
            flash(
                f"Saved: {labels[roles['chair_id']]} chairs the meeting and "
                f"{labels[roles['minute_taker_id']]} takes the minutes.",
                "success",
            )
            return redirect(url_for("manage.meeting_roles", event_id=event_id))
    return render(
        "web/manage/roles.html",
        400 if form.errors else 200,
        event=event,
        form=form,
        host_name=schools.get(event.get("host_school_urn")),
        chair=labels.get(event.get("chair_id")),
        minute_taker=labels.get(event.get("minute_taker_id")),
    )
