"""The directory's policy for school-to-school support: support areas and offers,
support requests and brokerage cases (see the package's map)."""

from collections.abc import Iterable, Mapping
from typing import Any

from contracts.caller import Caller
from directory.permissions.base import (
    COORDINATOR,
    HEADTEACHER,
    REQUESTERS,
    SCHOOL_LEADERS,
    VERIFICATION_FIELDS,
    Record,
    _deny,
    _get,
    _person,
    _signed_in,
)


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
