"""The directory's policy (directory.permissions), rule by rule: who may, and who may not."""

import pytest

from contracts.caller import Caller
from contracts.errors import Forbidden, Unauthorized
from directory import permissions as p

URN, OTHER = 900001, 900002


def who(name, *roles, urn=URN):
    return Caller(id=name, roles=tuple(roles), school_urn=urn)


ANON = Caller.anonymous()
SERVICE = Caller.service("events")
COORD = who("coord", "coordinator", urn=None)
LA = who("la", "la_officer", urn=None)
HEAD = who("head", "headteacher")
OTHER_HEAD = who("head2", "headteacher", urn=OTHER)
DEPUTY = who("deputy", "deputy_head")
ADMIN = who("admin", "school_admin")
OTHER_ADMIN = who("admin2", "school_admin", urn=OTHER)
TEACHER = who("teacher", "teacher")
OTHER_TEACHER = who("teacher2", "teacher", urn=OTHER)
SENCO = who("senco", "senco")
BM = who("bm", "business_manager")
NO_SCHOOL = who("floater", "teacher", urn=None)


def outcome(check, *args):
    """'ok', 'forbidden' or 'unauthorized' for a check_* call."""
    try:
        check(*args)
    except Forbidden:
        return "forbidden"
    except Unauthorized:
        return "unauthorized"
    return "ok"


def table(rows):
    return pytest.mark.parametrize(
        "caller,expected", rows, ids=[f"{c.id or 'anon'}" for c, _ in rows]
    )


# ----- reading -----


@table([(ANON, "unauthorized"), (SERVICE, "ok"), (TEACHER, "ok"), (COORD, "ok")])
def test_directory_lookups_need_a_signed_in_person_or_a_service(caller, expected):
    assert outcome(p.check_may_read, caller) == expected


PERSON = {"id": "teacher", "school_urn": URN}


@pytest.mark.parametrize(
    "caller,seen",
    [
        (TEACHER, True),  # themselves
        (SENCO, True),  # same school's staff
        (COORD, True),
        (LA, True),
        (SERVICE, True),
        (OTHER_TEACHER, False),
        (OTHER_HEAD, False),
        (NO_SCHOOL, False),
        (ANON, False),
    ],
)
def test_contact_details_only_to_own_school_self_partnership_and_services(caller, seen):
    assert p.may_see_contact(caller, PERSON) is seen


def test_a_person_without_a_school_is_seen_in_full_only_by_themselves_and_the_partnership():
    floater = {"id": "floater", "school_urn": None}
    assert p.may_see_contact(NO_SCHOOL, floater)
    assert not p.may_see_contact(who("x", "teacher", urn=None), floater)
    assert p.may_see_contact(COORD, floater)


@pytest.mark.parametrize(
    "caller,seen",
    [(COORD, True), (LA, True), (HEAD, False), (ADMIN, False), (SERVICE, False), (ANON, False)],
)
def test_the_coordinators_notes_on_a_school_only_to_the_partnership_roles(caller, seen):
    assert p.may_see_school_notes(caller, {"urn": URN}) is seen


# ----- schools -----


@table(
    [(COORD, "ok"), (LA, "ok"), (HEAD, "forbidden"), (SERVICE, "forbidden"), (ANON, "unauthorized")]
)
def test_entering_a_school(caller, expected):
    assert outcome(p.check_may_create_school, caller) == expected


@table([(COORD, "ok"), (LA, "forbidden"), (HEAD, "forbidden"), (ANON, "unauthorized")])
def test_a_schools_cluster_and_notes_by_the_coordinator(caller, expected):
    assert outcome(p.check_may_update_school, caller) == expected


@table([(LA, "ok"), (COORD, "forbidden"), (HEAD, "forbidden"), (ANON, "unauthorized")])
def test_ofsted_grades_by_the_la_officer(caller, expected):
    assert outcome(p.check_may_edit_ofsted, caller) == expected


@table([(LA, "ok"), (COORD, "forbidden"), (HEAD, "forbidden"), (ANON, "unauthorized")])
def test_moderation_selection_by_the_la_officer(caller, expected):
    assert outcome(p.check_may_select_moderation, caller) == expected


