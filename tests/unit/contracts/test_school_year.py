"""Terms and academic years as people write them (contracts.school_year): one name per term, the
dates it covers, and one form of an academic year in every answer."""

from datetime import UTC, date, datetime

import pytest
from marshmallow import Schema, ValidationError

from contracts.school_year import (
    AcademicYearField,
    TermField,
    parse_academic_year,
    parse_term,
    term_of,
)


@pytest.mark.parametrize(
    "written",
    [
        "2027-spring",
        "spring 2027",
        "Spring 2027",
        "SPRING-2027",
        "Spring term 2027",
        "2026-27 spring",
        "2026/27 Spring",
        "2026-2027 spring",
        "spring 2026-27",
        "  2027 spring  ",
    ],
)
def test_a_term_written_any_usual_way_is_spring_2027(written):
    term = parse_term(written)
    assert term.name == "2027-spring"
    assert (term.starts_on, term.ends_on) == (date(2027, 1, 1), date(2027, 3, 31))
    assert term.academic_year == "2026-27" and term.label == "Spring term 2027"


def test_terms_are_named_by_the_calendar_year_they_fall_in():
    assert parse_term("2026-spring").starts_on == date(2026, 1, 1)
    assert parse_term("2026-27 autumn").name == "2026-autumn"
    assert parse_term("2026-27 summer").name == "2027-summer"
    assert parse_term("2027-summer").ends_on == date(2027, 8, 31)
    assert parse_term("2026-autumn").ends_on == date(2026, 12, 31)


def test_every_day_falls_in_the_term_that_covers_it():
    assert term_of(date(2027, 2, 9)).name == "2027-spring"
    assert term_of(date(2026, 9, 1)).name == "2026-autumn"
    assert term_of(date(2027, 8, 31)).name == "2027-summer"
    # 23:30 UTC on 31 August is already 1 September in London
    assert term_of(datetime(2026, 8, 31, 23, 30, tzinfo=UTC)).name == "2026-autumn"


def test_term_bounds_are_midnight_in_london():
    start, end = parse_term("2026-autumn").utc_bounds()
    assert start == datetime(2026, 8, 31, 23, tzinfo=UTC)  # BST
    assert end == datetime(2027, 1, 1, tzinfo=UTC)  # GMT


@pytest.mark.parametrize(
    "written",
    ["2027", "spring", "winter 2027", "2026-28 spring", "2027-spring-2027", "1899-spring", ""],
)
def test_an_unknown_or_ill_formed_term_is_refused(written):
    with pytest.raises(ValueError):
        parse_term(written)


class _Query(Schema):
    term = TermField(load_default=None, allow_none=True)
    academic_year = AcademicYearField(load_default=None, allow_none=True)


def test_the_fields_load_one_form_and_name_the_field_they_refuse():
    assert _Query().load({"term": "Spring 2027", "academic_year": 2026}) == {
        "term": "2027-spring",
        "academic_year": "2026-27",
    }
    assert _Query().load({"academic_year": "2026/2027"})["academic_year"] == "2026-27"
    with pytest.raises(ValidationError) as refused:
        _Query().load({"term": "2027-winter", "academic_year": "2026-28"})
    assert set(refused.value.messages) == {"term", "academic_year"}


@pytest.mark.parametrize("value", [2026, "2026", "2026-27", "2026/27", "2026-2027"])
def test_an_academic_year_is_read_in_either_form(value):
    assert parse_academic_year(value) == 2026


@pytest.mark.parametrize("value", [True, "26-27", "2026-28", "1999", 3000, "2026-27x"])
def test_a_wrong_academic_year_is_refused(value):
    with pytest.raises(ValueError):
        parse_academic_year(value)


def test_an_academic_year_is_answered_as_2026_27_whatever_was_stored():
    assert _Query().dump({"academic_year": 2026}) == {"academic_year": "2026-27"}
    assert _Query().dump({"academic_year": "2026-27"}) == {"academic_year": "2026-27"}
