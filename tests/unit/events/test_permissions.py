"""The events service's policy (events/permissions.py), rule by rule: who may and who may not, for
every rule, with anonymous and service callers."""

import pytest

from contracts.caller import Caller
from contracts.errors import Forbidden, Unauthorized
from events import permissions as p

TEACHER = Caller("teacher", ("teacher",), 100)
COLLEAGUE = Caller("colleague", ("teacher",), 100)
HEAD = Caller("head", ("headteacher",), 100)
DEPUTY = Caller("deputy", ("deputy_head",), 100)
ADMIN = Caller("admin", ("school_admin",), 100)
BURSAR = Caller("bursar", ("business_manager",), 100)
OTHER_HEAD = Caller("head2", ("headteacher",), 200)
OTHER_ADMIN = Caller("admin2", ("school_admin",), 200)
OTHER_TEACHER = Caller("teacher2", ("teacher",), 200)
COORDINATOR = Caller("coord", ("coordinator",))
LA = Caller("la", ("la_officer",))
CHAIR = Caller("chair", ("headteacher",), 300)
SECRETARY = Caller("secretary", ("business_manager",), 300)
MEMBER = Caller("member", ("teacher",), 300)
SERVICE = Caller.service("notifications")
NOBODY = Caller.anonymous()

GROUP = {
    "id": "cpd",
    "chair_person_id": "chair",
    "secretary_person_id": "secretary",
    "members": ["member"],
}
OWNED = {"type": "strategic_group", "id": "cpd", "name": "CPD group"}
PARTNERSHIP_OWNED = {"type": "partnership", "id": None, "name": "Partnership"}
EVENT = {"_id": "e1", "owner": None}
GROUP_EVENT = {"_id": "e2", "owner": OWNED}
BOOKING = {
    "person_id": "teacher",
    "booked_by": "teacher",
    "school_urn": 100,
    "approver_id": None,
}
BOOKED_BY_ADMIN = {**BOOKING, "booked_by": "admin"}
AWAITING_DEPUTY = {**BOOKING, "approver_id": "deputy"}
MEETING = {
    "_id": "m1",
    "kind": "cluster_meeting",
    "cluster": "North",
    "host_school_urn": 100,
    "chair_id": "colleague",
    "minute_taker_id": "teacher2",
    "owner": {"type": "cluster", "id": "North"},
}
GROUP_MEETING = {"_id": "m2", "kind": "group_meeting", "cluster": None, "owner": OWNED}
REQUEST = {"person_id": "teacher", "school_urn": 100}

OK, NO, SIGN_IN = "allowed", "forbidden", "unauthorized"


def outcome(rule, *args) -> str:
    try:
        result = rule(*args)
    except Forbidden:
        return NO
    except Unauthorized:
        return SIGN_IN
    if isinstance(result, bool):
        return OK if result else NO
    return OK


def cases(rule, table):
    """pytest params for ``rule``: each row is (who, *other arguments, expected)."""
    return [
        pytest.param(rule, row[0], row[1:-1], row[-1], id=f"{rule.__name__}-{row[0].id}-{i}")
        for i, row in enumerate(table)
    ]