@table(
    [
        (HEAD, "ok"),
        (COORD, "ok"),
        (LA, "ok"),
        (OTHER_HEAD, "forbidden"),
        (ADMIN, "forbidden"),
        (DEPUTY, "forbidden"),
        (SERVICE, "forbidden"),
        (ANON, "unauthorized"),
    ]
)
def test_the_approver_is_designated_by_the_schools_head_or_the_partnership(caller, expected):
    assert outcome(p.check_may_set_approver, caller, URN) == expected


@pytest.mark.parametrize(
    "person,eligible",
    [
        ({"roles": ["headteacher"], "school_urn": URN}, True),
        ({"roles": ["deputy_head"], "school_urn": URN}, True),
        ({"roles": ["business_manager", "teacher"], "school_urn": URN}, True),
        ({"roles": ["headteacher"], "school_urn": OTHER}, False),
        ({"roles": ["school_admin"], "school_urn": URN}, False),
        ({"roles": ["coordinator"], "school_urn": None}, False),
    ],
)
def test_an_approver_is_a_head_deputy_or_business_manager_of_the_school(person, eligible):
    assert p.is_eligible_approver(person, URN) is eligible


@table(
    [
        (COORD, "ok"),
        (LA, "ok"),
        (TEACHER, "ok"),
        (SERVICE, "ok"),
        (OTHER_TEACHER, "forbidden"),
        (OTHER_HEAD, "forbidden"),
        (ANON, "unauthorized"),
    ]
)
def test_a_schools_ledger_to_its_staff_and_the_partnership(caller, expected):
    assert outcome(p.check_may_read_ledger, caller, URN) == expected


# ----- people and roles -----


@pytest.mark.parametrize(
    "caller,data,expected",
    [
        (COORD, {"school_urn": URN, "roles": ["headteacher"]}, "ok"),
        (LA, {"school_urn": None, "roles": ["coordinator"]}, "ok"),
        (ADMIN, {"school_urn": URN, "roles": ["teacher", "senco"]}, "ok"),
        (HEAD, {"school_urn": URN, "roles": ["business_manager"]}, "ok"),
        (ADMIN, {"school_urn": URN, "roles": ["headteacher"]}, "forbidden"),
        (ADMIN, {"school_urn": URN, "roles": ["deputy_head"]}, "forbidden"),
        (ADMIN, {"school_urn": URN, "roles": ["coordinator"]}, "forbidden"),
        (HEAD, {"school_urn": URN, "roles": ["headteacher"]}, "forbidden"),
        (ADMIN, {"school_urn": OTHER, "roles": ["teacher"]}, "forbidden"),
        (ADMIN, {"school_urn": None, "roles": []}, "forbidden"),
        (TEACHER, {"school_urn": URN, "roles": ["teacher"]}, "forbidden"),
        (DEPUTY, {"school_urn": URN, "roles": ["teacher"]}, "forbidden"),
        (SERVICE, {"school_urn": URN, "roles": []}, "forbidden"),
        (ANON, {"school_urn": URN, "roles": []}, "unauthorized"),
    ],
)
def test_registering_people(caller, data, expected):
    assert outcome(p.check_may_register, caller, data) == expected


def test_a_refused_registration_names_the_roles_field():
    with pytest.raises(Forbidden) as refused:
        p.check_may_register(ADMIN, {"school_urn": URN, "roles": ["teacher", "headteacher"]})
    assert list(refused.value.fields) == ["roles"]
    assert "headteacher" in refused.value.fields["roles"][0]


STAFF = {"id": "someone", "school_urn": URN, "roles": ["teacher"]}
THE_HEAD = {"id": "head", "school_urn": URN, "roles": ["headteacher"]}


