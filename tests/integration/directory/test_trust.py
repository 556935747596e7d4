"""The directory refuses over RPC what issue 10 found it could be talked into, whoever sends the
call: raising one's own roles, unseating the head, becoming the approver, reading other schools'
staff emails, the coordinator's notes, confidential ledger rows and cases, and an offer's owner
verifying or endorsing it."""

import pytest

from contracts.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from directory.storage import Person

from .conftest import (
    ADMIN_EMAIL,
    COORDINATOR_EMAIL,
    DEMO_URN,
    HEAD_EMAIL,
    LA_OFFICER_EMAIL,
    SERVICE,
    TEACHER_EMAIL,
    caller_for,
)

OTHER_URN = 900003  # Pier View: its head is head@pierview


def pid(email: str) -> str:
    return Person.objects.get(email=email).id


# ----- roles -----


def test_a_school_admin_cannot_make_themselves_head_nor_unseat_the_head(directory, rpc):
    admin = caller_for(ADMIN_EMAIL)
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(admin["id"], {"role": "headteacher"}, caller=admin)
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(admin["id"], {"role": "teacher"}, caller=admin)  # own roles
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(
            pid(HEAD_EMAIL), {"role": "headteacher", "assigned": False}, caller=admin
        )
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(pid(TEACHER_EMAIL), {"role": "deputy_head"}, caller=admin)
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(pid(TEACHER_EMAIL), {"role": "coordinator"}, caller=admin)
    assert Person.objects.get(email=ADMIN_EMAIL).roles == ["school_admin"]
    assert Person.objects.get(email=HEAD_EMAIL).roles == ["headteacher"]
    # what a school may grant, it grants to its own people
    granted = rpc.directory.assign_role(pid(TEACHER_EMAIL), {"role": "senco"}, caller=admin)
    assert "senco" in granted["roles"]
    other_school = pid("maths@pierview.demo.partnership.test")
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(other_school, {"role": "senco"}, caller=admin)


def test_a_school_admin_cannot_register_a_head_nor_for_another_school(directory, rpc):
    admin = caller_for(ADMIN_EMAIL)
    body = {"email": "new.head@northshore.demo.partnership.test", "name": "New Head"}
    with pytest.raises(Forbidden) as refused:
        rpc.directory.register_person(
            {**body, "school_urn": DEMO_URN, "roles": ["headteacher"]}, caller=admin
        )
    assert "roles" in refused.value.fields
    with pytest.raises(Forbidden):
        rpc.directory.register_person(
            {**body, "school_urn": OTHER_URN, "roles": ["teacher"]}, caller=admin
        )
    with pytest.raises(Forbidden):
        rpc.directory.register_person(
            {**body, "school_urn": DEMO_URN, "roles": ["teacher"]}, caller=caller_for(TEACHER_EMAIL)
        )
    created = rpc.directory.register_person(
        {**body, "school_urn": DEMO_URN, "roles": ["teacher"]}, caller=admin
    )
    assert created["roles"] == ["teacher"]
    head = rpc.directory.register_person(
        {"email": "h2@x.test", "name": "H", "school_urn": DEMO_URN, "roles": ["headteacher"]},
        caller=caller_for(COORDINATOR_EMAIL),
    )
    assert head["roles"] == ["headteacher"]


def test_a_headteacher_manages_staff_roles_of_their_school_only(directory, rpc):
    head = caller_for(HEAD_EMAIL)
    teacher = pid(TEACHER_EMAIL)
    assert (
        "business_manager"
        in rpc.directory.assign_role(teacher, {"role": "business_manager"}, caller=head)["roles"]
    )
    for role in ("headteacher", "deputy_head", "la_officer"):
        with pytest.raises(Forbidden):
            rpc.directory.assign_role(teacher, {"role": role}, caller=head)
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(head["id"], {"role": "senco"}, caller=head)


def test_nobody_changes_their_own_roles_not_even_the_coordinator(directory, rpc):
    coordinator = caller_for(COORDINATOR_EMAIL)
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(coordinator["id"], {"role": "la_officer"}, caller=coordinator)
    la = caller_for(LA_OFFICER_EMAIL)
    assert (
        "la_officer"
        in rpc.directory.assign_role(coordinator["id"], {"role": "la_officer"}, caller=la)["roles"]
    )


