"""Who may do what to which record in the events service: the one place its permissions are
decided. Plain functions of the caller (``contracts.caller.Caller``) and the records involved;
``check_*`` raise ``Forbidden`` (``deny``) or ``Unauthorized`` (nobody signed in), ``may_*``
answer a bool for reads scoped to need. Nothing here touches MongoDB, nameko or the directory:
the use cases fetch what a rule needs (a strategic group, the caller's cluster) and pass it in.

>>> from contracts.caller import Caller
>>> teacher = Caller("t1", ("teacher",), 100)
>>> check_may_book_for(teacher, "t1", 100) is None
True
>>> may_book_others(teacher), may_book_others(Caller("h1", ("headteacher",), 100))
(False, True)
"""

from collections.abc import Callable

from contracts.caller import Caller, deny, require_signed_in
from contracts.privacy import may_use_own_data

BOOKS_FOR_OWN_SCHOOL = ("headteacher", "school_admin")
READS_SCHOOL_BOOKINGS = ("headteacher", "school_admin", "business_manager")
SCHOOL_FINANCE = ("headteacher", "business_manager", "school_admin")
HOST_ROLES = ("headteacher", "deputy_head", "school_admin")
AUDIT_ROLES = ("headteacher", "deputy_head", "school_admin", "business_manager")
PROGRESS_READERS = ("headteacher", "deputy_head", "assistant_head")  # a colleague's CPD
CPD_GROUP = "cpd"  # the strategic group whose members see demand and training-request reasons
ORGANISER_MESSAGE = (
    "Only the coordinator, the LA, or the owning strategic group's chair or secretary may do this."
)


# Who the caller is
def require_person(caller: Caller) -> Caller:
    """A signed-in person (not a service acting on its own account): Unauthorized for nobody."""
    require_signed_in(caller)
    if caller.is_service:
        raise deny("This needs a signed-in person, not a service.")
    return caller


def check_may_read_catalogue(caller: Caller) -> None:
    """Events, their sessions and counts are the partnership's public course calendar."""


def check_may_read(caller: Caller) -> None:
    """Reads open to anyone signed in (a person or a service): running orders, pathways."""
    require_signed_in(caller)


# Strategic groups
def owning_group_id(owner: dict | None) -> str | None:
    """The strategic group that owns an event (its chair and secretary organise it), if any."""
    if owner and owner.get("type") == "strategic_group" and owner.get("id"):
        return str(owner["id"])
    return None


def group_officers(group: dict | None) -> set[str]:
    """The group's current chair and secretary."""
    group = group or {}
    officers = (group.get("chair_person_id"), group.get("secretary_person_id"))
    return {person_id for person_id in officers if person_id not in (None, "")}


def group_people(group: dict | None) -> set[str]:
    """The group's members and officers."""
    return set((group or {}).get("members") or []) | group_officers(group)


# Events
def needs_group(caller: Caller, owner: dict | None) -> str | None:
    """The group a decision about an event ``owner`` depends on (None: decided without it)."""
    if caller.is_anonymous or caller.is_service or caller.is_partnership:
        return None
    return owning_group_id(owner)


def check_may_organise(caller: Caller, owner: dict | None, group: dict | None = None) -> None:
    """Create (or commission) an event owned by ``owner``: the coordinator, the LA officer, or
    the chair or secretary of the owning strategic group (``group``, from the directory)."""
    require_person(caller)
    if caller.is_partnership:
        return
    gid = owning_group_id(owner)
    if gid and group and str(group.get("id", gid)) == gid and caller.id in group_officers(group):
        return
    raise deny(ORGANISER_MESSAGE)


def check_may_manage_event(caller: Caller, event: dict, group: dict | None = None) -> None:
    """Change, cancel, take the register, read bookings and feedback, publish the running order:
    whoever may organise an event with this event's owner."""
    check_may_organise(caller, event.get("owner"), group)


def check_may_create_rota(caller: Caller) -> None:
    require_person(caller)
    if not caller.is_partnership:
        raise deny("Only the coordinator or the LA officer creates a cluster's meeting rota.")


def check_may_create_pathway(caller: Caller) -> None:
    require_person(caller)
    if not caller.is_partnership:
        raise deny("Only the coordinator or the LA officer creates pathways.")


