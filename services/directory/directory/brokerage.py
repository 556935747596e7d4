"""Brokerage cases: a request matched to an offer, its days taken atomically from the offer's
capacity, the sending head's consent, reviews, the impact at close, and the per-school ledger.
The rules (which status a case moves from and to, the days taken and given back, the events that
follow) are ``directory.brokerage_rules``; this module loads, checks permissions and writes each
decision as one conditional update."""

from datetime import date

from contracts import directory as c
from contracts.caller import Caller
from contracts.common import paginate
from contracts.errors import NotFound
from directory import brokerage_rules as rules
from directory import leadership, permissions
from directory.ledger import school_ledger
from directory.offers import get_offer
from directory.schools import get_school
from directory.storage import BrokerageCase, Offer, SupportRequest, raw, stamp
from directory.stored_dates import as_date, as_datetime
from directory.support_requests import get_request
from runtime.delivery import outbox_entry


def case_item(case: BrokerageCase) -> dict:
    return {
        "id": case.id,
        "request_id": case.request_id,
        "offer_id": case.offer_id,
        "area": case.area,
        "provider_urn": case.provider_urn,
        "provider_name": case.provider_name,
        "receiver_urn": case.receiver_urn,
        "receiver_name": case.receiver_name,
        "practitioner_person_id": case.practitioner_person_id,
        "scope": case.scope,
        "days": case.days,
        "days_delivered": case.days_delivered,
        "academic_year": case.academic_year,
        "starts_on": case.starts_on,
        "ends_on": case.ends_on,
        "funding": case.funding,
        "cost_pence": case.cost_pence,
        "credit_days": case.credit_days,
        "review_dates": list(case.review_dates or []),
        "reviews": [{**r, "on": as_date(r.get("on"))} for r in case.reviews or []],
        "consent": {**case.consent, "on": as_date(case.consent.get("on"))}
        if case.consent
        else None,
        "impact": case.impact,
        "cancel_reason": case.cancel_reason,
        "status": case.status,
        "brokered_by": case.brokered_by,
        "created_at": case.created_at,
    }


def _heads(urn: int) -> list[str]:
    """The school's headteachers, else its next filled leading post (``contracts.leadership``)."""
    return leadership.leader_ids(urn)


def _event(name: str, case: BrokerageCase, correlation_id: str | None = None) -> dict:
    upcoming = sorted(d for d in case.review_dates or [] if d)
    return outbox_entry(
        name,
        c.BrokerageEventSchema,
        {
            "case_id": case.id,
            "request_id": case.request_id,
            "offer_id": case.offer_id,
            "title": case.title,
            "area": case.area,
            "days": case.days,
            "status": case.status,
            "provider_urn": case.provider_urn,
            "provider_name": case.provider_name,
            "receiver_urn": case.receiver_urn,
            "receiver_name": case.receiver_name,
            "practitioner_person_id": case.practitioner_person_id,
            "provider_head_ids": _heads(case.provider_urn),
            "receiver_head_ids": _heads(case.receiver_urn),
            "starts_on": as_date(case.starts_on),
            "ends_on": as_date(case.ends_on),
            "next_review_on": as_date(upcoming[0]) if upcoming else None,
        },
        correlation_id,
    )


def _release(offer_id: str, days: float) -> None:
    raw(Offer).update_one(
        {"_id": offer_id}, {"$inc": rules.released(days), "$set": {"rev": stamp()}}
    )


def broker(data: dict, caller: Caller, correlation_id: str | None = None) -> BrokerageCase:
    """Turn an open request into a case (coordinator or LA officer). The request is claimed and
    the days taken from the offer by conditional updates; a failure undoes the earlier steps."""
    permissions.check_may_broker(caller)
    req, offer = get_request(data["request_id"]), get_offer(data["offer_id"])
    capacity = rules.OfferCapacity(offer.school_urn, offer.status, offer.days_remaining)
    decision = rules.broker(req.school_urn, capacity, data["days"])
    receiver = get_school(req.school_urn)
    case = BrokerageCase(
        request_id=req.id,
        offer_id=offer.id,
        title=offer.title,
        area=offer.area,
        provider_urn=offer.school_urn,
        provider_name=offer.school_name,
        receiver_urn=receiver.urn,
        receiver_name=receiver.name,
        practitioner_person_id=offer.person_id,
        scope=data["scope"],
        days=decision.days,
        academic_year=offer.academic_year,
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        funding=data["funding"],
        cost_pence=data["cost_pence"],
        credit_days=data["credit_days"],
        review_dates=sorted(data.get("review_dates") or []),
        consent=dict(decision.consent),
        status=decision.status,
        brokered_by=caller.id,
    )
    claimed = raw(SupportRequest).update_one(
        {"_id": req.id, "status": decision.request_from},
        {"$set": {"status": decision.request_to, "case_id": case.id}},
    )
    if not claimed.modified_count:
        raise rules.request_not_open(req.status)
    condition = decision.offer_condition
    taken = raw(Offer).update_one(
        {"_id": offer.id, "status": condition.status, "days_remaining": {"$gte": condition.days}},
        {"$inc": decision.offer_change, "$set": {"rev": stamp()}},
    )
    if not taken.modified_count:
        _reopen(req.id)
        raise rules.fewer_days_left(get_offer(offer.id).days_remaining)
    case.outbox = [_event(name, case, correlation_id) for name in decision.events]
    try:
        case.save(force_insert=True)
    except Exception:
        _release(offer.id, decision.days)
        _reopen(req.id)
        raise
    return case


