"""The support directory over the real broker and store: offers, requests with suggested matches,
brokerage taking days atomically, consent, reviews, impact, ledger and who may see a case."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from contracts import directory as c
from contracts.errors import Conflict, Forbidden, InvalidInput
from support.waiting import eventually

from .conftest import COORDINATOR_EMAIL, SERVICE, caller_for, events_named

COORDINATOR = {"id": "coord", "roles": ["coordinator"], "school_urn": None}


def _by_email(rpc, email):
    people = rpc.directory.list_people({"per_page": 200}, caller=SERVICE)["items"]
    return next(p for p in people if p["email"] == email)


def _offer(rpc, days=5.0, urn=900003, area="reading", caller=COORDINATOR, **extra):
    return rpc.directory.create_offer(
        {
            "school_urn": urn,
            "area": area,
            "title": f"{area} support",
            "academic_year": "2026-27",
            "capacity_days": days,
            **extra,
        },
        caller=caller,
    )


def _request(rpc, urn=900007, area="reading"):
    return rpc.directory.create_support_request(
        {"school_urn": urn, "area": area, "description": "Help", "urgency": "high"},
        caller=COORDINATOR,
    )


def _broker(rpc, request, offer, days=2.0, viewer=COORDINATOR):
    body = {
        "request_id": request["id"],
        "offer_id": offer["id"],
        "scope": "Coaching",
        "days": days,
        "starts_on": "2026-12-01",
        "ends_on": "2027-03-31",
        "review_dates": ["2027-01-15"],
    }
    return rpc.directory.broker_support(body, caller=viewer)


def test_unknown_area_and_negative_capacity_are_refused_naming_the_field(directory, rpc):
    with pytest.raises(InvalidInput) as exc:
        _offer(rpc, area="juggling")
    assert "area" in exc.value.fields
    with pytest.raises(InvalidInput) as exc:
        _offer(rpc, days=-1)
    assert "capacity_days" in exc.value.fields


def test_suggestions_rank_weak_report_card_areas_and_same_cluster(directory, rpc):
    request = _request(rpc, area="reading")  # 900007: achievement and curriculum need attention
    suggestions = rpc.directory.suggest_offers(request["id"], caller=COORDINATOR)["items"]
    titles = [s["title"] for s in suggestions]
    assert "Mastery maths in upper KS2" in titles and "Phonics catch-up coaching" in titles
    assert "Coaching new headteachers" not in titles
    cluster = rpc.directory.get_school(900007, caller=SERVICE)["cluster"]
    flags = [s["cluster"] == cluster for s in suggestions]
    assert flags == sorted(flags, reverse=True)
    assert events_named(c.SUPPORT_REQUESTED) or eventually(
        lambda: events_named(c.SUPPORT_REQUESTED)
    )


def test_brokering_takes_days_and_refuses_more_than_left(directory, rpc):
    offer = _offer(rpc, days=3.0)
    case = _broker(rpc, _request(rpc), offer, days=2.0)
    assert case["status"] == "awaiting_consent"
    assert rpc.directory.get_offer(offer["id"], caller=SERVICE)["days_remaining"] == 1.0
    with pytest.raises(Conflict) as exc:
        _broker(rpc, _request(rpc), offer, days=2.0)
    assert "days" in exc.value.fields
    assert rpc.directory.get_offer(offer["id"], caller=SERVICE)["days_remaining"] == 1.0
    brokered = eventually(lambda: events_named(c.SUPPORT_BROKERED))
    assert brokered[0]["provider_urn"] == 900003 and brokered[0]["receiver_urn"] == 900007
    assert brokered[0]["provider_head_ids"]  # the sending head, who is asked for consent


def test_concurrent_brokering_never_overbooks_an_offer(directory, rabbit_config, rpc):
    offer = _offer(rpc, days=3.0)
    requests = [_request(rpc) for _ in range(6)]

    def attempt(request):
        with ClusterRpcProxy(rabbit_config, timeout=10) as proxy:
            try:
                return _broker(proxy, request, offer, days=1.0)["id"]
            except Conflict:
                return None

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(attempt, requests))
    assert len([r for r in results if r]) == 3
    left = rpc.directory.get_offer(offer["id"], caller=SERVICE)
    assert (left["days_remaining"], left["days_committed"]) == (0.0, 3.0)
    listed = rpc.directory.search_offers({}, caller=SERVICE)["items"]
    assert offer["id"] not in [o["id"] for o in listed]


def test_consent_review_close_and_ledger(directory, rpc):
    offer = _offer(rpc, days=5.0)
    case = _broker(rpc, _request(rpc), offer, days=4.0)
    head = _by_email(rpc, "head@pierview.demo.partnership.test")
    sending_head = {"id": head["id"], "roles": ["headteacher"], "school_urn": 900003}
    other_head = {"id": "x", "roles": ["headteacher"], "school_urn": 900001}
    with pytest.raises(Forbidden):
        rpc.directory.get_case(case["id"], caller=other_head)
    with pytest.raises(Forbidden):
        rpc.directory.give_consent(case["id"], {"given": True}, caller=COORDINATOR)
    active = rpc.directory.give_consent(case["id"], {"given": True}, caller=sending_head)
    assert (active["status"], active["consent"]["status"]) == ("active", "given")
    reviewed = rpc.directory.add_case_review(
        case["id"], {"on": "2027-01-15", "notes": "On track"}, caller=sending_head
    )
    assert reviewed["reviews"][0]["notes"] == "On track"
    closed = rpc.directory.close_case(
        case["id"], {"impact": "Reading ages up", "days_delivered": 3.0}, caller=COORDINATOR
    )
    assert (closed["status"], closed["impact"]) == ("closed", "Reading ages up")
    assert rpc.directory.get_offer(offer["id"], caller=SERVICE)["days_remaining"] == 2.0
    given = rpc.directory.school_ledger(900003, {"academic_year": "2026-27"}, caller=COORDINATOR)
    received = rpc.directory.school_ledger(900007, caller=COORDINATOR)
    assert (given["days_given"], received["days_received"]) == (3.0, 3.0)
    assert eventually(lambda: events_named(c.BROKERAGE_CLOSED))


def test_refused_consent_returns_the_days_and_reopens_the_request(directory, rpc):
    offer = _offer(rpc, days=2.0)
    request = _request(rpc)
    case = _broker(rpc, request, offer, days=2.0)
    head = {"id": "h", "roles": ["headteacher"], "school_urn": 900003}
    declined = rpc.directory.give_consent(case["id"], {"given": False}, caller=head)
    assert declined["status"] == "declined"
    assert rpc.directory.get_offer(offer["id"], caller=SERVICE)["days_remaining"] == 2.0
    assert rpc.directory.get_support_request(request["id"], caller=SERVICE)["status"] == "open"


def test_overdue_offers_are_flagged_and_reminded_once(directory, rpc):
    offer = _offer(rpc, last_verified_on="2025-01-10")
    assert rpc.directory.get_offer(offer["id"], caller=SERVICE)["verification_overdue"]
    first = rpc.directory.remind_verification_due(caller=SERVICE)
    second = rpc.directory.remind_verification_due(caller=SERVICE)
    assert offer["id"] in first["reminded"] and offer["id"] not in second["reminded"]
    due = eventually(
        lambda: [e for e in events_named(c.OFFER_VERIFICATION_DUE) if e["offer_id"] == offer["id"]]
    )
    assert due[0]["owner_person_ids"]  # a whole-school offer reminds the school's head
    rpc.directory.verify_offer(offer["id"], {"verified_on": "2026-11-01"}, caller=COORDINATOR)
    assert not rpc.directory.get_offer(offer["id"], caller=SERVICE)["verification_overdue"]


def test_group_office_change_is_announced(directory, rpc):
    person = _by_email(rpc, "head@gullwing.demo.partnership.test")
    coordinator = caller_for(COORDINATOR_EMAIL)
    group = rpc.directory.assign_group_office(
        "inclusion",
        {"office": "chair", "person_id": person["id"], "starts_on": "2026-10-01"},
        caller=coordinator,
    )
    assert group["chair_person_id"] == person["id"]
    announced = eventually(lambda: events_named(c.GROUP_OFFICE_ASSIGNED))
    assert announced[-1]["person_name"] == "Gita Gullwing"
    with pytest.raises(InvalidInput) as exc:
        rpc.directory.assign_group_office(
            "inclusion",
            {
                "office": "chair",
                "person_id": person["id"],
                "starts_on": "2026-10-01",
                "ends_on": "2026-01-01",
            },
            caller=coordinator,
        )
    assert "ends_on" in exc.value.fields


def test_cancelling_a_case_returns_its_days(directory, rpc):
    offer = _offer(rpc, days=2.0)
    request = _request(rpc)
    case = _broker(rpc, request, offer, days=2.0)
    with pytest.raises(Forbidden):
        rpc.directory.cancel_case(
            case["id"],
            {"reason": "x"},
            caller={"id": "h", "roles": ["headteacher"], "school_urn": 900003},
        )
    cancelled = rpc.directory.cancel_case(
        case["id"], {"reason": "School closed"}, caller=COORDINATOR
    )
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "School closed")
    assert rpc.directory.get_offer(offer["id"], caller=SERVICE)["days_remaining"] == 2.0
    assert rpc.directory.get_support_request(request["id"], caller=SERVICE)["status"] == "open"
    with pytest.raises(Conflict):
        rpc.directory.cancel_case(case["id"], {"reason": "again"}, caller=COORDINATOR)