def check_may_read_progress(
    caller: Caller, person_id: str, school_of: Callable[[], int | str | None]
) -> None:
    """A person's progress through a pathway: the person, their school's head (or another of its
    leaders: deputy or assistant head), and the coordinator. ``school_of()`` gives the person's
    school (asked of the directory only when it decides)."""
    require_person(caller)
    if caller.id == person_id or caller.has_role("coordinator"):
        return
    if caller.has_role(*PROGRESS_READERS) and caller.of_school(school_of()):
        return
    raise deny("Only the person, their school's leaders or the coordinator see this progress.")


# Bookings
def check_may_book(caller: Caller) -> None:
    require_person(caller)


def may_book_others(caller: Caller) -> bool:
    """Whether the caller may book anyone but themselves at all (so whose school is worth
    asking the directory)."""
    return caller.has_role("coordinator", *BOOKS_FOR_OWN_SCHOOL) and not caller.is_service


def check_may_book_for(caller: Caller, person_id: str, person_school_urn: int | None) -> None:
    """Book ``person_id`` (of school ``person_school_urn``): oneself; staff of one's own school as
    its headteacher or administrator; anyone as the coordinator."""
    require_person(caller)
    if person_id == caller.id or caller.has_role("coordinator"):
        return
    if caller.has_role(*BOOKS_FOR_OWN_SCHOOL) and caller.of_school(person_school_urn):
        return
    raise deny(
        "You may book only yourself, or staff of your own school as its head or administrator."
    )


def _holds(caller: Caller, booking: dict) -> bool:
    return caller.id in (booking.get("person_id"), booking.get("booked_by"))


def check_may_read_booking(caller: Caller, booking: dict) -> None:
    """Its holder, whoever made it, its approver, the school's head, administrator or business
    manager, and the partnership roles."""
    require_person(caller)
    if _holds(caller, booking) or caller.is_partnership:
        return
    if booking.get("approver_id") and booking.get("approver_id") == caller.id:
        return
    if caller.has_role(*READS_SCHOOL_BOOKINGS) and caller.of_school(booking.get("school_urn")):
        return
    raise deny("This booking is someone else's.")


def check_may_cancel_booking(caller: Caller, booking: dict) -> None:
    """Its holder, whoever made it, or the coordinator."""
    require_person(caller)
    if _holds(caller, booking) or caller.has_role("coordinator"):
        return
    raise deny("You may not cancel someone else's booking.")


def check_may_answer_offer(caller: Caller, booking: dict) -> None:
    """The person offered the place, whoever booked them, or the coordinator."""
    require_person(caller)
    if _holds(caller, booking) or caller.has_role("coordinator"):
        return
    raise deny("This offer was made to someone else.")


def check_may_answer_approval(
    caller: Caller, booking: dict, school_approver_id: str | None
) -> None:
    """The approver of the booked person's school now (``school_approver_id``, from the
    directory: its designated approver, else the first filled post of ``contracts.leadership``),
    or the coordinator (who also answers for schools with nobody). Holding a role that is not
    first in the order, or having been asked before the approver changed, is not enough."""
    require_person(caller)
    if caller.has_role("coordinator"):
        return
    if school_approver_id and school_approver_id == caller.id:
        return
    raise deny("Only the school's approver (or the coordinator) may answer this.")


def check_may_read_certificate(caller: Caller, booking: dict) -> None:
    """Whoever may read the booking (its holder, booker, the school's leaders, the partnership
    roles) may read its certificate."""
    check_may_read_booking(caller, booking)


# Schools' records
def check_may_read_statement(caller: Caller, urn: int) -> None:
    """A school's termly statement: its headteacher, business manager or administrator, and the
    partnership roles."""
    require_person(caller)
    if caller.is_partnership or (caller.has_role(*SCHOOL_FINANCE) and caller.of_school(urn)):
        return
    raise deny("Only the school's head, business manager or administrator, or the LA.")


def check_may_read_partnership_statement(caller: Caller) -> None:
    """What every school owes: the coordinator and the LA officer only."""
    require_person(caller)
    if not caller.is_partnership:
        raise deny("Only the partnership coordinator or the LA officer.")


def check_may_read_school_calendar(caller: Caller, urn: int) -> None:
    """The school's own staff and the partnership roles."""
    require_person(caller)
    if caller.is_partnership or caller.of_school(urn):
        return
    raise deny("Only the school's own staff, or the LA, see its calendar.")


