"""Support requests: a school asking for help (``support_requested``), reading and listing the
requests a caller may see (newest first), and the offers suggested for a request (its area and
the areas answering the school's weakest report-card areas, ranked by ``matching``)."""

from datetime import date

from contracts import directory as c
from contracts.caller import Caller
from contracts.common import paginate
from contracts.errors import NotFound
from directory import catalogue, permissions
from directory.matching import answering_areas, rank_offers, weakest_areas
from directory.offer_search import listed_offer
from directory.schools import get_school, school_item
from directory.storage import Person, SupportRequest
from directory.support_areas import area_name
from runtime.delivery import outbox_entry


def request_item(req: SupportRequest) -> dict:
    return {
        "id": req.id,
        "school_urn": req.school_urn,
        "school_name": req.school_name,
        "area": req.area,
        "description": req.description,
        "urgency": req.urgency,
        "phase": req.phase,
        "days_wanted": req.days_wanted,
        "status": req.status,
        "requested_by": req.requested_by,
        "created_at": req.created_at,
        "case_id": req.case_id,
    }


def create_request(
    data: dict, by: str | None, correlation_id: str | None = None, caller: Caller | None = None
) -> SupportRequest:
    """A school asks for help (``support_requested``): its leaders, SENCO or business manager,
    or the partnership roles; ``by`` is who asked."""
    if caller is not None:
        permissions.check_may_request_support(caller, data["school_urn"])
    name = area_name(data["area"])
    school = get_school(data["school_urn"])
    requester = Person.objects(id=by).only("name").first() if by else None
    req = SupportRequest(
        school_urn=school.urn,
        school_name=school.name,
        area=data["area"],
        description=data["description"],
        urgency=data["urgency"],
        phase=data.get("phase") or school.phase or None,
        days_wanted=data.get("days_wanted"),
        requested_by=by,
    )
    title = f"{school.name} asks for support: {name}"
    req.outbox = [
        outbox_entry(
            c.SUPPORT_REQUESTED,
            c.SupportRequestedSchema,
            {
                "request_id": req.id,
                "school_urn": school.urn,
                "school_name": school.name,
                "area": req.area,
                "area_name": name,
                "urgency": req.urgency,
                "title": title,
                "requested_by": by,
                "requested_by_name": requester.name if requester else None,
            },
            correlation_id,
        )
    ]
    req.save(force_insert=True)
    return req


def get_request(request_id: str, caller: Caller | None = None) -> SupportRequest:
    req = SupportRequest.objects(id=request_id).exclude("outbox").first()
    if req is None:
        raise NotFound(f"No support request {request_id}.", {"request_id": ["Unknown request."]})
    if caller is not None:
        permissions.check_may_see_request(caller, req)
    return req


def list_requests(query: dict, caller: Caller | None = None) -> dict:
    """Requests newest first: every school's for the partnership roles, else the caller's own
    school's."""
    query = dict(query)
    if caller is not None:
        allowed, urn = permissions.request_school_scope(caller, query.get("school_urn"))
        if not allowed:
            return {"items": [], "total": 0}
        query["school_urn"] = urn
    found = SupportRequest.objects.exclude("outbox")
    for key in ("school_urn", "status", "area"):
        if query.get(key) is not None:
            found = found(**{key: query[key]})
    found = found.order_by("-created_at")
    return paginate(found, query, request_item)


def suggest_offers(
    request_id: str, today: date, limit: int = 10, caller: Caller | None = None
) -> dict:
    """Offers suggested for a request: its area and areas answering the school's weakest
    report-card areas; same cluster first, then by score (see ``matching``)."""
    req = get_request(request_id)
    if caller is not None:
        permissions.check_may_suggest(caller, req)
    school = school_item(get_school(req.school_urn))
    areas = {req.area, *answering_areas(weakest_areas(school.get("report_card")))}
    offers, postings, _, _ = catalogue.offer_views()
    ids = set().union(*(postings.ids({"status": "active", "area": a}) for a in areas))
    candidates = [listed_offer(offers[i], today) for i in ids if offers[i]["days_remaining"] > 0]
    ranked = rank_offers(candidates, request_item(req), school, today)[:limit]
    result = [{**r.offer, "score": r.score, "reasons": r.reasons} for r in ranked]
    return {"items": result, "total": len(result)}