def test_no_caller_and_a_service_caller_change_nothing(directory, rpc):
    with pytest.raises(Unauthorized):
        rpc.directory.assign_role(pid(TEACHER_EMAIL), {"role": "senco"}, caller=None)
    with pytest.raises(Unauthorized):
        rpc.directory.get_person(pid(TEACHER_EMAIL))
    with pytest.raises(Forbidden):
        rpc.directory.assign_role(pid(TEACHER_EMAIL), {"role": "senco"}, caller=SERVICE)


# ----- the designated approver -----


def test_each_demo_school_has_its_head_as_approver_set_only_by_head_or_partnership(directory, rpc):
    school = rpc.directory.get_school(DEMO_URN, caller=SERVICE)
    assert school["approver_person_id"] == pid(HEAD_EMAIL)
    no_head = rpc.directory.get_school(900012, caller=SERVICE)
    assert no_head["approver_person_id"] is None  # no fallback to anyone

    admin = caller_for(ADMIN_EMAIL)
    with pytest.raises(Forbidden):
        rpc.directory.set_school_approver(DEMO_URN, {"person_id": admin["id"]}, caller=admin)
    head = caller_for(HEAD_EMAIL)
    with pytest.raises(InvalidInput) as not_eligible:
        rpc.directory.set_school_approver(DEMO_URN, {"person_id": admin["id"]}, caller=head)
    assert "person_id" in not_eligible.value.fields
    with pytest.raises(InvalidInput):  # a head of another school
        rpc.directory.set_school_approver(
            DEMO_URN, {"person_id": pid("head@pierview.demo.partnership.test")}, caller=head
        )
    with pytest.raises(Forbidden):  # another school's head
        rpc.directory.set_school_approver(
            DEMO_URN,
            {"person_id": None},
            caller=caller_for("head@pierview.demo.partnership.test"),
        )


def test_the_approver_designation_is_cleared_when_they_lose_the_role_or_leave(directory, rpc):
    coordinator = caller_for(COORDINATOR_EMAIL)
    teacher = pid(TEACHER_EMAIL)
    rpc.directory.assign_role(teacher, {"role": "deputy_head"}, caller=coordinator)
    school = rpc.directory.set_school_approver(
        DEMO_URN, {"person_id": teacher}, caller=caller_for(HEAD_EMAIL)
    )
    assert school["approver_person_id"] == teacher
    rpc.directory.assign_role(
        teacher, {"role": "deputy_head", "assigned": False}, caller=coordinator
    )
    assert rpc.directory.get_school(DEMO_URN, caller=SERVICE)["approver_person_id"] is None

    head = pid(HEAD_EMAIL)
    la = caller_for(LA_OFFICER_EMAIL)
    rpc.directory.set_school_approver(DEMO_URN, {"person_id": head}, caller=la)
    moved = rpc.directory.update_person(head, {"school_urn": 900012}, caller=coordinator)
    assert moved["school_urn"] == 900012
    assert rpc.directory.get_school(DEMO_URN, caller=SERVICE)["approver_person_id"] is None
    with pytest.raises(Forbidden):  # only the partnership moves someone to another school
        rpc.directory.update_person(
            pid(TEACHER_EMAIL), {"school_urn": 900012}, caller=caller_for(ADMIN_EMAIL)
        )


# ----- reads scoped to need -----


