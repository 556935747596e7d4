"""Who may do what to which record in the directory: the one place its permissions are decided.

Plain Python over ``contracts.caller.Caller`` and records given as dicts (or objects with the
same attributes). ``check_*`` functions raise ``Forbidden`` (``deny``) or, for an anonymous
caller, ``Unauthorized``; ``may_*`` functions answer scoped reads. The service calls them from
every RPC that reveals or changes data, whoever sent the call.

Roles: the partnership roles (coordinator, LA officer) act across every school. A school's
administrator and its headteacher manage the school-managed staff roles of their own school's
people (``SCHOOL_MANAGED_ROLES``); headteacher, deputy_head, coordinator and la_officer come only
from the partnership roles. Nobody changes their own roles. A service caller may look things up
(people, schools, groups, offers), nothing else.
"""

from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from contracts.caller import Caller, deny, require_signed_in
from contracts.directory import APPROVER_ROLES, SCHOOL_MANAGED_ROLES
from contracts.errors import Forbidden

COORDINATOR = "coordinator"
LA_OFFICER = "la_officer"
HEADTEACHER = "headteacher"
# who manages the staff roles and records of their own school
STAFF_MANAGERS = ("school_admin", HEADTEACHER)
# who leads a school for offers and support requests
SCHOOL_LEADERS = ("headteacher", "deputy_head", "assistant_head", "school_admin")
REQUESTERS = (*SCHOOL_LEADERS, "senco", "business_manager")
# fields of an offer only a verifier sets
VERIFICATION_FIELDS = ("last_verified_on", "verification_due_on")

__all__ = ["APPROVER_ROLES", "SCHOOL_MANAGED_ROLES"]

# A record as the use cases pass it: a dict, or a stored document with the same attributes.
Record: TypeAlias = Mapping[str, Any] | object


def _deny(message: str, fields: dict | None = None) -> Forbidden:
    """``deny``, naming the fields at fault when there are some."""
    return Forbidden(message, fields) if fields else deny(message)


def _get(record: Record, key: str, default: Any = None) -> Any:
    if isinstance(record, Mapping):
        return record.get(key, default)
    return getattr(record, key, default)


def _signed_in(caller: Caller) -> Caller:
    return require_signed_in(caller)


def _person(caller: Caller) -> Caller:
    """A signed-in person (not a service acting on its own account)."""
    require_signed_in(caller)
    if caller.is_service:
        raise _deny("Only a signed-in person may do this.")
    return caller


def check_is_service(caller: Caller) -> None:
    """Lists only services need (every account's token version, for the gateway)."""
    if not caller.is_service:
        raise _deny("Only a service may ask for this.")


def _staff_manager_of(caller: Caller, urn: int | str | None) -> bool:
    return caller.has_role(*STAFF_MANAGERS) and caller.of_school(urn)


# Reading the directory
def check_may_read(caller: Caller) -> None:
    """Directory lookups (people, schools, groups, offers): any signed-in person or a service."""
    _signed_in(caller)


def may_see_contact(caller: Caller, person: Record) -> bool:
    """A person's email (and other contact details): themselves, their own school's staff, the
    partnership roles and services."""
    if caller.is_anonymous:
        return False
    if caller.is_service or caller.is_partnership:
        return True
    if caller.id and caller.id == _get(person, "id"):
        return True
    return caller.of_school(_get(person, "school_urn"))


def may_see_school_notes(caller: Caller, school: Record = None) -> bool:
    """The coordinator's notes on a school: the partnership roles only."""
    return not caller.is_anonymous and caller.is_partnership


# Schools
def check_may_create_school(caller: Caller) -> None:
    _signed_in(caller)
    if not caller.is_partnership:
        raise _deny("Only the coordinator or the LA officer enters a school.")


def check_may_update_school(caller: Caller) -> None:
    """Local data kept about a school (cluster, notes): the coordinator."""
    _signed_in(caller)
    if not caller.has_role(COORDINATOR):
        raise _deny("Only the coordinator changes a school's cluster and notes.")


