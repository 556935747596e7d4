"""The directory's policy: who the caller is, reading, schools, people and roles, strategic
groups and accounts (see the package's map)."""

from collections.abc import Mapping
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


# Accounts
def check_may_act_on_own_account(caller: Caller) -> None:
    """Sign out, change one's password: a signed-in person."""
    _person(caller)