def test_staff_emails_only_to_their_school_the_partnership_and_services(directory, rpc):
    teacher = caller_for(TEACHER_EMAIL)
    elsewhere = rpc.directory.list_people({"school_urn": OTHER_URN}, caller=teacher)["items"]
    assert elsewhere and all(p["email"] is None for p in elsewhere)
    own = rpc.directory.list_people({"school_urn": DEMO_URN}, caller=teacher)["items"]
    assert own and all(p["email"] for p in own)
    maths = pid("maths@pierview.demo.partnership.test")
    assert rpc.directory.get_person(maths, caller=teacher)["email"] is None
    assert rpc.directory.get_person(maths, caller=caller_for(COORDINATOR_EMAIL))["email"]
    assert rpc.directory.get_person(maths, caller=SERVICE)["email"]
    holders = rpc.directory.find_role_holders({"role": "headteacher"}, caller=teacher)["items"]
    shown = {p["school_urn"]: p["email"] for p in holders}
    assert shown[DEMO_URN] == HEAD_EMAIL and shown[OTHER_URN] is None
    with pytest.raises(Unauthorized):
        rpc.directory.list_people({})


def test_the_coordinators_notes_only_to_the_partnership(directory, rpc):
    coordinator = caller_for(COORDINATOR_EMAIL)
    rpc.directory.update_school(DEMO_URN, {"notes": "Head on long-term leave"}, caller=coordinator)
    with pytest.raises(Forbidden):
        rpc.directory.update_school(DEMO_URN, {"notes": "All fine"}, caller=caller_for(HEAD_EMAIL))
    for email in (HEAD_EMAIL, TEACHER_EMAIL):
        assert rpc.directory.get_school(DEMO_URN, caller=caller_for(email))["notes"] is None
    for email in (COORDINATOR_EMAIL, LA_OFFICER_EMAIL):
        seen = rpc.directory.get_school(DEMO_URN, caller=caller_for(email))["notes"]
        assert seen == "Head on long-term leave"


def _active_case(rpc, provider=OTHER_URN, receiver=DEMO_URN):
    coordinator = caller_for(COORDINATOR_EMAIL)
    offer = rpc.directory.create_offer(
        {
            "school_urn": provider,
            "area": "behaviour",
            "title": "Behaviour coaching",
            "academic_year": "2026-27",
            "capacity_days": 5,
        },
        caller=coordinator,
    )
    request = rpc.directory.create_support_request(
        {"school_urn": receiver, "area": "behaviour", "description": "Exclusions up"},
        caller=caller_for(HEAD_EMAIL),
    )
    case = rpc.directory.broker_support(
        {
            "request_id": request["id"],
            "offer_id": offer["id"],
            "scope": "Confidential: exclusions",
            "days": 2,
            "starts_on": "2026-12-01",
            "ends_on": "2027-02-01",
        },
        caller=coordinator,
    )
    head = caller_for("head@pierview.demo.partnership.test")
    rpc.directory.give_consent(case["id"], {"given": True}, caller=head)
    return case, request


def test_a_schools_ledger_shows_confidential_cases_only_to_who_may_see_them(directory, rpc):
    case, _ = _active_case(rpc)
    head = rpc.directory.school_ledger(DEMO_URN, caller=caller_for(HEAD_EMAIL))
    assert [e["case_id"] for e in head["entries"]] == [case["id"]]
    assert head["days_received"] == 2
    for email in (TEACHER_EMAIL, ADMIN_EMAIL):
        staff = rpc.directory.school_ledger(DEMO_URN, caller=caller_for(email))
        assert staff["entries"] == [] and staff["days_received"] == 0
    coordinator = rpc.directory.school_ledger(DEMO_URN, caller=caller_for(COORDINATOR_EMAIL))
    assert [e["case_id"] for e in coordinator["entries"]] == [case["id"]]
    with pytest.raises(Forbidden):  # another school's ledger
        rpc.directory.school_ledger(900005, caller=caller_for(TEACHER_EMAIL))