def check_may_edit_ofsted(caller: Caller) -> None:
    _signed_in(caller)
    if not caller.has_role(LA_OFFICER):
        raise _deny("Only the LA officer edits Ofsted grades.")


def check_may_select_moderation(caller: Caller) -> None:
    _signed_in(caller)
    if not caller.has_role(LA_OFFICER):
        raise _deny("Only the LA officer selects schools for moderation.")


def check_may_set_approver(caller: Caller, urn: int | str | None) -> None:
    """The school's headteacher, the coordinator or the LA officer designates its approver."""
    _signed_in(caller)
    if caller.is_partnership:
        return
    if caller.has_role(HEADTEACHER) and caller.of_school(urn):
        return
    raise _deny("Only the school's headteacher, the coordinator or the LA officer does this.")


def is_eligible_approver(person: Record, urn: int | str | None) -> bool:
    """A school's approver is one of its people holding headteacher, deputy_head or
    business_manager."""
    roles = set(_get(person, "roles") or ())
    school = _get(person, "school_urn")
    return (
        school is not None
        and urn is not None
        and int(school) == int(urn)
        and bool(roles & set(APPROVER_ROLES))
    )


def check_may_read_ledger(caller: Caller, urn: int | str | None) -> None:
    """A school's support ledger: the partnership roles and the school's own staff."""
    _signed_in(caller)
    if caller.is_partnership or caller.is_service or caller.of_school(urn):
        return
    raise _deny("Only the coordinator, the LA officer and the school's staff see its ledger.")


# People and roles
def check_may_register(caller: Caller, data: Mapping[str, Any]) -> None:
    """The coordinator or LA officer registers anyone with any roles; a school's administrator
    or headteacher registers people of their own school with school-managed roles only."""
    _person(caller)
    if caller.is_partnership:
        return
    urn = _get(data, "school_urn")
    if not _staff_manager_of(caller, urn):
        raise _deny(
            "Only the coordinator, the LA officer, or a school's administrator or headteacher "
            "for their own school, adds people."
        )
    reserved = sorted(set(_get(data, "roles") or ()) - set(SCHOOL_MANAGED_ROLES))
    if reserved:
        raise _deny(
            "Only the coordinator or the LA officer grants " + ", ".join(reserved) + ".",
            {"roles": [f"{role}: not a role your school grants." for role in reserved]},
        )


def check_may_update_person(caller: Caller, person: Record, data: Mapping[str, Any]) -> None:
    """A person edits themselves; their school's administrator or headteacher and the
    partnership roles edit them too. Moving someone to another school: the partnership roles."""
    _person(caller)
    if "school_urn" in (data or {}) and _get(data, "school_urn") != _get(person, "school_urn"):
        if not caller.is_partnership:
            raise _deny(
                "Only the coordinator or the LA officer moves a person to another school.",
                {"school_urn": ["Only the coordinator or the LA officer changes it."]},
            )
        return
    if caller.is_partnership or caller.id == _get(person, "id"):
        return
    if _staff_manager_of(caller, _get(person, "school_urn")):
        return
    raise _deny("You may change only yourself or your own school's staff.")


def check_may_assign_role(caller: Caller, person: Record, role: str) -> None:
    """Grant or remove ``role``: never your own roles; the partnership roles any role; a
    school's administrator or headteacher the school-managed roles of their own school's
    people."""
    _person(caller)
    if caller.id == _get(person, "id"):
        raise _deny("Nobody changes their own roles.", {"role": ["Not your own."]})
    if caller.is_partnership:
        return
    if not _staff_manager_of(caller, _get(person, "school_urn")):
        raise _deny(
            "Only the coordinator, the LA officer, or the school's administrator or headteacher "
            "changes a person's roles."
        )
    if role not in SCHOOL_MANAGED_ROLES:
        raise _deny(
            f"Only the coordinator or the LA officer grants or removes {role}.",
            {"role": [f"{role}: not a role your school grants."]},
        )


# Strategic groups
def check_may_manage_groups(caller: Caller) -> None:
    """Offices and phase associations: the coordinator."""
    _signed_in(caller)
    if not caller.has_role(COORDINATOR):
        raise _deny("Only the coordinator manages the strategic groups.")


