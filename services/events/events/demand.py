"""Demand for training: requests and their supporters, the annual audit of need, demand views,
commissioning a course from requests (every requester is told), and pathways of courses."""

from mongoengine.errors import NotUniqueError

from contracts import events as c
from contracts.caller import Caller
from contracts.common import paginate
from contracts.errors import Conflict, InvalidInput, NotFound
from contracts.school_year import parse_academic_year
from events import permissions
from events.aggregates import demand_rows
from events.context import Context
from events.progress import progress_of
from events.storage import (
    Enrolment,
    NeedsAudit,
    Pathway,
    TrainingRequest,
    events_collection,
    now,
)
from events.usecases import check_sessions_ahead, create_event, get_event_document, owning_group
from runtime.delivery import outbox_entry


def request_item(row: TrainingRequest, show_reason: bool = True) -> dict:
    """The TrainingRequestSchema view; ``reason`` is None unless ``show_reason``."""
    return {
        "id": row.id,
        "topic": row.topic,
        "phase": row.phase,
        "reason": row.reason if show_reason else None,
        "strategic_group": row.strategic_group,
        "person_id": row.person_id,
        "school_urn": row.school_urn,
        "cluster": row.cluster,
        "supporters": list(row.supporters),
        "status": row.status,
        "commissioned_event_id": row.commissioned_event_id,
        "closed_reason": row.closed_reason,
        "closed_at": row.closed_at,
        "merged_into": row.merged_into,
        "created_at": row.created_at,
    }


def _school_cluster(ctx: Context, urn: int | None) -> str | None:
    if urn is None:
        return None
    school = ctx.directory.school(urn)
    return (school or {}).get("cluster")


def cpd_group(ctx: Context, caller: Caller) -> dict | None:
    """The CPD strategic group, when a decision about this caller may depend on it."""
    if not permissions.reason_needs_cpd_group(caller):
        return None
    return ctx.directory.group(permissions.CPD_GROUP)


def _scoped(ctx: Context, caller: Caller):
    """``request_item`` with each reason shown only to those who may see it."""
    group = cpd_group(ctx, caller)

    def item(row: TrainingRequest) -> dict:
        facts = {"person_id": row.person_id, "school_urn": row.school_urn}
        return request_item(row, permissions.may_see_reason(caller, facts, group))

    return item


def _group_id(ctx: Context, group: str | None) -> str | None:
    """A real strategic group's id, from its id or name (InvalidInput naming the field)."""
    return ctx.directory.group_id(group) if group else None


def submit_request(ctx: Context, data: dict, caller: Caller) -> dict:
    """The caller asks for training (for their own school)."""
    permissions.check_may_request_training(caller)
    person_id, urn = caller.id, caller.school_urn
    row = TrainingRequest(
        topic=data["topic"].strip(),
        topic_key=data["topic"].strip().lower(),
        phase=data["phase"],
        reason=data["reason"],
        strategic_group=_group_id(ctx, data.get("strategic_group")),
        person_id=person_id,
        school_urn=urn,
        cluster=_school_cluster(ctx, urn),
    )
    payload = {
        "request_id": row.id,
        "topic": row.topic,
        "phase": row.phase,
        "person_id": person_id,
        "school_urn": urn,
        "cluster": row.cluster,
    }
    row.outbox = [
        outbox_entry(c.TRAINING_REQUESTED, c.TrainingRequestedSchema, payload, ctx.correlation_id)
    ]
    row.save(force_insert=True)
    ctx.publish(TrainingRequest._get_collection(), row.id, row.outbox)
    return request_item(row)


def _request(request_id: str) -> TrainingRequest:
    row = TrainingRequest.objects(id=request_id).first()
    if row is None:
        raise NotFound(f"No training request {request_id}.", {"request_id": ["Unknown."]})
    return row


def support_request(ctx: Context, request_id: str, caller: Caller) -> dict:
    """Add the caller's support to a request (once; supporting your own adds nothing)."""
    permissions.require_person(caller)
    row = _request(request_id)
    if caller.id != row.person_id:
        TrainingRequest.objects(id=request_id).update_one(add_to_set__supporters=caller.id)
    return _scoped(ctx, caller)(_request(request_id))


def list_requests(ctx: Context, query: dict, caller: Caller) -> dict:
    """Training requests, newest first; each reason only to those who may see it."""
    permissions.check_may_read_training_requests(caller)
    found = TrainingRequest.objects
    if query.get("topic"):
        found = found(topic_key=query["topic"].strip().lower())
    if query.get("status"):
        found = found(status=query["status"])
    found = found.order_by("-created_at")
    return paginate(found, query, _scoped(ctx, caller))


def submit_audit(ctx: Context, data: dict, caller: Caller) -> dict:
    """A school's priorities for the year's audit of need (resubmitting replaces them): its
    leaders, or the partnership roles."""
    permissions.check_may_submit_audit(caller, data["school_urn"])
    submitted_by = caller.id
    priorities = [p.strip() for p in data["priorities"]]
    NeedsAudit.objects(
        school_urn=data["school_urn"], academic_year=parse_academic_year(data["academic_year"])
    ).update_one(
        upsert=True,
        set__priorities=priorities,
        set__cluster=_school_cluster(ctx, data["school_urn"]),
        set__submitted_by=submitted_by,
        set__updated_at=now(),
    )
    return {**data, "priorities": priorities}


