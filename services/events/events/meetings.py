"""Cluster meetings and Teachmeets: the rota of year-group meetings with rotating hosts, chair and
minute-taker, minutes and actions published to the cluster, presentation slots and the running
order."""

from contracts import events as c
from contracts.caller import Caller
from contracts.errors import Conflict, InvalidInput
from contracts.school_year import parse_academic_year
from events import permissions
from events.context import Context
from events.meeting_people import check_meeting_people
from events.rota import rota_plan, running_order
from events.storage import events_collection
from events.usecases import (
    active_person_ids,
    check_may_manage,
    create_event,
    get_event,
    get_event_document,
    owning_group,
)
from runtime.delivery import outbox_entry

MEETING_KINDS = ("cluster_meeting", "group_meeting")  # events that have a chair and minutes


def _meeting(event: dict) -> dict:
    """``event`` when it is a meeting (which has a chair, a minute-taker and minutes)."""
    if event.get("kind") not in MEETING_KINDS:
        raise Conflict(
            "Only cluster and group meetings have a chair, a minute-taker and minutes.",
            {"event_id": ["Not a meeting."]},
        )
    return event


def _first_start(event: dict):
    """When the event's first session starts (None without sessions)."""
    return event["sessions"][0]["starts_at"] if event.get("sessions") else None


def host_history(cluster: str) -> dict[int, tuple[int, int]]:
    """How often, and in which order last, each school hosted this cluster's meetings."""
    history: dict[int, tuple[int, int]] = {}
    rows = (
        events_collection()
        .find(
            {"kind": "cluster_meeting", "cluster": cluster, "host_school_urn": {"$ne": None}},
            {"host_school_urn": 1, "starts_at": 1},
        )
        .sort("starts_at", 1)
    )
    for order, row in enumerate(rows):
        urn = row["host_school_urn"]
        history[urn] = (history.get(urn, (0, -1))[0] + 1, order)
    return history


def create_rota(ctx: Context, data: dict, caller: Caller) -> dict:
    """Year-group meetings for every half term of the year, hosts rotating fairly round the
    cluster's schools (minus exclusions). Idempotent per (cluster, year, year group). The
    partnership roles make rotas."""
    permissions.check_may_create_rota(caller)
    created_by = caller.id
    cluster, year = data["cluster"], parse_academic_year(data["academic_year"])
    schools = {s["urn"]: s for s in ctx.directory.cluster_schools(cluster)}
    urns = sorted(set(schools) - set(data.get("exclude_urns") or []))
    if not urns:
        raise InvalidInput(
            f"Cluster {cluster} has no schools to host meetings.",
            {"cluster": ["No host schools."]},
        )
    existing = events_collection().count_documents(
        {
            "kind": "cluster_meeting",
            "cluster": cluster,
            "academic_year": year,
            "year_group": {"$in": data["year_groups"]},
        }
    )
    if existing:
        raise Conflict(
            f"A rota for {cluster} in {year} already covers some of these year groups.",
            {"year_groups": ["Already in a rota."]},
        )
    plan = rota_plan(year, data["year_groups"], urns, host_history(cluster), after=ctx.now())
    if not plan:
        raise InvalidInput(
            f"Every half term of the academic year {year} is over: there is nothing to plan.",
            {"academic_year": ["Every half term of this year is over."]},
        )
    meetings = []
    for meeting in plan:
        host = schools[meeting["host_school_urn"]]
        title = (
            f"{cluster} cluster {meeting['year_group']} meeting (half term {meeting['half_term']})"
        )
        event = {
            "title": title,
            "kind": "cluster_meeting",
            "capacity": data.get("capacity", 30),
            "sessions": [
                {
                    "starts_at": meeting["starts_at"],
                    "ends_at": meeting["ends_at"],
                    "venue": host["name"],
                    "venue_school_urn": host["urn"],
                }
            ],
            "owner": {"type": "cluster", "id": cluster, "name": f"{cluster} cluster"},
            "audience": {"clusters": [cluster], "year_groups": [meeting["year_group"]]},
            "host_school_urn": host["urn"],
            "cluster": cluster,
            "year_group": meeting["year_group"],
        }
        meetings.append(create_event(ctx, event, created_by, academic_year=year))
    return {"cluster": cluster, "academic_year": year, "meetings": meetings}


def assign_meeting_roles(ctx: Context, event_id: str, data: dict, caller: Caller) -> dict:
    """The host school names the chair and the minute-taker."""
    event = get_event_document(event_id)
    permissions.check_may_assign_meeting_roles(caller, event)
    _meeting(event)
    check_meeting_people(ctx, event, data)
    payload = {
        "cpd_event_id": event_id,
        "title": event["title"],
        "cluster": event.get("cluster"),
        "host_school_urn": event.get("host_school_urn"),
        "starts_at": _first_start(event),
        **data,
    }
    entry = outbox_entry(
        c.MEETING_ROLES_ASSIGNED, c.MeetingRolesAssignedSchema, payload, ctx.correlation_id
    )
    events_collection().update_one(
        {"_id": event_id}, {"$set": dict(data), "$push": {"outbox": entry}}
    )
    ctx.publish(events_collection(), event_id, [entry])
    return get_event(event_id)