ORGANISE = [
    (COORDINATOR, None, None, OK),
    (LA, OWNED, None, OK),
    (CHAIR, OWNED, GROUP, OK),
    (SECRETARY, OWNED, GROUP, OK),
    (MEMBER, OWNED, GROUP, NO),  # a member is not an officer
    (CHAIR, None, GROUP, NO),  # no group owns it
    (CHAIR, PARTNERSHIP_OWNED, GROUP, NO),
    (CHAIR, {**OWNED, "id": "finance"}, GROUP, NO),  # the group given is another group
    (CHAIR, OWNED, None, NO),  # the directory knows no such group
    (TEACHER, None, None, NO),
    (HEAD, OWNED, GROUP, NO),
    (SERVICE, OWNED, GROUP, NO),
    (NOBODY, None, None, SIGN_IN),
]
MANAGE = [
    (COORDINATOR, EVENT, None, OK),
    (LA, GROUP_EVENT, None, OK),
    (CHAIR, GROUP_EVENT, GROUP, OK),
    (SECRETARY, GROUP_EVENT, GROUP, OK),
    (CHAIR, EVENT, GROUP, NO),
    (MEMBER, GROUP_EVENT, GROUP, NO),
    (TEACHER, EVENT, None, NO),
    (HEAD, EVENT, None, NO),
    (SERVICE, EVENT, None, NO),
    (NOBODY, EVENT, None, SIGN_IN),
]
REMOVE_SLOT = [  # the teacher's slot: the presenter's own, or the organisers'
    (TEACHER, EVENT, "teacher", None, OK),
    (COLLEAGUE, EVENT, "teacher", None, NO),
    (HEAD, EVENT, "teacher", None, NO),
    (COORDINATOR, EVENT, "teacher", None, OK),
    (SECRETARY, GROUP_EVENT, "teacher", GROUP, OK),
    (MEMBER, GROUP_EVENT, "teacher", GROUP, NO),
    (SERVICE, EVENT, "teacher", None, NO),
    (NOBODY, EVENT, "teacher", None, SIGN_IN),
]
PARTNERSHIP_ONLY = [
    (COORDINATOR, OK),
    (LA, OK),
    (HEAD, NO),
    (ADMIN, NO),
    (TEACHER, NO),
    (SERVICE, NO),
    (NOBODY, SIGN_IN),
]
BOOK_FOR = [
    (TEACHER, "teacher", 100, OK),  # oneself
    (TEACHER, "colleague", 100, NO),
    (TEACHER, "teacher2", 200, NO),
    (HEAD, "colleague", 100, OK),  # staff of one's own school
    (ADMIN, "colleague", 100, OK),
    (ADMIN, "teacher2", 200, NO),  # another school's teacher
    (OTHER_HEAD, "teacher", 100, NO),
    (HEAD, "nobody-at-a-school", None, NO),
    (BURSAR, "colleague", 100, NO),  # a business manager does not book for others
    (DEPUTY, "colleague", 100, NO),
    (COORDINATOR, "teacher", 100, OK),
    (COORDINATOR, "teacher2", 200, OK),
    (LA, "teacher", 100, NO),
    (SERVICE, "teacher", 100, NO),
    (NOBODY, "teacher", 100, SIGN_IN),
]
READ_BOOKING = [
    (TEACHER, BOOKING, OK),
    (ADMIN, BOOKED_BY_ADMIN, OK),
    (HEAD, BOOKING, OK),
    (ADMIN, BOOKING, OK),
    (BURSAR, BOOKING, OK),
    (DEPUTY, AWAITING_DEPUTY, OK),  # the approver asked
    (DEPUTY, BOOKING, NO),
    (COLLEAGUE, BOOKING, NO),
    (OTHER_HEAD, BOOKING, NO),
    (OTHER_ADMIN, BOOKING, NO),
    (COORDINATOR, BOOKING, OK),
    (LA, BOOKING, OK),
    (SERVICE, BOOKING, NO),
    (NOBODY, BOOKING, SIGN_IN),
]
CANCEL_OR_ANSWER_OFFER = [
    (TEACHER, BOOKING, OK),
    (ADMIN, BOOKED_BY_ADMIN, OK),
    (ADMIN, BOOKING, NO),
    (HEAD, BOOKING, NO),
    (COLLEAGUE, BOOKING, NO),
    (OTHER_HEAD, BOOKING, NO),
    (COORDINATOR, BOOKING, OK),
    (LA, BOOKING, NO),
    (SERVICE, BOOKING, NO),
    (NOBODY, BOOKING, SIGN_IN),
]
ANSWER_APPROVAL = [
    (DEPUTY, AWAITING_DEPUTY, "deputy", OK),  # the designated approver
    (HEAD, AWAITING_DEPUTY, "deputy", NO),  # a headteacher who is not the approver
    (DEPUTY, AWAITING_DEPUTY, "head", NO),  # no longer the designated approver
    (HEAD, AWAITING_DEPUTY, "head", OK),  # the approver now
    (ADMIN, AWAITING_DEPUTY, None, NO),  # no approver designated: the coordinator answers
    (TEACHER, AWAITING_DEPUTY, "deputy", NO),  # one's own booking
    (OTHER_HEAD, AWAITING_DEPUTY, "deputy", NO),
    (COORDINATOR, AWAITING_DEPUTY, "deputy", OK),
    (COORDINATOR, BOOKING, None, OK),
    (LA, AWAITING_DEPUTY, "deputy", NO),
    (SERVICE, AWAITING_DEPUTY, "deputy", NO),
    (NOBODY, AWAITING_DEPUTY, "deputy", SIGN_IN),
]
STATEMENT = [
    (HEAD, 100, OK),
    (BURSAR, 100, OK),
    (ADMIN, 100, OK),
    (DEPUTY, 100, NO),
    (TEACHER, 100, NO),
    (OTHER_HEAD, 100, NO),
    (OTHER_ADMIN, 100, NO),
    (COORDINATOR, 100, OK),
    (LA, 100, OK),
    (SERVICE, 100, NO),
    (NOBODY, 100, SIGN_IN),
]
SCHOOL_CALENDAR = [
    (TEACHER, 100, OK),
    (HEAD, 100, OK),
    (OTHER_TEACHER, 100, NO),
    (OTHER_HEAD, 100, NO),
    (COORDINATOR, 100, OK),
    (LA, 100, OK),
    (SERVICE, 100, NO),
    (NOBODY, 100, SIGN_IN),
]