def check_may_set_membership(caller: Caller, group: Record) -> None:
    """Members: the coordinator, or the group's current chair or secretary."""
    _person(caller)
    if caller.has_role(COORDINATOR):
        return
    officers = (_get(group, "chair_person_id"), _get(group, "secretary_person_id"))
    if caller.id and caller.id in officers:
        return
    raise _deny("Only the coordinator or the group's officers change its members.")


# Support areas and offers
def check_may_add_area(caller: Caller) -> None:
    _signed_in(caller)
    if not caller.has_role(COORDINATOR):
        raise _deny("Only the coordinator adds support areas.")


def offer_person_default(caller: Caller, data: Mapping[str, Any]) -> str | None:
    """Whose an offer sent without ``person_id`` is: the caller's own, unless they may offer for
    their whole school (its leaders) or for any school (the partnership roles, and services),
    who make a whole-school offer by leaving it out."""
    if _get(data, "person_id") or caller.is_anonymous or caller.is_service:
        return _get(data, "person_id")
    if caller.is_partnership:
        return None
    if caller.of_school(_get(data, "school_urn")) and caller.has_role(*SCHOOL_LEADERS):
        return None
    return caller.id


def check_may_create_offer(caller: Caller, data: Mapping[str, Any]) -> None:
    """A practitioner offers for themselves; a school's leaders for their school or its staff;
    the partnership roles for anyone."""
    _person(caller)
    if caller.is_partnership:
        return
    if caller.of_school(_get(data, "school_urn")) and (
        caller.has_role(*SCHOOL_LEADERS) or _get(data, "person_id") == caller.id
    ):
        return
    raise _deny("You may offer support only for yourself or your own school.")


def check_may_manage_offer(caller: Caller, offer: Record) -> None:
    """Edit or withdraw: the practitioner, their school's leaders, the partnership roles."""
    _person(caller)
    if caller.is_partnership or (caller.id and _get(offer, "person_id") == caller.id):
        return
    if caller.of_school(_get(offer, "school_urn")) and caller.has_role(*SCHOOL_LEADERS):
        return
    raise _deny("Only the offer's practitioner, their school's leaders or the coordinator.")


def may_verify_offer(caller: Caller, offer: Record) -> bool:
    """Verification and endorsement: the coordinator, the LA officer, or an endorsing head (the
    headteacher of the practitioner's school, for an offer by one of their staff, not their
    own)."""
    if caller.is_anonymous or caller.is_service:
        return False
    if caller.is_partnership:
        return True
    practitioner = _get(offer, "person_id")
    return (
        caller.has_role(HEADTEACHER)
        and caller.of_school(_get(offer, "school_urn"))
        and bool(practitioner)
        and practitioner != caller.id
    )


def check_may_verify_offer(caller: Caller, offer: Record) -> None:
    _person(caller)
    if not may_verify_offer(caller, offer):
        raise _deny(
            "Only the coordinator, the LA officer or the practitioner's headteacher verifies an "
            "offer."
        )


def check_verification_fields(
    caller: Caller,
    offer: Record,
    data: Mapping[str, Any],
    endorsements_before: Iterable[object] = (),
) -> None:
    """An offer's owner may not set its verification dates or endorsements: 403 naming each
    such field when the caller may not verify (``offer``: the offer as it will be)."""
    if may_verify_offer(caller, offer):
        return
    named = [f for f in VERIFICATION_FIELDS if _get(data, f) is not None]
    evidence = _get(data, "evidence") or {}
    endorsements = list(_get(evidence, "endorsements") or [])
    if "endorsements" in evidence and endorsements != list(endorsements_before or []):
        named.append("evidence.endorsements")
    if named:
        raise _deny(
            "Only the coordinator, the LA officer or the practitioner's headteacher verifies or "
            "endorses an offer.",
            {name: ["Only a verifier sets this."] for name in named},
        )