def publish_minutes(ctx: Context, event_id: str, data: dict, caller: Caller) -> dict:
    """Attach minutes and actions to a meeting and publish them to its cluster (its chair or
    minute-taker, the host school's leaders, the partnership roles)."""
    event = get_event_document(event_id)
    permissions.check_may_publish_minutes(caller, event)
    _meeting(event)
    actions = [
        {**a, "due": a["due"].isoformat() if a.get("due") else None} for a in data["actions"]
    ]
    payload = {
        "cpd_event_id": event_id,
        "title": event["title"],
        "cluster": event.get("cluster"),
        "year_group": event.get("year_group"),
        "minutes": data["minutes"],
        "actions": actions,
        "person_ids": active_person_ids(event_id),
    }
    entry = outbox_entry(c.MINUTES_PUBLISHED, c.MinutesPublishedSchema, payload, ctx.correlation_id)
    events_collection().update_one(
        {"_id": event_id},
        {"$set": {"minutes": data["minutes"], "actions": actions}, "$push": {"outbox": entry}},
    )
    ctx.publish(events_collection(), event_id, [entry])
    return {"event_id": event_id, "minutes": data["minutes"], "actions": actions}


def get_minutes(ctx: Context, event_id: str, caller: Caller) -> dict:
    """A meeting's minutes and actions: for people of the meeting's cluster's schools, the
    owning strategic group, and the partnership roles."""
    event = get_event_document(event_id)
    permissions.require_person(caller)
    cluster = None
    if event.get("cluster") and not caller.is_partnership:
        cluster = ctx.directory.cluster_of(caller.school_urn)
    group = owning_group(ctx, caller, event.get("owner"))
    permissions.check_may_read_minutes(caller, event, cluster, group)
    return {
        "event_id": event_id,
        "minutes": event.get("minutes") or "",
        "actions": event.get("actions") or [],
    }


def claim_slot(event_id: str, data: dict, caller: Caller) -> dict:
    """The caller claims a presentation slot for themselves and their school (one per person);
    atomic while slots last."""
    permissions.check_may_claim_slot(caller)
    event = get_event_document(event_id)
    if not event.get("slot_count"):
        raise Conflict("This event has no presentation slots.", {"event_id": ["No slots."]})
    slot = {"title": data["title"], "person_id": caller.id, "school_urn": caller.school_urn}
    query = {
        "_id": event_id,
        "status": "open",
        "slots.person_id": {"$ne": slot["person_id"]},
        "$expr": {"$lt": [{"$size": {"$ifNull": ["$slots", []]}}, "$slot_count"]},
    }
    done = events_collection().update_one(query, {"$push": {"slots": slot}})
    if not done.modified_count:
        raise Conflict(
            "No slot left, or you already hold one.", {"slot": ["Full or already claimed."]}
        )
    return get_running_order(event_id)


def get_running_order(event_id: str) -> dict:
    event = get_event_document(event_id)
    start = event["sessions"][0]["starts_at"] if event["sessions"] else None
    slots = running_order(event.get("slots") or [], start, event.get("slot_minutes"))
    return {
        "event_id": event_id,
        "slots": slots,
        "published": bool(event.get("running_order_published")),
    }


def publish_running_order(ctx: Context, event_id: str, caller: Caller) -> dict:
    """Publish the running order to everyone booked (the event's organisers)."""
    event = get_event_document(event_id)
    check_may_manage(ctx, caller, event)
    order = get_running_order(event_id)
    slots = [
        {**s, "starts_at": s["starts_at"].isoformat() if s.get("starts_at") else None}
        for s in order["slots"]
    ]
    presenters = [s["person_id"] for s in order["slots"] if s.get("person_id")]
    payload = {
        "cpd_event_id": event_id,
        "title": event["title"],
        "slots": slots,
        "person_ids": list(dict.fromkeys([*active_person_ids(event_id), *presenters])),
        "starts_at": _first_start(event),
    }
    entry = outbox_entry(
        c.RUNNING_ORDER_PUBLISHED, c.RunningOrderPublishedSchema, payload, ctx.correlation_id
    )
    events_collection().update_one(
        {"_id": event_id},
        {"$set": {"running_order_published": True}, "$push": {"outbox": entry}},
    )
    ctx.publish(events_collection(), event_id, [entry])
    return get_running_order(event_id)
