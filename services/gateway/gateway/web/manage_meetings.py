"""The coordinator's cluster rota, meeting minutes, and demand with commissioning (events
``create_rota``, ``get_event``, ``get_minutes``, ``publish_minutes``, ``demand``,
``list_training_requests``, ``commission_course``; directory ``list_clusters`` and
``list_schools`` for names). A fixed number of calls a page, whatever the number of rows."""

from flask import flash, redirect, request, url_for

from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.errors import Conflict, InvalidInput, NotFound
from gateway.rpc import call
from gateway.web.form_parts import choices
from gateway.web.manage import blp, check_id, service_problem
from gateway.web.manage_meetings_forms import ACTION_ROWS, CommissionForm, MinutesForm, RotaForm
from gateway.web.names import people_names, school_names
from gateway.web.pages import render
from gateway.web.session import signed_in


@blp.route("/rotas/new", methods=["GET", "POST"])
@signed_in
def new_rota():
    """Generate a cluster's year-group meetings for an academic year, hosts rotating."""
    clusters = call(DirectoryClient.list_clusters)
    clusters = clusters["items"] if isinstance(clusters, dict) else clusters
    form = RotaForm()
    form.cluster.choices = choices(
        [("", "Choose a cluster"), *((c["id"], c["name"]) for c in clusters)]
    )
    if form.validate_on_submit():
        data = {
            "cluster": form.cluster.data,
            "academic_year": form.academic_year.data,
            "year_groups": list(form.year_groups.data),
        }
        try:
            rota = call(EventsClient.create_rota, data)
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The rota could not be generated")
        else:
            names = school_names(m.get("host_school_urn") for m in rota["meetings"])
            meetings = sorted(
                rota["meetings"],
                key=lambda m: min((s["starts_at"] for s in m["sessions"]), default=""),
            )
            cluster_name = dict((c["id"], c["name"]) for c in clusters).get(rota["cluster"])
            flash(f"The rota is generated: {len(meetings)} meetings.", "success")
            return render(
                "web/manage/rota.html",
                rota=rota,
                cluster_name=cluster_name or rota["cluster"],
                meetings=meetings,
                names=names,
            )
    return render("web/manage/rota_form.html", 400 if form.errors else 200, form=form)


@blp.route("/events/<event_id>/minutes", methods=["GET", "POST"])
@signed_in
def minutes(event_id: str):
    """A meeting's minutes and actions: publish them to the cluster."""
    check_id(event_id)
    event = call(EventsClient.get_event, event_id)
    form = MinutesForm()
    if request.method == "POST" and form.validate():
        try:
            call(
                EventsClient.publish_minutes,
                event_id,
                {"minutes": form.minutes.data.strip(), "actions": form.actions()},
            )
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The minutes could not be published")
        else:
            flash("The minutes are published. The cluster's schools are told.", "success")
            return redirect(url_for("manage.minutes", event_id=event_id))
    try:
        published = call(EventsClient.get_minutes, event_id)
    except NotFound:
        published = None
    if published and not published.get("minutes"):
        published = None
    hosts = school_names([event.get("host_school_urn")])
    return render(
        "web/manage/minutes.html",
        400 if form.errors else 200,
        event=event,
        form=form,
        published=published,
        host_name=hosts.get(event.get("host_school_urn")),
        action_rows=range(1, ACTION_ROWS + 1),
    )


@blp.route("/demand", methods=["GET", "POST"])
@signed_in
def demand():
    """Demand by topic, the open training requests, and commissioning a course from them."""
    by_topic = call(EventsClient.demand, {"by": "topic"})
    requests = call(EventsClient.list_training_requests, {"status": "open", "per_page": 200})[
        "items"
    ]
    names = people_names(r.get("person_id") for r in requests)
    schools = school_names(r.get("school_urn") for r in requests)
    form = CommissionForm()
    form.request_ids.choices = choices(
        (
            r["id"],
            f"{r['topic']} ({r['phase']}), asked by "
            + names.get(r["person_id"], "a member of staff")
            + (f" at {schools[r['school_urn']]}" if r.get("school_urn") in schools else "")
            + (f", supported by {len(r['supporters'])}" if r.get("supporters") else ""),
        )
        for r in requests
    )
    if form.validate_on_submit():
        data = {"request_ids": list(form.request_ids.data), "course": form.course()}
        try:
            course = call(EventsClient.commission_course, data)
        except (InvalidInput, Conflict) as err:
            service_problem(form, err, "The course could not be commissioned")
        else:
            flash(
                f"{course['title']} is commissioned and published. Everyone who asked for it, "
                "or supported the request, is told in their inbox.",
                "success",
            )
            return redirect(url_for("manage.event", event_id=course["id"]))
    return render(
        "web/manage/demand.html",
        400 if form.errors else 200,
        rows=by_topic["rows"],
        requests=requests,
        form=form,
    )