def check_may_remind_verification(caller: Caller) -> None:
    _signed_in(caller)
    if not (caller.is_service or caller.is_partnership):
        raise _deny("Only the coordinator, the LA officer or a service sends reminders.")


# Support requests
def check_may_request_support(caller: Caller, urn: int | str | None) -> None:
    """A school's leaders, SENCO and business manager ask for their school; the partnership
    roles for any."""
    _person(caller)
    if caller.is_partnership or (caller.of_school(urn) and caller.has_role(*REQUESTERS)):
        return
    raise _deny("Only the school's leaders, the coordinator or the LA officer ask for support.")


def may_see_request(caller: Caller, request: Record) -> bool:
    """A support request: its school's staff, whoever asked, the partnership roles."""
    if caller.is_anonymous:
        return False
    if caller.is_partnership or caller.is_service:
        return True
    if caller.id and caller.id == _get(request, "requested_by"):
        return True
    return caller.of_school(_get(request, "school_urn"))


def check_may_see_request(caller: Caller, request: Record) -> None:
    _signed_in(caller)
    if not may_see_request(caller, request):
        raise _deny("Only the school's staff, the coordinator or the LA officer see this request.")


def check_may_suggest(caller: Caller, request: Record) -> None:
    """Suggested matches for a request: those who may ask for their school, and the
    partnership roles."""
    _signed_in(caller)
    if caller.is_partnership:
        return
    if caller.of_school(_get(request, "school_urn")) and caller.has_role(*REQUESTERS):
        return
    raise _deny("Only the school's leaders, the coordinator or the LA officer see suggestions.")


def request_school_scope(
    caller: Caller, wanted_urn: int | str | None = None
) -> tuple[bool, int | str | None]:
    """Which school's requests a listing may show: ``(True, wanted_urn)`` for every school
    (narrowed to ``wanted_urn`` if given), ``(True, own urn)`` for a school's staff, ``(False,
    None)`` for nobody's."""
    _signed_in(caller)
    if caller.is_partnership or caller.is_service:
        return True, wanted_urn
    if caller.school_urn is None:
        return False, None
    if wanted_urn is not None and int(wanted_urn) != caller.school_urn:
        return False, None
    return True, caller.school_urn


# Brokerage cases
def may_see_case(caller: Caller, case: Record) -> bool:
    """A brokerage case (and its ledger rows): the coordinator, the LA officer and the
    headteachers of the two schools."""
    if caller.is_anonymous:
        return False
    if caller.is_partnership:
        return True
    return caller.has_role(HEADTEACHER) and (
        caller.of_school(_get(case, "provider_urn")) or caller.of_school(_get(case, "receiver_urn"))
    )


def check_may_see_case(caller: Caller, case: Record) -> None:
    _signed_in(caller)
    if not may_see_case(caller, case):
        raise _deny("Only the coordinator, the LA officer and the two schools' heads see a case.")


def case_school_scope(caller: Caller) -> str | int | None:
    """Which cases a listing may show: ``"all"``, a school's URN (its head), or None."""
    _signed_in(caller)
    if caller.is_partnership:
        return "all"
    if caller.has_role(HEADTEACHER) and caller.school_urn is not None:
        return caller.school_urn
    return None


def check_may_broker(caller: Caller) -> None:
    """Brokering, closing and cancelling cases: the coordinator or the LA officer."""
    _person(caller)
    if not caller.is_partnership:
        raise _deny("Only the coordinator or the LA officer brokers, closes or cancels support.")


def check_may_consent(caller: Caller, case: Record) -> None:
    """The sending (providing) school's headteacher gives or refuses consent."""
    _person(caller)
    if not (caller.has_role(HEADTEACHER) and caller.of_school(_get(case, "provider_urn"))):
        raise _deny("Only the head of the school giving support consents.")


def check_may_review_case(caller: Caller, case: Record) -> None:
    """Reviews: whoever may see the case (a signed-in person)."""
    _person(caller)
    check_may_see_case(caller, case)


# Accounts
def check_may_act_on_own_account(caller: Caller) -> None:
    """Sign out, change one's password: a signed-in person."""
    _person(caller)