def test_cases_and_requests_only_to_those_who_may_see_them(directory, rpc):
    case, request = _active_case(rpc)
    admin = caller_for(ADMIN_EMAIL)
    with pytest.raises(Forbidden):
        rpc.directory.get_case(case["id"], caller=admin)
    assert rpc.directory.list_cases({}, caller=admin) == {"items": [], "total": 0}
    assert rpc.directory.get_case(case["id"], caller=caller_for(HEAD_EMAIL))["id"] == case["id"]
    with pytest.raises(NotFound):
        rpc.directory.get_case("no-such-case", caller=caller_for(COORDINATOR_EMAIL))

    # the request: its school's staff yes, another school's no
    assert rpc.directory.get_support_request(request["id"], caller=caller_for(TEACHER_EMAIL))
    maths = caller_for("maths@pierview.demo.partnership.test")
    with pytest.raises(Forbidden):
        rpc.directory.get_support_request(request["id"], caller=maths)
    assert rpc.directory.list_support_requests({"school_urn": DEMO_URN}, caller=maths) == {
        "items": [],
        "total": 0,
    }
    with pytest.raises(Forbidden):
        rpc.directory.suggest_offers(request["id"], caller=caller_for(TEACHER_EMAIL))
    with pytest.raises(Forbidden):  # a teacher does not ask for support for the school
        rpc.directory.create_support_request(
            {"school_urn": DEMO_URN, "area": "maths", "description": "x"},
            caller=caller_for(TEACHER_EMAIL),
        )


# ----- offers: verification and endorsement -----


def test_an_offers_owner_cannot_verify_or_endorse_it(directory, rpc):
    teacher = caller_for(TEACHER_EMAIL)
    body = {
        "school_urn": DEMO_URN,
        "person_id": teacher["id"],
        "area": "reading",
        "title": "Reading for pleasure",
        "academic_year": "2026-27",
        "capacity_days": 3,
    }
    with pytest.raises(Forbidden) as verified:
        rpc.directory.create_offer(
            {**body, "last_verified_on": "2026-11-20", "verification_due_on": "2030-01-01"},
            caller=teacher,
        )
    assert set(verified.value.fields) == {"last_verified_on", "verification_due_on"}
    endorsed = {"endorsements": [{"by_name": "Ofsted", "note": "Superb"}]}
    with pytest.raises(Forbidden) as refused:
        rpc.directory.create_offer({**body, "evidence": endorsed}, caller=teacher)
    assert set(refused.value.fields) == {"evidence.endorsements"}

    offer = rpc.directory.create_offer(body, caller=teacher)
    assert (offer["last_verified_on"], offer["verification_due_on"]) == (None, None)
    with pytest.raises(Forbidden):
        rpc.directory.verify_offer(offer["id"], {"verified_on": "2026-11-20"}, caller=teacher)
    with pytest.raises(Forbidden) as later:
        rpc.directory.update_offer(offer["id"], {"evidence": endorsed}, caller=teacher)
    assert set(later.value.fields) == {"evidence.endorsements"}
    # the owner still edits their offer and lists accreditations
    edited = rpc.directory.update_offer(
        offer["id"],
        {"title": "Reading for pleasure, KS2", "evidence": {"accreditations": [{"name": "NPQ"}]}},
        caller=teacher,
    )
    assert edited["evidence"]["accreditations"][0]["name"] == "NPQ"

    # the endorsing head of the practitioner's school verifies and endorses
    head = caller_for(HEAD_EMAIL)
    checked = rpc.directory.verify_offer(offer["id"], {"verified_on": "2026-11-20"}, caller=head)
    assert checked["last_verified_on"] == "2026-11-20"
    assert (
        rpc.directory.update_offer(offer["id"], {"evidence": endorsed}, caller=head)["evidence"][
            "endorsements"
        ][0]["by_name"]
        == "Ofsted"
    )
    with pytest.raises(Forbidden):  # a head of another school
        rpc.directory.verify_offer(
            offer["id"],
            {"verified_on": "2026-11-21"},
            caller=caller_for("head@pierview.demo.partnership.test"),
        )


def test_an_unverified_offer_ranks_below_verified_ones(directory, rpc):
    teacher = caller_for(TEACHER_EMAIL)
    mine = rpc.directory.create_offer(
        {
            "school_urn": DEMO_URN,
            "person_id": teacher["id"],
            "area": "phonics",
            "title": "Phonics in Year 1",
            "academic_year": "2026-27",
            "capacity_days": 30,
        },
        caller=teacher,
    )
    ranked = rpc.directory.search_offers({"area": "phonics"}, caller=teacher)["items"]
    ids = [o["id"] for o in ranked]
    assert ids.index("demo-offer-phonics") < ids.index(mine["id"])
