"""Training requests for everyone signed in: the open requests with the schools that asked and how
many support each, supporting someone else's request, and asking for training (events
``list_training_requests``, ``support_training_request``, ``submit_training_request``; directory
``list_clusters``, ``list_schools`` and ``list_groups`` for names). A fixed number of calls a page,
whatever the number of requests; the events service decides who may do what."""

from flask import Blueprint, flash, g, redirect, request, url_for
from wtforms.fields.choices import SelectChoice

from contracts.clients.directory import DirectoryClient
from contracts.clients.events import EventsClient
from contracts.errors import InvalidInput
from gateway.rpc import call
from gateway.web.directory import cluster_names, page_number, pagination
from gateway.web.forms import ActionForm
from gateway.web.manage import check_id, service_problem
from gateway.web.names import school_names
from gateway.web.pages import register_errors, render
from gateway.web.requests_forms import TrainingRequestForm
from gateway.web.session import signed_in

blp = Blueprint("requests_pages", __name__)
register_errors(blp)

PER_PAGE = 20


@blp.get("/training-requests")
@signed_in
def training_requests():
    """The open training requests, newest first, a page at a time (one
    ``list_training_requests``, one ``list_clusters``, one ``list_schools``)."""
    page = page_number()
    found = call(
        EventsClient.list_training_requests,
        {"status": "open", "page": page, "per_page": PER_PAGE},
    )
    return render(
        "web/requests/list.html",
        requests=found["items"],
        clusters=cluster_names() if found["items"] else {},
        schools=school_names(r.get("school_urn") for r in found["items"]),
        form=ActionForm(),
        paging=pagination("requests_pages.training_requests", page, found["total"], PER_PAGE),
    )


@blp.post("/training-requests/<request_id>/support")
@signed_in
def support(request_id: str):
    """Add my support to a request (the service decides; supporting my own adds nothing)."""
    check_id(request_id)
    supported = call(EventsClient.support_training_request, request_id)
    if g.caller.id == supported.get("person_id"):
        flash("This is your own request: the partnership already counts it.", "info")
    else:
        flash(
            f"You support the request for training on {supported['topic']}. The partnership "
            "coordinator sees how many schools want it, and you are told if a course is arranged.",
            "success",
        )
    back = url_for("requests_pages.training_requests")
    page = page_number()
    return redirect(f"{back}?page={page}" if page > 1 else back)


def _group_choices() -> list[SelectChoice]:
    found = call(DirectoryClient.list_groups)
    return [SelectChoice("", "None"), *(SelectChoice(x["id"], x["name"]) for x in found["items"])]


@blp.route("/training-requests/new", methods=["GET", "POST"])
@signed_in
def new_request():
    """Ask for training on a topic, for my school (events ``submit_training_request``)."""
    form = TrainingRequestForm()
    form.strategic_group.choices = _group_choices()
    if request.method == "POST" and form.validate():
        try:
            created = call(EventsClient.submit_training_request, form.payload())
        except InvalidInput as err:
            service_problem(form, err, "Your request could not be sent")
        else:
            flash(
                f"Your request for training on {created['topic']} is sent. Other schools can "
                "support it, and you are told in your inbox if a course is arranged.",
                "success",
            )
            return redirect(url_for("requests_pages.training_requests"))
    return render("web/requests/new.html", 400 if form.errors else 200, form=form)


def register(app) -> None:
    """The training requests and pathways pages (the "Training" item of the menu)."""
    from gateway.web import pathways

    for module_blp in (blp, pathways.blp):
        app.register_blueprint(module_blp)