def check_may_submit_audit(caller: Caller, urn: int) -> None:
    """A school's audit of need: its leaders, or the partnership roles."""
    require_person(caller)
    if caller.is_partnership or (caller.has_role(*AUDIT_ROLES) and caller.of_school(urn)):
        return
    raise deny("Only the school's leaders (or the coordinator) submit its audit.")


# Meetings
def _hosts(caller: Caller, event: dict) -> bool:
    return caller.has_role(*HOST_ROLES) and caller.of_school(event.get("host_school_urn"))


def check_may_assign_meeting_roles(caller: Caller, event: dict) -> None:
    """The host school's head, deputy or administrator names the chair and minute-taker; or the
    partnership roles."""
    require_person(caller)
    if caller.is_partnership or _hosts(caller, event):
        return
    raise deny("Only the host school's head or administrator, or the coordinator.")


def check_may_publish_minutes(caller: Caller, event: dict) -> None:
    """The meeting's chair or minute-taker, the host school's leaders, the partnership roles."""
    require_person(caller)
    if caller.id in (event.get("chair_id"), event.get("minute_taker_id")):
        return
    if caller.is_partnership or _hosts(caller, event):
        return
    raise deny("Only the meeting's chair or minute-taker, the host school, or the coordinator.")


def check_may_read_minutes(
    caller: Caller, event: dict, caller_cluster: str | None, group: dict | None = None
) -> None:
    """A meeting's minutes: people of schools in the meeting's cluster (``caller_cluster`` is
    the cluster of the caller's school), the owning strategic group's members and officers
    (``group``), the meeting's chair and minute-taker (who wrote them), and the partnership
    roles."""
    require_person(caller)
    if caller.is_partnership or caller.id in (event.get("chair_id"), event.get("minute_taker_id")):
        return
    cluster = event.get("cluster")
    if cluster and caller_cluster and caller_cluster == cluster:
        return
    gid = owning_group_id(event.get("owner"))
    if gid and group and str(group.get("id", gid)) == gid and caller.id in group_people(group):
        return
    raise deny("These minutes are for the meeting's cluster or group.")


def check_may_claim_slot(caller: Caller) -> None:
    require_person(caller)


def check_may_remove_slot(
    caller: Caller, event: dict, presenter_id: str, group: dict | None
) -> None:
    """A presenter withdraws their own slot (``presenter_id`` is the caller); the event's
    organisers remove anyone's."""
    require_person(caller)
    if presenter_id == caller.id:
        return
    check_may_manage_event(caller, event, group)


def check_may_reorder_slots(caller: Caller, event: dict, group: dict | None) -> None:
    """The running order is the event's organisers' to set."""
    check_may_manage_event(caller, event, group)


# Demand
def check_may_request_training(caller: Caller) -> None:
    require_person(caller)


def check_may_read_training_requests(caller: Caller) -> None:
    require_person(caller)


def check_may_triage_training_requests(caller: Caller) -> None:
    """Closing a training request and merging duplicates: the coordinator (and the LA)."""
    require_person(caller)
    if not caller.is_partnership:
        raise deny("Only the coordinator or the LA officer closes or merges training requests.")


def may_see_reason(caller: Caller, request: dict, cpd_group: dict | None = None) -> bool:
    """A training request's reason: its requester, the requester's headteacher, the CPD group's
    members and officers, and the partnership roles."""
    if caller.is_anonymous or caller.is_service:
        return False
    if caller.is_partnership or caller.id == request.get("person_id"):
        return True
    if caller.has_role("headteacher") and caller.of_school(request.get("school_urn")):
        return True
    return caller.id in group_people(cpd_group)


def reason_needs_cpd_group(caller: Caller) -> bool:
    """Whether deciding reasons for this caller may need the CPD group from the directory."""
    return not (caller.is_anonymous or caller.is_service or caller.is_partnership)


def check_may_read_demand(caller: Caller, cpd_group: dict | None = None) -> None:
    """Demand and the audit of need: the partnership roles and the CPD group."""
    require_person(caller)
    if caller.is_partnership or caller.id in group_people(cpd_group):
        return
    raise deny("Demand is for the coordinator, the LA and the CPD group.")


def check_may_enrol(caller: Caller) -> None:
    require_person(caller)


# People's data
def check_may_export_person(caller: Caller, person_id: str) -> None:
    """A person's bookings, attendance, certificates and requests: theirs, or the coordinator's
    to hand them (``contracts.privacy``)."""
    require_signed_in(caller)
    if not may_use_own_data(caller, person_id):
        raise deny("Only the person themself or the coordinator may export their data.")
