"""The per-school support ledger."""

from directory.ledger import school_ledger


def _case(cid, provider, receiver, days, status="active", year="2026-27", delivered=None):
    return {
        "id": cid,
        "provider_urn": provider,
        "provider_name": f"School {provider}",
        "receiver_urn": receiver,
        "receiver_name": f"School {receiver}",
        "area": "maths",
        "days": days,
        "days_delivered": delivered,
        "status": status,
        "academic_year": year,
    }


def test_days_given_and_received_are_totalled_with_a_balance():
    cases = [_case("a", 1, 2, 3), _case("b", 2, 1, 1.5), _case("c", 1, 3, 2)]
    ledger = school_ledger(1, cases)
    assert (ledger["days_given"], ledger["days_received"], ledger["balance"]) == (5, 1.5, 3.5)
    assert {(e["case_id"], e["direction"], e["counterpart_urn"]) for e in ledger["entries"]} == {
        ("a", "given", 2),
        ("b", "received", 2),
        ("c", "given", 3),
    }


def test_a_closed_case_counts_the_days_delivered():
    ledger = school_ledger(2, [_case("a", 1, 2, 4, status="closed", delivered=2.5)])
    assert ledger["days_received"] == 2.5


def test_cases_awaiting_consent_declined_or_cancelled_do_not_count():
    cases = [
        _case("a", 1, 2, 4, status="awaiting_consent"),
        _case("b", 1, 2, 4, status="declined"),
        _case("c", 1, 2, 4, status="cancelled"),
    ]
    assert school_ledger(1, cases)["entries"] == []


def test_the_ledger_can_be_limited_to_one_academic_year():
    cases = [_case("a", 1, 2, 4, year="2025-26"), _case("b", 1, 2, 1, year="2026-27")]
    ledger = school_ledger(1, cases, "2026-27")
    assert [e["case_id"] for e in ledger["entries"]] == ["b"]
    assert ledger["days_given"] == 1