def _reopen(request_id: str) -> None:
    raw(SupportRequest).update_one(
        {"_id": request_id}, {"$set": {"status": "open", "case_id": None}}
    )


def get_case(case_id: str, caller: Caller) -> BrokerageCase:
    """A case, to those who may see it (403 to others; 404 when there is none)."""
    case = BrokerageCase.objects(id=case_id).exclude("outbox").first()
    if case is None:
        raise NotFound(f"No brokerage case {case_id}.", {"case_id": ["Unknown case."]})
    permissions.check_may_see_case(caller, case)
    return case


def list_cases(query: dict, caller: Caller) -> dict:
    """The cases the caller may see, newest first."""
    found = BrokerageCase.objects.exclude("outbox")
    scope = permissions.case_school_scope(caller)
    if scope is None:
        return {"items": [], "total": 0}
    if scope != "all":
        found = found(__raw__={"$or": [{"provider_urn": scope}, {"receiver_urn": scope}]})
    if query.get("school_urn") is not None:
        urn = query["school_urn"]
        found = found(__raw__={"$or": [{"provider_urn": urn}, {"receiver_urn": urn}]})
    if query.get("status"):
        found = found(status=query["status"])
    found = found.order_by("-created_at")
    return paginate(found, query, case_item)


def _transition(case: BrokerageCase, decision: rules.CaseDecision, cid) -> None:
    """Write ``decision`` as one update applied only while the case is still in its
    ``from_statuses`` (409 otherwise), its events in the case's outbox; then give its days back
    to the offer and reopen or close the request."""
    update: dict = {}
    if decision.changes:
        update["$set"] = dict(decision.changes)
    if decision.appended:
        update["$push"] = dict(decision.appended)
    if decision.added:
        update["$addToSet"] = dict(decision.added)
    fresh = BrokerageCase.objects(id=case.id).exclude("outbox").first()
    for key, value in update.get("$set", {}).items():
        setattr(fresh, key, value)
    entries = [_event(name, fresh, cid) for name in decision.events]
    update.setdefault("$push", {})["outbox"] = (
        entries[0] if len(entries) == 1 else {"$each": entries}
    )
    done = raw(BrokerageCase).update_one(
        {"_id": case.id, "status": {"$in": list(decision.from_statuses)}}, update
    )
    if not done.modified_count:
        raise rules.case_is(case.status)
    if decision.release > 0:
        _release(case.offer_id, decision.release)
    if decision.reopen_request:
        _reopen(case.request_id)
    if decision.close_request:
        raw(SupportRequest).update_one({"_id": case.request_id}, {"$set": {"status": "closed"}})


def _state(case: BrokerageCase) -> rules.CaseState:
    return rules.CaseState(status=case.status, days=case.days)


def give_consent(case_id: str, data: dict, caller: Caller, today: date, cid=None) -> BrokerageCase:
    """The sending head consents (case becomes active) or refuses (days go back to the offer)."""
    case = get_case(case_id, caller)
    permissions.check_may_consent(caller, case)
    decision = rules.answer_consent(
        _state(case), data["given"], caller.id, as_datetime(today), data.get("note", "")
    )
    _transition(case, decision, cid)
    return get_case(case_id, caller)


def add_review(case_id: str, data: dict, caller: Caller, cid=None) -> BrokerageCase:
    """A review of an open case, by anyone who may see it."""
    case = get_case(case_id, caller)
    permissions.check_may_review_case(caller, case)
    decision = rules.record_review(
        _state(case),
        as_datetime(data["on"]),
        data["notes"],
        caller.id,
        as_datetime(data.get("next_review_on")),
    )
    _transition(case, decision, cid)
    return get_case(case_id, caller)


def close_case(case_id: str, data: dict, caller: Caller, cid=None) -> BrokerageCase:
    """Close with an impact statement (coordinator or LA officer); undelivered days go back."""
    permissions.check_may_broker(caller)
    case = get_case(case_id, caller)
    decision = rules.close(_state(case), data["impact"], data.get("days_delivered"))
    _transition(case, decision, cid)
    return get_case(case_id, caller)


def cancel_case(case_id: str, data: dict, caller: Caller, cid=None) -> BrokerageCase:
    """Cancel an open case (coordinator or LA officer): its days go back, the request reopens."""
    permissions.check_may_broker(caller)
    case = get_case(case_id, caller)
    _transition(case, rules.cancel(_state(case), data["reason"]), cid)
    return get_case(case_id, caller)


def ledger(urn: int, academic_year: str | None, caller: Caller | None = None) -> dict:
    """Support days the school gave and received, from the rows of the cases the caller may see
    (a case's row, and its days, stay hidden from anyone who may not see the case)."""
    if caller is not None:
        permissions.check_may_read_ledger(caller, urn)
    get_school(urn)
    found = BrokerageCase.objects(
        __raw__={
            "$or": [{"provider_urn": urn}, {"receiver_urn": urn}],
            "status": {"$in": ["active", "closed"]},
        }
    ).exclude("outbox", "reviews", "scope", "impact")
    cases = [case_item(x) for x in found]
    if caller is not None and not caller.is_service:
        cases = [case for case in cases if permissions.may_see_case(caller, case)]
    return school_ledger(urn, cases, academic_year)
