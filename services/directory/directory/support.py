"""The school-to-school support directory: the managed area taxonomy, expertise offers (search,
verification reminders), support requests and their suggested matches."""

from datetime import date

from contracts import directory as c
from contracts.caller import Caller
from contracts.common import page_start, paginate
from contracts.delivery import outbox_entry
from contracts.errors import Conflict, InvalidInput, NotFound
from directory import catalogue, leadership, permissions
from directory.domain import academic_year, is_overdue, tokens, verification_due
from directory.listing import offer_candidates, offer_matches, rank_for_search
from directory.matching import answering_areas, rank_offers, weakest_areas
from directory.storage import (
    Offer,
    Person,
    SupportArea,
    SupportRequest,
    insert_unique,
    raw,
    stamp,
)
from directory.usecases import as_date, as_datetime, get_person, get_school, school_item

# ----- taxonomy -----


def ensure_default_areas() -> None:
    """Create the default support areas that are missing (idempotent)."""
    for key, name in c.DEFAULT_SUPPORT_AREAS.items():
        raw(SupportArea).update_one(
            {"_id": key}, {"$setOnInsert": {"name": name, "outbox": []}}, upsert=True
        )


_areas_ensured: set = set()


def ensure_default_areas_once() -> None:
    """``ensure_default_areas`` once per database this process talks to."""
    key = raw(SupportArea).database.name
    if key not in _areas_ensured:
        ensure_default_areas()
        _areas_ensured.add(key)


def list_areas() -> dict:
    items = [{"id": a.id, "name": a.name} for a in SupportArea.objects.order_by("name")]
    return {"items": items, "total": len(items)}


def add_area(data: dict, correlation_id: str | None = None) -> SupportArea:
    area = SupportArea(id=data["id"], name=data["name"])
    area.outbox = [
        outbox_entry(
            c.SUPPORT_AREA_ADDED,
            c.SupportAreaAddedSchema,
            {"area": area.id, "name": area.name},
            correlation_id,
        )
    ]
    return insert_unique(area, Conflict("That area exists.", {"id": ["Already in use."]}))


def area_name(area: str) -> str:
    """The area's name; InvalidInput (422) naming ``area`` when the taxonomy lacks it."""
    found = SupportArea.objects(id=area).only("name").first()
    if found is None:
        raise InvalidInput(
            "Unknown support area.", {"area": [f"{area!r} is not in the support taxonomy."]}
        )
    return found.name


# ----- offers -----


def offer_item(offer: Offer, today: date) -> dict:
    return {
        "id": offer.id,
        "school_urn": offer.school_urn,
        "school_name": offer.school_name,
        "cluster": offer.cluster,
        "person_id": offer.person_id,
        "person_name": offer.person_name,
        "area": offer.area,
        "title": offer.title,
        "description": offer.description,
        "phases": list(offer.phases or []),
        "academic_year": offer.academic_year,
        "capacity_days": offer.capacity_days,
        "days_committed": offer.days_committed,
        "days_remaining": offer.days_remaining,
        "evidence": _evidence_out(offer.evidence or {}),
        "last_verified_on": offer.last_verified_on,
        "verification_due_on": offer.verification_due_on,
        "verification_overdue": is_overdue(offer.verification_due_on, today),
        "status": offer.status,
    }


def _evidence_in(evidence: dict) -> dict:
    return {
        "accreditations": [
            {**a, "expires_on": as_datetime(a.get("expires_on"))}
            for a in evidence.get("accreditations") or []
        ],
        "endorsements": [
            {**e, "on": as_datetime(e.get("on"))} for e in evidence.get("endorsements") or []
        ],
    }


def _evidence_out(evidence: dict) -> dict:
    return {
        "accreditations": [
            {**a, "expires_on": as_date(a.get("expires_on"))}
            for a in evidence.get("accreditations") or []
        ],
        "endorsements": [
            {**e, "on": as_date(e.get("on"))} for e in evidence.get("endorsements") or []
        ],
    }


def _head_ids(urn: int) -> list[str]:
    """The school's headteachers, else its next filled leading post (``contracts.leadership``)."""
    return leadership.leader_ids(urn)