@pytest.mark.parametrize(
    "caller,person,role,expected",
    [
        (ADMIN, STAFF, "senco", "ok"),
        (ADMIN, STAFF, "school_admin", "ok"),
        (HEAD, STAFF, "business_manager", "ok"),
        (COORD, STAFF, "headteacher", "ok"),
        (LA, STAFF, "deputy_head", "ok"),
        (COORD, STAFF, "la_officer", "ok"),
        # the cases found: an administrator makes themselves head, or unseats the real head
        (ADMIN, {"id": "admin", "school_urn": URN}, "headteacher", "forbidden"),
        (ADMIN, {"id": "admin", "school_urn": URN}, "teacher", "forbidden"),
        (ADMIN, THE_HEAD, "headteacher", "forbidden"),
        (ADMIN, STAFF, "headteacher", "forbidden"),
        (ADMIN, STAFF, "deputy_head", "forbidden"),
        (ADMIN, STAFF, "coordinator", "forbidden"),
        (ADMIN, STAFF, "la_officer", "forbidden"),
        (HEAD, STAFF, "headteacher", "forbidden"),
        (HEAD, THE_HEAD, "senco", "forbidden"),  # their own roles
        (COORD, {"id": "coord", "school_urn": None}, "teacher", "forbidden"),  # nobody, own roles
        (OTHER_ADMIN, STAFF, "senco", "forbidden"),
        (TEACHER, STAFF, "senco", "forbidden"),
        (DEPUTY, STAFF, "senco", "forbidden"),
        (SERVICE, STAFF, "senco", "forbidden"),
        (ANON, STAFF, "senco", "unauthorized"),
    ],
)
def test_granting_and_removing_roles(caller, person, role, expected):
    assert outcome(p.check_may_assign_role, caller, person, role) == expected


@pytest.mark.parametrize(
    "caller,person,data,expected",
    [
        (TEACHER, {"id": "teacher", "school_urn": URN}, {"name": "T"}, "ok"),
        (ADMIN, STAFF, {"job_title": "Lead"}, "ok"),
        (HEAD, STAFF, {"subjects": ["Maths"]}, "ok"),
        (COORD, STAFF, {"school_urn": OTHER}, "ok"),
        (LA, STAFF, {"name": "X"}, "ok"),
        (ADMIN, STAFF, {"school_urn": OTHER}, "forbidden"),
        (TEACHER, {"id": "teacher", "school_urn": URN}, {"school_urn": OTHER}, "forbidden"),
        (ADMIN, STAFF, {"school_urn": URN}, "ok"),  # unchanged school
        (OTHER_ADMIN, STAFF, {"name": "X"}, "forbidden"),
        (SENCO, STAFF, {"name": "X"}, "forbidden"),
        (SERVICE, STAFF, {"name": "X"}, "forbidden"),
        (ANON, STAFF, {"name": "X"}, "unauthorized"),
    ],
)
def test_editing_people(caller, person, data, expected):
    assert outcome(p.check_may_update_person, caller, person, data) == expected


# ----- groups -----


@table([(COORD, "ok"), (LA, "forbidden"), (HEAD, "forbidden"), (ANON, "unauthorized")])
def test_offices_and_phases_by_the_coordinator(caller, expected):
    assert outcome(p.check_may_manage_groups, caller) == expected


GROUP = {"chair_person_id": "head", "secretary_person_id": "senco"}


@table(
    [
        (COORD, "ok"),
        (HEAD, "ok"),
        (SENCO, "ok"),
        (TEACHER, "forbidden"),
        (LA, "forbidden"),
        (SERVICE, "forbidden"),
        (ANON, "unauthorized"),
    ]
)
def test_members_by_the_coordinator_or_the_groups_officers(caller, expected):
    assert outcome(p.check_may_set_membership, caller, GROUP) == expected


# ----- support areas and offers -----


@table([(COORD, "ok"), (LA, "forbidden"), (HEAD, "forbidden"), (ANON, "unauthorized")])
def test_support_areas_by_the_coordinator(caller, expected):
    assert outcome(p.check_may_add_area, caller) == expected


@pytest.mark.parametrize(
    "caller,data,expected",
    [
        (TEACHER, {"school_urn": URN, "person_id": "teacher"}, "ok"),
        (ADMIN, {"school_urn": URN, "person_id": None}, "ok"),
        (DEPUTY, {"school_urn": URN, "person_id": "teacher"}, "ok"),
        (COORD, {"school_urn": OTHER, "person_id": None}, "ok"),
        (TEACHER, {"school_urn": URN, "person_id": None}, "forbidden"),
        (TEACHER, {"school_urn": URN, "person_id": "senco"}, "forbidden"),
        (OTHER_HEAD, {"school_urn": URN, "person_id": None}, "forbidden"),
        (SERVICE, {"school_urn": URN, "person_id": None}, "forbidden"),
        (ANON, {"school_urn": URN, "person_id": None}, "unauthorized"),
    ],
)
def test_offering_support(caller, data, expected):
    assert outcome(p.check_may_create_offer, caller, data) == expected


