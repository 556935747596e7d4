"""Pathways for everyone signed in: the pathways with their courses, enrolling on one, and my
progress through it, step by step (events ``list_pathways``, ``enrol_pathway``,
``pathway_progress`` and one ``list_events`` for the courses' titles and dates). A fixed number of
calls a page, whatever the number of pathways or courses; the events service decides who may."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for

from contracts.clients.events import EventsClient
from contracts.errors import Conflict, Forbidden, NotFound
from gateway.rpc import call
from gateway.web.directory import page_number, pagination
from gateway.web.forms import ActionForm
from gateway.web.manage import check_id
from gateway.web.pages import error_page, register_errors, render
from gateway.web.session import signed_in

blp = Blueprint("pathways_pages", __name__)
register_errors(blp)

PER_PAGE = 20
MAX_PATHWAYS = 200  # list_pathways' largest page: a pathway is found among these
STEP_STATUS = {
    "completed": ("Done", "govuk-tag--green"),
    "booked": ("Booked", "govuk-tag--blue"),
    "waiting": ("Waiting for a place or approval", "govuk-tag--yellow"),
    "remaining": ("Not started", "govuk-tag--grey"),
}


def _courses(course_ids) -> dict:
    """Event id -> event, in one ``list_events`` whatever the number (at most 200)."""
    ids = list(dict.fromkeys(course_ids))[:200]
    if not ids:
        return {}
    found = call(EventsClient.list_events, {"ids": ids, "per_page": len(ids)})
    return {event["id"]: event for event in found["items"]}


@blp.get("/pathways")
@signed_in
def pathways():
    """Every pathway, a page at a time, with its courses by title (two calls a page)."""
    page = page_number()
    found = call(EventsClient.list_pathways, {"page": page, "per_page": PER_PAGE})
    courses = _courses(c for p in found["items"] for c in p["course_ids"])
    return render(
        "web/pathways/list.html",
        pathways=found["items"],
        courses=courses,
        form=ActionForm(),
        paging=pagination("pathways_pages.pathways", page, found["total"], PER_PAGE),
    )


@blp.post("/pathways/<pathway_id>/enrol")
@signed_in
def enrol(pathway_id: str):
    """Enrol me on a pathway (events ``enrol_pathway``); already on it is not a problem."""
    check_id(pathway_id)
    try:
        call(EventsClient.enrol_pathway, pathway_id)
    except Conflict:
        flash("You are already on this pathway. Here is your progress.", "info")
    else:
        flash(
            "You are enrolled on this pathway. Book its courses from the events calendar: "
            "each one you complete counts here.",
            "success",
        )
    return redirect(url_for("pathways_pages.pathway", pathway_id=pathway_id))


@blp.get("/pathways/<pathway_id>")
@signed_in
def pathway(pathway_id: str):
    """A pathway and my progress through it: each course done, booked or not started."""
    check_id(pathway_id)
    person = request.args.get("person", "").strip()[:64] or None
    listed = call(EventsClient.list_pathways, {"per_page": MAX_PATHWAYS})["items"]
    found = next((p for p in listed if p["id"] == pathway_id), None)
    if found is None:
        abort(404)
    someone_else = person is not None and person != g.caller.id
    try:  # the events service decides whose progress the caller may see
        progress = call(
            EventsClient.pathway_progress, pathway_id, {"person_id": person} if person else {}
        )
    except Forbidden:
        return error_page(
            403,
            "You cannot see this person's progress",
            "Progress on a pathway is shown to the person on it, their school’s leaders and the "
            "coordinator.",
        )
    except NotFound:
        if someone_else:
            return error_page(
                404,
                "This person is not on this pathway",
                "They have not enrolled on it, or the address is wrong.",
            )
        progress = None
    courses = _courses(found["course_ids"])
    state = {}
    for key in ("remaining", "waiting", "booked", "completed"):
        for course_id in (progress or {}).get(key, []):
            state[course_id] = key
    steps = [
        {
            "id": course_id,
            "event": courses.get(course_id),
            "status": STEP_STATUS[state.get(course_id, "remaining")],
        }
        for course_id in found["course_ids"]
    ]
    return render(
        "web/pathways/pathway.html",
        pathway=found,
        progress=progress,
        steps=steps,
        done=len((progress or {}).get("completed", [])),
        form=ActionForm(),
        someone_else=someone_else,
    )
