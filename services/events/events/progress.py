"""A person's progress through a pathway, with names: only a confirmed place counts as booked (a
place waited for, offered or awaiting approval is ``waiting``), a certificate as completed. The
person themself, their school's leaders and the coordinator may read it."""

from contracts.caller import Caller
from contracts.errors import InvalidInput, NotFound
from events import permissions
from events.aggregates import pathway_progress
from events.context import Context
from events.storage import Enrolment, Pathway, bookings_collection, events_collection

WAITING = ("waitlisted", "offered", "pending_approval")


def read_progress(ctx: Context, pathway_id: str, caller: Caller, person_id: str | None) -> dict:
    """``person_id``'s progress (the caller's when None), for those who may see it."""
    person_id = person_id or caller.id
    permissions.check_may_read_progress(
        caller, person_id, lambda: ctx.directory.person(person_id).get("school_urn")
    )
    name = caller.name if person_id == caller.id and caller.name else _name(ctx, person_id)
    return progress_of(pathway_id, person_id, name)


def _name(ctx: Context, person_id: str) -> str | None:
    try:
        return ctx.directory.person(person_id).get("name")
    except InvalidInput:  # a person the directory does not know is shown without a name
        return None


def progress_of(pathway_id: str, person_id: str, person_name: str | None = None) -> dict:
    row = Pathway.objects(id=pathway_id).first()
    if row is None:
        raise NotFound(f"No pathway {pathway_id}.", {"pathway_id": ["Unknown."]})
    if not Enrolment.objects(pathway_id=pathway_id, person_id=person_id).count():
        raise NotFound("Not enrolled on this pathway.", {"person_id": ["Not enrolled."]})
    course_ids = list(row.course_ids)
    rows = list(
        bookings_collection().find(
            {"person_id": person_id, "event_id": {"$in": course_ids}, "active": True},
            {"event_id": 1, "certificate_id": 1, "status": 1},
        )
    )
    completed = {r["event_id"] for r in rows if r.get("certificate_id")}
    booked = {r["event_id"] for r in rows if r.get("status") == "confirmed"}
    waiting = {r["event_id"] for r in rows if r.get("status") in WAITING} - completed
    found = events_collection().find({"_id": {"$in": course_ids}}, {"title": 1})
    titles = {e["_id"]: e.get("title") for e in found}
    progress = pathway_progress(course_ids, completed, booked)
    states = {c: state for state in ("completed", "booked", "remaining") for c in progress[state]}
    return {
        "pathway_id": pathway_id,
        "pathway_title": row.title,
        "person_id": person_id,
        "person_name": person_name,
        **progress,
        "waiting": [c for c in course_ids if c in waiting],
        "courses": [
            {
                "id": c,
                "title": titles.get(c),
                "state": "waiting" if c in waiting else states[c],
            }
            for c in course_ids
        ],
    }