STAFF_OFFER = {"school_urn": URN, "person_id": "teacher"}
HEADS_OWN_OFFER = {"school_urn": URN, "person_id": "head"}
SCHOOL_OFFER = {"school_urn": URN, "person_id": None}


@pytest.mark.parametrize(
    "caller,offer,expected",
    [
        (TEACHER, STAFF_OFFER, "ok"),
        (ADMIN, STAFF_OFFER, "ok"),
        (HEAD, SCHOOL_OFFER, "ok"),
        (COORD, STAFF_OFFER, "ok"),
        (SENCO, STAFF_OFFER, "forbidden"),
        (OTHER_HEAD, STAFF_OFFER, "forbidden"),
        (SERVICE, STAFF_OFFER, "forbidden"),
        (ANON, STAFF_OFFER, "unauthorized"),
    ],
)
def test_editing_and_withdrawing_offers(caller, offer, expected):
    assert outcome(p.check_may_manage_offer, caller, offer) == expected


@pytest.mark.parametrize(
    "caller,offer,expected",
    [
        (COORD, STAFF_OFFER, "ok"),
        (LA, SCHOOL_OFFER, "ok"),
        (HEAD, STAFF_OFFER, "ok"),  # an endorsing head: their own school's staff
        (HEAD, HEADS_OWN_OFFER, "forbidden"),  # not their own offer
        (HEAD, SCHOOL_OFFER, "forbidden"),  # the school's own offer: the head owns it
        (OTHER_HEAD, STAFF_OFFER, "forbidden"),
        (TEACHER, STAFF_OFFER, "forbidden"),  # the owner
        (ADMIN, STAFF_OFFER, "forbidden"),
        (DEPUTY, STAFF_OFFER, "forbidden"),
        (SERVICE, STAFF_OFFER, "forbidden"),
        (ANON, STAFF_OFFER, "unauthorized"),
    ],
)
def test_verifying_offers(caller, offer, expected):
    assert outcome(p.check_may_verify_offer, caller, offer) == expected


@pytest.mark.parametrize(
    "caller,data,before,named",
    [
        (TEACHER, {"last_verified_on": "2026-11-01"}, [], ["last_verified_on"]),
        (TEACHER, {"verification_due_on": "2030-01-01"}, [], ["verification_due_on"]),
        (
            TEACHER,
            {"evidence": {"endorsements": [{"by_name": "Me"}]}},
            [],
            ["evidence.endorsements"],
        ),
        (ADMIN, {"evidence": {"endorsements": []}}, [{"by_name": "LA"}], ["evidence.endorsements"]),
        (TEACHER, {"evidence": {"endorsements": [{"by_name": "LA"}]}}, [{"by_name": "LA"}], []),
        (TEACHER, {"evidence": {"accreditations": [{"name": "NPQ"}]}}, [], []),
        (TEACHER, {"title": "x", "last_verified_on": None}, [], []),
        (COORD, {"last_verified_on": "2026-11-01", "evidence": {"endorsements": [{}]}}, [], []),
        (HEAD, {"verification_due_on": "2030-01-01"}, [], []),
    ],
)
def test_only_a_verifier_sets_verification_or_endorsements(caller, data, before, named):
    try:
        p.check_verification_fields(caller, STAFF_OFFER, data, before)
    except Forbidden as refused:
        assert sorted(refused.fields) == sorted(named)
    else:
        assert named == []


@table([(SERVICE, "ok"), (COORD, "ok"), (LA, "ok"), (HEAD, "forbidden"), (ANON, "unauthorized")])
def test_verification_reminders_by_a_service_or_the_partnership(caller, expected):
    assert outcome(p.check_may_remind_verification, caller) == expected


# ----- support requests -----


