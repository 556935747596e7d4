"""What schools owe: one school's termly statement and the partnership-wide one, each as a
record and as CSV. A term is given as people write it and answered with the dates it covers
(``contracts.school_year``); people and schools are named beside their ids."""

import csv
import io

from contracts.caller import Caller
from contracts.school_year import Term, parse_term, term_of
from events import permissions
from events.context import Context
from events.storage import bookings_collection, events_collection, now

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _term(name: str | None) -> Term:
    return parse_term(name) if name else term_of(now())


def _paid_bookings(term: Term, urn: int | None = None) -> list[dict]:
    """Confirmed paid bookings on events starting in ``term`` (of one school, or of all)."""
    start, end = term.utc_bounds()
    in_term = events_collection().find({"starts_at": {"$gte": start, "$lt": end}}, {"_id": 1})
    wanted = {
        "event_id": {"$in": [row["_id"] for row in in_term]},
        "status": "confirmed",
        "price_pence": {"$gt": 0},
    }
    if urn is not None:
        wanted["school_urn"] = urn
    return list(bookings_collection().find(wanted, {"outbox": 0}).sort("starts_at", 1))


def school_statement(ctx: Context, urn: int, term: str | None, caller: Caller) -> dict:
    """What a school owes for a term (None: the current one): its confirmed paid places on events
    starting in the term (the school's head, business manager or administrator, and the
    partnership roles)."""
    permissions.check_may_read_statement(caller, urn)
    found = _term(term)
    rows = _paid_bookings(found, urn)
    people = ctx.directory.person_names(row["person_id"] for row in rows) if rows else {}
    school_name = ctx.directory.school_names([urn]).get(urn)
    lines = [
        {
            "booking_id": row["_id"],
            "event_id": row["event_id"],
            "event_title": row.get("event_title", ""),
            "person_id": row["person_id"],
            "person_name": people.get(row["person_id"]),
            "school_urn": urn,
            "school_name": school_name,
            "starts_at": row["starts_at"],
            "status": row["status"],
            "price_pence": row["price_pence"],
        }
        for row in rows
    ]
    return {
        **found.describe(),
        "school_urn": urn,
        "school_name": school_name,
        "lines": lines,
        "total_pence": sum(line["price_pence"] for line in lines),
    }


def partnership_statement(ctx: Context, term: str | None, caller: Caller) -> dict:
    """What every school owes for a term (None: the current one), largest first (the
    coordinator and the LA officer)."""
    permissions.check_may_read_partnership_statement(caller)
    found = _term(term)
    owed: dict = {}
    for row in _paid_bookings(found):
        places, total = owed.get(row.get("school_urn"), (0, 0))
        owed[row.get("school_urn")] = (places + 1, total + row["price_pence"])
    names = ctx.directory.school_names(owed) if owed else {}
    schools = [
        {"school_urn": urn, "school_name": names.get(urn), "places": places, "total_pence": total}
        for urn, (places, total) in owed.items()
    ]
    schools.sort(key=lambda item: (-item["total_pence"], item["school_name"] or ""))
    return {
        **found.describe(),
        "schools": schools,
        "total_pence": sum(item["total_pence"] for item in schools),
    }


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return would be read as a formula, so it gets a leading ``'``.

    >>> safe_cell("=1+2"), safe_cell("Phonics"), safe_cell(-1)
    ("'=1+2", 'Phonics', "'-1")
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _pounds(pence: int) -> str:
    return f"{pence / 100:.2f}"


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([[safe_cell(cell) for cell in row] for row in rows])
    return out.getvalue()


def statement_csv(statement: dict) -> str:
    """A school's statement as CSV: a line per place, named, then the total."""
    rows = [
        [
            "booking_id",
            "event_id",
            "event_title",
            "person_id",
            "starts_at",
            "price",
            "person_name",
            "school_urn",
            "school_name",
        ]
    ]
    for line in statement["lines"]:
        rows.append(
            [
                line["booking_id"],
                line["event_id"],
                line["event_title"],
                line["person_id"],
                line["starts_at"].isoformat(),
                _pounds(line["price_pence"]),
                line.get("person_name"),
                line.get("school_urn"),
                line.get("school_name"),
            ]
        )
    rows.append(["", "", "TOTAL", "", "", _pounds(statement["total_pence"])])
    return _csv(rows)


def partnership_statement_csv(statement: dict) -> str:
    """The partnership-wide statement as CSV: a row per school, then the total."""
    rows = [["school_urn", "school_name", "places", "total", "term", "starts_on", "ends_on"]]
    for item in statement["schools"]:
        rows.append(
            [
                item["school_urn"],
                item["school_name"],
                item["places"],
                _pounds(item["total_pence"]),
                statement["term"],
                statement["starts_on"].isoformat(),
                statement["ends_on"].isoformat(),
            ]
        )
    rows.append(["", "TOTAL", "", _pounds(statement["total_pence"])])
    return _csv(rows)