def _school_100():
    return 100


PROGRESS = [  # whose progress: the teacher's (of school 100)
    (TEACHER, "teacher", _school_100, OK),
    (HEAD, "teacher", _school_100, OK),
    (DEPUTY, "teacher", _school_100, OK),
    (COORDINATOR, "teacher", _school_100, OK),
    (ADMIN, "teacher", _school_100, NO),
    (COLLEAGUE, "teacher", _school_100, NO),
    (OTHER_HEAD, "teacher", _school_100, NO),
    (LA, "teacher", _school_100, NO),
    (SERVICE, "teacher", _school_100, NO),
    (NOBODY, "teacher", _school_100, SIGN_IN),
]
AUDIT = [
    (HEAD, 100, OK),
    (DEPUTY, 100, OK),
    (ADMIN, 100, OK),
    (BURSAR, 100, OK),
    (TEACHER, 100, NO),
    (OTHER_HEAD, 100, NO),
    (COORDINATOR, 100, OK),
    (LA, 200, OK),
    (SERVICE, 100, NO),
    (NOBODY, 100, SIGN_IN),
]
MEETING_ROLES = [
    (HEAD, MEETING, OK),  # the host school's leaders
    (DEPUTY, MEETING, OK),
    (ADMIN, MEETING, OK),
    (TEACHER, MEETING, NO),
    (BURSAR, MEETING, NO),
    (OTHER_HEAD, MEETING, NO),
    (COORDINATOR, MEETING, OK),
    (LA, MEETING, OK),
    (SERVICE, MEETING, NO),
    (NOBODY, MEETING, SIGN_IN),
]
PUBLISH_MINUTES = [
    (COLLEAGUE, MEETING, OK),  # the chair
    (OTHER_TEACHER, MEETING, OK),  # the minute-taker
    (HEAD, MEETING, OK),  # the host school
    (TEACHER, MEETING, NO),
    (OTHER_HEAD, MEETING, NO),
    (COORDINATOR, MEETING, OK),
    (SERVICE, MEETING, NO),
    (NOBODY, MEETING, SIGN_IN),
]
READ_MINUTES = [
    (TEACHER, MEETING, "North", None, OK),  # a person of a school in the cluster
    (OTHER_HEAD, MEETING, "South", None, NO),  # another cluster's school
    (OTHER_ADMIN, MEETING, None, None, NO),  # a school in no cluster
    (COLLEAGUE, MEETING, "South", None, OK),  # the meeting's chair
    (COORDINATOR, MEETING, None, None, OK),
    (LA, MEETING, None, None, OK),
    (MEMBER, GROUP_MEETING, "South", GROUP, OK),  # the owning group's member
    (CHAIR, GROUP_MEETING, None, GROUP, OK),
    (TEACHER, GROUP_MEETING, "North", GROUP, NO),  # a cluster does not open a group's minutes
    (MEMBER, GROUP_MEETING, None, None, NO),
    (MEMBER, MEETING, "South", GROUP, NO),  # the group does not own this meeting
    (SERVICE, MEETING, "North", None, NO),
    (NOBODY, MEETING, "North", None, SIGN_IN),
]
SEE_REASON = [
    (TEACHER, REQUEST, None, OK),  # the requester
    (HEAD, REQUEST, None, OK),  # the requester's headteacher
    (DEPUTY, REQUEST, None, NO),
    (ADMIN, REQUEST, None, NO),
    (COLLEAGUE, REQUEST, None, NO),
    (OTHER_HEAD, REQUEST, None, NO),
    (MEMBER, REQUEST, GROUP, OK),  # the CPD group
    (CHAIR, REQUEST, GROUP, OK),
    (MEMBER, REQUEST, None, NO),
    (COORDINATOR, REQUEST, None, OK),
    (LA, REQUEST, None, OK),
    (SERVICE, REQUEST, GROUP, NO),
    (NOBODY, REQUEST, GROUP, NO),
]
DEMAND = [
    (COORDINATOR, None, OK),
    (LA, None, OK),
    (MEMBER, GROUP, OK),
    (SECRETARY, GROUP, OK),
    (MEMBER, None, NO),
    (HEAD, GROUP, NO),
    (TEACHER, GROUP, NO),
    (SERVICE, GROUP, NO),
    (NOBODY, GROUP, SIGN_IN),
]
# a person's data (contracts.privacy): the person themself or the coordinator
EXPORT = [
    (TEACHER, "teacher", OK),
    (COORDINATOR, "teacher", OK),
    (HEAD, "teacher", NO),  # their head: no
    (SERVICE, "teacher", NO),
    (NOBODY, "teacher", SIGN_IN),
]
ANY_PERSON = [
    (TEACHER, OK),
    (OTHER_HEAD, OK),
    (COORDINATOR, OK),
    (SERVICE, NO),
    (NOBODY, SIGN_IN),
]
SIGNED_IN = [(TEACHER, OK), (SERVICE, OK), (NOBODY, SIGN_IN)]
PUBLIC = [(TEACHER, OK), (SERVICE, OK), (NOBODY, OK)]