@table(
    [
        (HEAD, "ok"),
        (DEPUTY, "ok"),
        (ADMIN, "ok"),
        (SENCO, "ok"),
        (BM, "ok"),
        (COORD, "ok"),
        (TEACHER, "forbidden"),
        (OTHER_HEAD, "forbidden"),
        (SERVICE, "forbidden"),
        (ANON, "unauthorized"),
    ]
)
def test_asking_for_support_for_a_school(caller, expected):
    assert outcome(p.check_may_request_support, caller, URN) == expected


REQUEST = {"school_urn": URN, "requested_by": "head"}


@table(
    [
        (TEACHER, "ok"),
        (HEAD, "ok"),
        (COORD, "ok"),
        (SERVICE, "ok"),
        (who("head", "headteacher", urn=OTHER), "ok"),  # asked for it, then moved on
        (OTHER_HEAD, "forbidden"),
        (NO_SCHOOL, "forbidden"),
        (ANON, "unauthorized"),
    ]
)
def test_seeing_a_support_request(caller, expected):
    assert outcome(p.check_may_see_request, caller, REQUEST) == expected


@table([(HEAD, "ok"), (SENCO, "ok"), (LA, "ok"), (TEACHER, "forbidden"), (OTHER_HEAD, "forbidden")])
def test_suggestions_for_a_request(caller, expected):
    assert outcome(p.check_may_suggest, caller, REQUEST) == expected


@pytest.mark.parametrize(
    "caller,wanted,scope",
    [
        (COORD, None, (True, None)),
        (COORD, OTHER, (True, OTHER)),
        (TEACHER, None, (True, URN)),
        (TEACHER, URN, (True, URN)),
        (TEACHER, OTHER, (False, None)),
        (NO_SCHOOL, None, (False, None)),
    ],
)
def test_which_schools_requests_a_listing_shows(caller, wanted, scope):
    assert p.request_school_scope(caller, wanted) == scope


# ----- brokerage cases -----

CASE = {"provider_urn": OTHER, "receiver_urn": URN}


@table(
    [
        (COORD, "ok"),
        (LA, "ok"),
        (HEAD, "ok"),
        (OTHER_HEAD, "ok"),
        (who("h3", "headteacher", urn=900003), "forbidden"),
        (ADMIN, "forbidden"),  # the school's administrator: not a head
        (DEPUTY, "forbidden"),
        (TEACHER, "forbidden"),
        (SERVICE, "forbidden"),
        (ANON, "unauthorized"),
    ]
)
def test_only_the_partnership_and_the_two_heads_see_a_case(caller, expected):
    assert outcome(p.check_may_see_case, caller, CASE) == expected


@pytest.mark.parametrize(
    "caller,scope",
    [(COORD, "all"), (LA, "all"), (HEAD, URN), (ADMIN, None), (TEACHER, None), (SERVICE, None)],
)
def test_which_cases_a_listing_shows(caller, scope):
    assert p.case_school_scope(caller) == scope


@table(
    [(COORD, "ok"), (LA, "ok"), (HEAD, "forbidden"), (SERVICE, "forbidden"), (ANON, "unauthorized")]
)
def test_brokering_closing_and_cancelling_by_the_partnership(caller, expected):
    assert outcome(p.check_may_broker, caller) == expected


@table([(OTHER_HEAD, "ok"), (HEAD, "forbidden"), (COORD, "forbidden"), (ANON, "unauthorized")])
def test_only_the_sending_head_consents(caller, expected):
    assert outcome(p.check_may_consent, caller, CASE) == expected


@table([(HEAD, "ok"), (COORD, "ok"), (TEACHER, "forbidden"), (SERVICE, "forbidden")])
def test_reviews_by_whoever_may_see_the_case(caller, expected):
    assert outcome(p.check_may_review_case, caller, CASE) == expected


# ----- accounts -----


@table([(TEACHER, "ok"), (COORD, "ok"), (SERVICE, "forbidden"), (ANON, "unauthorized")])
def test_signing_out_and_changing_a_password_are_a_persons_own(caller, expected):
    assert outcome(p.check_may_act_on_own_account, caller) == expected


@table([(ANON, "forbidden"), (SERVICE, "ok"), (TEACHER, "forbidden"), (COORD, "forbidden")])
def test_every_accounts_token_version_is_for_services_only(caller, expected):
    assert outcome(p.check_is_service, caller) == expected
