"""Directory rules: academic years, group office terms, verification (who may see a case is in
test_permissions)."""

from datetime import date

from directory.domain import (
    academic_year,
    assign_office,
    is_overdue,
    office_holder,
    tokens,
    verification_due,
)


def test_academic_year_runs_september_to_august():
    assert academic_year(date(2026, 8, 31)) == "2025-26"
    assert academic_year(date(2026, 9, 1)) == "2026-27"
    assert academic_year(date(2099, 12, 1)) == "2099-00"


def _term(person, start, end=None, office="chair"):
    return {"office": office, "person_id": person, "starts_on": start, "ends_on": end}


def test_a_new_chair_ends_the_running_term_the_day_before():
    terms = [_term("a", date(2025, 9, 1)), _term("s", date(2025, 9, 1), office="secretary")]
    after = assign_office(terms, _term("b", date(2026, 1, 1), date(2027, 12, 31)))
    assert office_holder(after, "chair", date(2025, 12, 31))["person_id"] == "a"
    assert office_holder(after, "chair", date(2026, 1, 1))["person_id"] == "b"
    assert office_holder(after, "secretary", date(2026, 6, 1))["person_id"] == "s"
    assert office_holder(after, "chair", date(2028, 1, 1)) is None


def test_a_term_starting_later_is_replaced():
    terms = [_term("a", date(2027, 9, 1))]
    after = assign_office(terms, _term("b", date(2026, 9, 1)))
    assert [t["person_id"] for t in after] == ["b"]


def test_verification_is_due_a_year_on_and_overdue_from_that_day():
    due = verification_due(date(2025, 11, 23))
    assert due == date(2026, 11, 23)
    assert is_overdue(due, date(2026, 11, 23)) and not is_overdue(due, date(2026, 11, 22))


def test_tokens_split_names_for_prefix_search():
    assert tokens("St Bede\u2019s CE Primary") == ["st", "bede", "s", "ce", "primary"]
