"""Expertise offers of the support directory: publishing, editing, verifying and withdrawing an
offer (each with its event, naming the offer's owners, in the offer's outbox), reading it as
``OfferSchema``, and the reminders when an offer's verification falls due. Who may do what is
asked of ``permissions`` when a ``caller`` is given. Searching offers is ``offer_search``."""

from datetime import date

from contracts import directory as c
from contracts.caller import Caller
from contracts.errors import Conflict, InvalidInput, NotFound
from directory import leadership, permissions
from directory.domain import is_overdue, tokens, verification_due
from directory.people import get_person
from directory.schools import get_school
from directory.storage import Offer, raw, stamp
from directory.stored_dates import as_date, as_datetime
from directory.support_areas import area_name
from runtime.delivery import outbox_entry


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