def _offer_event(name: str, offer: Offer, correlation_id: str | None = None) -> dict:
    owners = [offer.person_id] if offer.person_id else _head_ids(offer.school_urn)
    return outbox_entry(
        name,
        c.OfferEventSchema,
        {
            "offer_id": offer.id,
            "title": offer.title,
            "area": offer.area,
            "school_urn": offer.school_urn,
            "school_name": offer.school_name,
            "owner_person_id": offer.person_id,
            "owner_person_ids": owners,
            "owner_name": offer.person_name or offer.school_name,
            "capacity_days": offer.capacity_days,
            "days_remaining": offer.days_remaining,
            "last_verified_on": as_date(offer.last_verified_on),
            "verification_due_on": as_date(offer.verification_due_on),
        },
        correlation_id,
    )


def create_offer(
    data: dict,
    today: date,
    correlation_id: str | None = None,
    offer_id: str | None = None,
    caller: Caller | None = None,
) -> Offer:
    """Publish an offer (``offer_published``); the practitioner must work at the school. Only a
    verifier (coordinator, LA officer, the practitioner's head) sets verification dates or
    endorsements, and an offer published by anyone else starts unverified."""
    verifier = True
    if caller is not None:
        data = {**data, "person_id": permissions.offer_person_default(caller, data)}
        permissions.check_may_create_offer(caller, data)
        permissions.check_verification_fields(caller, data, data)
        verifier = permissions.may_verify_offer(caller, data)
    area_name(data["area"])
    school = get_school(data["school_urn"])
    person = None
    if data.get("person_id"):
        person = get_person(data["person_id"])
        if person.school_urn != school.urn:
            raise InvalidInput(
                "The practitioner does not work at that school.",
                {"person_id": ["Not on the staff of school_urn."]},
            )
    verified = (data.get("last_verified_on") or today) if verifier else None
    offer = Offer(
        **({"id": offer_id} if offer_id else {}),
        school_urn=school.urn,
        school_name=school.name,
        cluster=school.cluster,
        person_id=person.id if person else None,
        person_name=person.name if person else None,
        area=data["area"],
        title=data["title"],
        title_tokens=tokens(data["title"]),
        description=data.get("description", ""),
        phases=list(dict.fromkeys(data.get("phases") or [])),
        academic_year=data["academic_year"],
        capacity_days=data["capacity_days"],
        days_committed=0,
        days_remaining=data["capacity_days"],
        evidence=_evidence_in(data.get("evidence") or {}),
        last_verified_on=verified,
        verification_due_on=verification_due(verified, data.get("verification_due_on"))
        if verified
        else None,
    )
    offer.outbox = [_offer_event(c.OFFER_PUBLISHED, offer, correlation_id)]
    offer.rev = stamp()
    offer.save(force_insert=True)
    return offer


def get_offer(offer_id: str) -> Offer:
    offer = Offer.objects(id=offer_id).exclude("outbox").first()
    if offer is None:
        raise NotFound(f"No offer {offer_id}.", {"offer_id": ["Unknown offer."]})
    return offer


def update_offer(
    offer_id: str, data: dict, correlation_id: str | None = None, caller: Caller | None = None
) -> Offer:
    """Edit an offer (its practitioner, their school's leaders, the partnership roles); a new
    capacity never drops below the days already committed; endorsements change only by a
    verifier."""
    offer = get_offer(offer_id)
    if caller is not None:
        permissions.check_may_manage_offer(caller, offer)
        before = _evidence_out(offer.evidence or {})["endorsements"]
        permissions.check_verification_fields(caller, offer, data, before)
    fields = dict(data)
    if "title" in fields:
        fields["title_tokens"] = tokens(fields["title"])
    if "evidence" in fields:
        fields["evidence"] = _evidence_in(fields["evidence"])
    query: dict = {"_id": offer_id}
    update: dict = {"$set": {**fields, "rev": stamp()}}
    if "capacity_days" in data:
        # optimistic on the old capacity; remaining moves by the difference in the same write
        new = data["capacity_days"]
        query.update(capacity_days=offer.capacity_days, days_committed={"$lte": new})
        update["$inc"] = {"days_remaining": new - offer.capacity_days}
    if not raw(Offer).update_one(query, update).matched_count:
        raise InvalidInput(
            "Capacity below the days already brokered.",
            {"capacity_days": [f"At least {offer.days_committed} days are committed."]},
        )
    offer = get_offer(offer_id)
    raw(Offer).update_one(
        {"_id": offer_id},
        {"$push": {"outbox": _offer_event(c.OFFER_UPDATED, offer, correlation_id)}},
    )
    return offer


