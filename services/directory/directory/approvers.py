"""A school's one designated approver of bookings: setting it (a headteacher, deputy head or
business manager of the school) and clearing it when that person leaves the school or loses the
role; each change is announced as ``school_updated``. Who approves when nobody is designated is
``leadership``'s fallback order."""

from contracts import directory as c
from contracts.caller import Caller
from contracts.errors import InvalidInput
from directory import permissions
from directory.schools import get_school
from directory.storage import Person, School, raw, stamp
from runtime.delivery import outbox_entry


def _approver_changed(urn: int, school: School, correlation_id: str | None) -> dict:
    """The ``school_updated`` outbox entry for a change of the school's approver."""
    return outbox_entry(
        c.SCHOOL_UPDATED,
        c.SchoolUpdatedSchema,
        {
            "urn": urn,
            "name": school.name,
            "cluster": school.cluster,
            "changed": ["approver_person_id"],
        },
        correlation_id,
    )


def clear_approver(person_id: str, urn: int | None, correlation_id: str | None = None) -> None:
    """The person no longer may approve at ``urn`` (lost the role, or left): the school has no
    designated approver until someone sets one (announced as ``school_updated``)."""
    if urn is None:
        return
    school = School.objects(urn=urn).only("name", "cluster").first()
    if school is None:
        return
    event = _approver_changed(urn, school, correlation_id)
    raw(School).update_one(
        {"_id": urn, "approver_person_id": person_id},
        {"$set": {"approver_person_id": None, "rev": stamp()}, "$push": {"outbox": event}},
    )


def set_school_approver(
    urn: int, person_id: str | None, caller: Caller | None = None, correlation_id=None
) -> School:
    """Designate the school's one approver of bookings: a person of the school holding
    headteacher, deputy_head or business_manager (422 naming ``person_id`` otherwise); None
    clears it. Announced as ``school_updated``."""
    if caller is not None:
        permissions.check_may_set_approver(caller, urn)
    school = get_school(urn)
    if person_id is not None:
        person = Person.objects(id=person_id).only("id", "school_urn", "roles").first()
        if person is None or not permissions.is_eligible_approver(person, urn):
            raise InvalidInput(
                "The approver must be a headteacher, deputy head or business manager of the "
                "school.",
                {"person_id": ["Not a headteacher, deputy head or business manager here."]},
            )
    if school.approver_person_id == person_id:
        return school
    event = _approver_changed(urn, school, correlation_id)
    raw(School).update_one(
        {"_id": urn},
        {"$set": {"approver_person_id": person_id, "rev": stamp()}, "$push": {"outbox": event}},
    )
    if person_id is not None:
        # lost the role or left meanwhile: no designation survives that
        person = Person.objects(id=person_id).only("id", "school_urn", "roles").first()
        if person is None or not permissions.is_eligible_approver(person, urn):
            clear_approver(person_id, urn, correlation_id)
    return get_school(urn)