def demand(ctx: Context, query: dict, caller: Caller) -> dict:
    """Demand by topic, cluster or strategic group (the partnership roles and the CPD group)."""
    permissions.check_may_read_demand(caller, cpd_group(ctx, caller))
    requests = [
        {
            "topic": r.topic,
            "cluster": r.cluster,
            "strategic_group": r.strategic_group,
            "supporters": list(r.supporters),
            "school_urn": r.school_urn,
        }
        for r in TrainingRequest.objects(status="open")
    ]
    audits_found = NeedsAudit.objects
    if query.get("academic_year"):
        audits_found = audits_found(academic_year=parse_academic_year(query["academic_year"]))
    audits = [
        {"priorities": list(a.priorities), "cluster": a.cluster, "school_urn": a.school_urn}
        for a in audits_found
    ]
    if query["by"] == "strategic_group":
        audits = []
    return {"by": query["by"], "rows": demand_rows(requests, audits, query["by"])}


def commission_course(ctx: Context, data: dict, caller: Caller) -> dict:
    """Create a course from open training requests; course_commissioned tells every requester
    and supporter. Whoever may organise the course (by its owner) commissions it."""
    owner = data["course"].get("owner")
    permissions.check_may_organise(caller, owner, owning_group(ctx, caller, owner))
    check_sessions_ahead(ctx, data["course"]["sessions"], "course.sessions")
    commissioned_by = caller.id
    rows = list(TrainingRequest.objects(id__in=data["request_ids"]))
    missing = sorted(set(data["request_ids"]) - {r.id for r in rows})
    if missing:
        raise InvalidInput(
            "Unknown training requests: " + ", ".join(missing),
            {"request_ids": [f"Unknown: {m}" for m in missing]},
        )
    taken = [r.id for r in rows if r.status != "open"]
    if taken:
        raise Conflict(
            "Already commissioned: " + ", ".join(taken), {"request_ids": ["Already commissioned."]}
        )
    event = create_event(ctx, data["course"], commissioned_by)
    done = TrainingRequest._get_collection().update_many(
        {"_id": {"$in": data["request_ids"]}, "status": "open"},
        {"$set": {"status": "commissioned", "commissioned_event_id": event["id"]}},
    )
    requesters = sorted({r.person_id for r in rows} | {s for r in rows for s in r.supporters})
    payload = {
        "cpd_event_id": event["id"],
        "title": event["title"],
        "request_ids": sorted(data["request_ids"]),
        "requester_ids": requesters,
        "topics": sorted({r.topic for r in rows}),
        "starts_at": event["sessions"][0]["starts_at"],
        "commissioned_by": commissioned_by,
    }
    entry = outbox_entry(
        c.COURSE_COMMISSIONED, c.CourseCommissionedSchema, payload, ctx.correlation_id
    )
    events_collection().update_one({"_id": event["id"]}, {"$push": {"outbox": entry}})
    ctx.publish(events_collection(), event["id"], [entry])
    return {**event, "commissioned_requests": done.modified_count}


def pathway_item(row: Pathway) -> dict:
    return {
        "id": row.id,
        "title": row.title,
        "description": row.description,
        "course_ids": list(row.course_ids),
        "partners": list(row.partners),
    }


def create_pathway(data: dict, caller: Caller) -> dict:
    """A named sequence of courses (the partnership roles)."""
    permissions.check_may_create_pathway(caller)
    created_by = caller.id
    for course_id in data["course_ids"]:
        get_event_document(course_id)
    row = Pathway(**data, created_by=created_by)
    row.save(force_insert=True)
    return pathway_item(row)


def list_pathways(query: dict, caller: Caller) -> dict:
    permissions.check_may_read(caller)
    found = Pathway.objects.order_by("title")
    return paginate(found, query, pathway_item)


def _pathway(pathway_id: str) -> Pathway:
    row = Pathway.objects(id=pathway_id).first()
    if row is None:
        raise NotFound(f"No pathway {pathway_id}.", {"pathway_id": ["Unknown."]})
    return row


def enrol(ctx: Context, pathway_id: str, caller: Caller) -> dict:
    """Enrol the caller on a pathway (409 if already)."""
    permissions.check_may_enrol(caller)
    person_id = caller.id
    row = _pathway(pathway_id)
    enrolment = Enrolment(pathway_id=pathway_id, person_id=person_id)
    payload = {"pathway_id": pathway_id, "title": row.title, "person_id": person_id}
    enrolment.outbox = [
        outbox_entry(c.PATHWAY_ENROLLED, c.PathwayEnrolledSchema, payload, ctx.correlation_id)
    ]
    try:
        enrolment.save(force_insert=True)
    except NotUniqueError:
        raise Conflict("Already enrolled on this pathway.", {"person_id": ["Enrolled."]}) from None
    ctx.publish(Enrolment._get_collection(), enrolment.id, enrolment.outbox)
    return progress_of(pathway_id, person_id, caller.name or None)