def verify_offer(
    offer_id: str, data: dict, correlation_id: str | None = None, caller: Caller | None = None
) -> Offer:
    """Record that the offer was checked (the coordinator, the LA officer, the practitioner's
    head): ``offer_verified``."""
    offer = get_offer(offer_id)
    if caller is not None:
        permissions.check_may_verify_offer(caller, offer)
    due = verification_due(data["verified_on"], data.get("verification_due_on"))
    offer.last_verified_on, offer.verification_due_on = data["verified_on"], due
    raw(Offer).update_one(
        {"_id": offer_id},
        {
            "$set": {
                "last_verified_on": as_datetime(data["verified_on"]),
                "verification_due_on": as_datetime(due),
                "reminded_for": None,
                "rev": stamp(),
            },
            "$push": {"outbox": _offer_event(c.OFFER_VERIFIED, offer, correlation_id)},
        },
    )
    return get_offer(offer_id)


def withdraw_offer(
    offer_id: str, correlation_id: str | None = None, caller: Caller | None = None
) -> Offer:
    offer = get_offer(offer_id)
    if caller is not None:
        permissions.check_may_manage_offer(caller, offer)
    event = _offer_event(c.OFFER_WITHDRAWN, offer, correlation_id)
    done = raw(Offer).update_one(
        {"_id": offer_id, "status": "active"},
        {"$set": {"status": "withdrawn", "rev": stamp()}, "$push": {"outbox": event}},
    )
    if not done.modified_count:
        raise Conflict("The offer is already withdrawn.", {"offer_id": ["Withdrawn."]})
    return get_offer(offer_id)


def remind_verification_due(today: date, limit: int = 500) -> list[str]:
    """Flag active offers whose verification is due: one ``offer_verification_due`` per due date
    (a conditional update, so concurrent sweeps never remind twice)."""
    due = as_datetime(today)
    reminded = []
    found = Offer.objects(
        __raw__={
            "status": "active",
            "verification_due_on": {"$lte": due},
            "reminded_for": None,
        }
    ).exclude("outbox")
    for offer in found.limit(limit):
        event = _offer_event(c.OFFER_VERIFICATION_DUE, offer)
        done = raw(Offer).update_one(
            {
                "_id": offer.id,
                "verification_due_on": as_datetime(offer.verification_due_on),
                "reminded_for": None,
            },
            {
                "$set": {"reminded_for": as_datetime(offer.verification_due_on)},
                "$push": {"outbox": event},
            },
        )
        if done.modified_count:
            reminded.append(offer.id)
    return reminded


def _listed(offer: dict, today: date) -> dict:
    return {
        **catalogue.public(offer),
        "verification_overdue": is_overdue(offer.get("verification_due_on"), today),
    }


def _cluster_of(urn: int) -> str | None:
    """A school's cluster from the school catalogue (kept warm by the service), else the store."""
    known = catalogue.schools.items.get(urn)
    return known["cluster"] if known else get_school(urn).cluster


def search_offers(query: dict, today: date) -> dict:
    """Active offers with days left, ranked: same cluster as ``near_urn`` first, then the most
    recently verified, then the most days remaining. Full offers are hidden."""
    near = _cluster_of(query["near_urn"]) if query.get("near_urn") else None
    offers, postings, index, rank = catalogue.offer_views()
    ids = index.ids_for(query["q"]) if query.get("q") else None
    candidates = (offers[i] for i in offer_candidates(postings, query))
    found = rank_for_search([o for o in candidates if offer_matches(o, query, ids)], near, rank)
    start = page_start(query)
    items = []
    for offer in found[start : start + query["per_page"]]:
        item = _listed(offer, today)
        item["reasons"] = ["same cluster"] if near and offer["cluster"] == near else []
        items.append(item)
    return {"items": items, "total": len(found)}


# ----- support requests -----


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
    candidates = [_listed(offers[i], today) for i in ids if offers[i]["days_remaining"] > 0]
    ranked = rank_offers(candidates, request_item(req), school, today)[:limit]
    result = [{**r.offer, "score": r.score, "reasons": r.reasons} for r in ranked]
    return {"items": result, "total": len(result)}


def current_year(today: date) -> str:
    return academic_year(today)