TABLE = [
    *cases(p.check_may_organise, ORGANISE),
    *cases(p.check_may_manage_event, MANAGE),
    *cases(p.check_may_create_rota, PARTNERSHIP_ONLY),
    *cases(p.check_may_create_pathway, PARTNERSHIP_ONLY),
    *cases(p.check_may_read_progress, PROGRESS),
    *cases(p.check_may_book_for, BOOK_FOR),
    *cases(p.check_may_read_booking, READ_BOOKING),
    *cases(p.check_may_read_certificate, READ_BOOKING),
    *cases(p.check_may_cancel_booking, CANCEL_OR_ANSWER_OFFER),
    *cases(p.check_may_answer_offer, CANCEL_OR_ANSWER_OFFER),
    *cases(p.check_may_answer_approval, ANSWER_APPROVAL),
    *cases(p.check_may_read_statement, STATEMENT),
    *cases(p.check_may_read_partnership_statement, PARTNERSHIP_ONLY),
    *cases(p.check_may_read_school_calendar, SCHOOL_CALENDAR),
    *cases(p.check_may_submit_audit, AUDIT),
    *cases(p.check_may_assign_meeting_roles, MEETING_ROLES),
    *cases(p.check_may_publish_minutes, PUBLISH_MINUTES),
    *cases(p.check_may_read_minutes, READ_MINUTES),
    *cases(p.may_see_reason, SEE_REASON),
    *cases(p.check_may_read_demand, DEMAND),
    *cases(p.check_may_book, ANY_PERSON),
    *cases(p.check_may_claim_slot, ANY_PERSON),
    *cases(p.check_may_remove_slot, REMOVE_SLOT),
    *cases(p.check_may_reorder_slots, MANAGE),
    *cases(p.check_may_request_training, ANY_PERSON),
    *cases(p.check_may_read_training_requests, ANY_PERSON),
    *cases(p.check_may_triage_training_requests, PARTNERSHIP_ONLY),
    *cases(p.check_may_enrol, ANY_PERSON),
    *cases(p.require_person, ANY_PERSON),
    *cases(p.check_may_read, SIGNED_IN),
    *cases(p.check_may_read_catalogue, PUBLIC),
    *cases(p.check_may_export_person, EXPORT),
]


@pytest.mark.parametrize(("rule", "who", "args", "expected"), TABLE)
def test_policy(rule, who, args, expected):
    assert outcome(rule, who, *args) == expected


def test_every_rule_of_the_policy_is_in_the_table():
    rules = {
        name
        for name in dir(p)
        if name.startswith(("check_may_", "may_see_")) or name == "require_person"
    }
    tested = {param.values[0].__name__ for param in TABLE}
    assert rules <= tested, sorted(rules - tested)


@pytest.mark.parametrize(
    ("who", "owner", "group_id"),
    [
        (CHAIR, OWNED, "cpd"),
        (TEACHER, OWNED, "cpd"),
        (COORDINATOR, OWNED, None),  # decided by the role: no need to ask the directory
        (SERVICE, OWNED, None),
        (NOBODY, OWNED, None),
        (CHAIR, PARTNERSHIP_OWNED, None),
        (CHAIR, None, None),
    ],
)
def test_the_owning_group_is_asked_for_only_when_it_decides(who, owner, group_id):
    assert p.needs_group(who, owner) == group_id


def test_only_the_coordinator_and_school_leaders_may_book_anyone_but_themselves():
    assert [p.may_book_others(c) for c in (COORDINATOR, HEAD, ADMIN, TEACHER, LA, SERVICE)] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
