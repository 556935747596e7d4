"""Reading the DfE's GIAS "all establishment data" CSV: columns by name, Windows-1252,
dd-mm-yyyy."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

ENCODING = "cp1252"


@dataclass(frozen=True)
class SchoolRow:
    urn: int
    name: str
    la_code: str
    la_name: str
    type: str
    type_group: str
    phase: str
    status: str
    postcode: str
    ofsted_rating: str
    ofsted_last_inspection: date | None
    close_date: date | None
    open_date: date | None = None
    reason_opened: str = ""


@dataclass(frozen=True)
class LinkRow:
    """One row of the GIAS links extract: ``urn`` has ``link_urn`` as its ``link_type``."""

    urn: int
    link_urn: int
    link_type: str
    link_name: str = ""

    @property
    def is_predecessor(self) -> bool:
        return self.link_type.lower().startswith("predecessor")


@dataclass(frozen=True)
class BadRow:
    line: int
    problem: str


def _date(value: str) -> date | None:
    return datetime.strptime(value, "%d-%m-%Y").date() if value else None


def parse_row(row: dict[str, str]) -> SchoolRow:
    """One CSV record (a dict keyed by GIAS column name) -> SchoolRow; ValueError names the
    problem."""
    urn_text = (row.get("URN") or "").strip()
    if not urn_text.isdigit():
        raise ValueError(f"URN {urn_text!r} is not a number")
    name = (row.get("EstablishmentName") or "").strip()
    if not name:
        raise ValueError("EstablishmentName is empty")
    try:
        inspected = _date((row.get("OfstedLastInsp") or "").strip())
        closed = _date((row.get("CloseDate") or "").strip())
        opened = _date((row.get("OpenDate") or "").strip())
    except ValueError as exc:
        raise ValueError(f"bad date ({exc}); expected dd-mm-yyyy") from None
    return SchoolRow(
        urn=int(urn_text),
        name=name,
        la_code=(row.get("LA (code)") or "").strip(),
        la_name=(row.get("LA (name)") or "").strip(),
        type=(row.get("TypeOfEstablishment (name)") or "").strip(),
        type_group=(row.get("EstablishmentTypeGroup (name)") or "").strip(),
        phase=(row.get("PhaseOfEducation (name)") or "").strip(),
        status=(row.get("EstablishmentStatus (name)") or "").strip() or "Open",
        postcode=(row.get("Postcode") or "").strip(),
        ofsted_rating=(row.get("OfstedRating (name)") or "").strip(),
        ofsted_last_inspection=inspected,
        close_date=closed,
        open_date=opened,
        reason_opened=(row.get("ReasonEstablishmentOpened (name)") or "").strip(),
    )


def read_rows(lines: Iterable[str], la_code: str | None = None) -> Iterator[SchoolRow | BadRow]:
    """Yield a SchoolRow per good record (of LA ``la_code`` when given) and a BadRow per bad one."""
    reader = csv.DictReader(lines)
    missing = {"URN", "EstablishmentName"} - set(reader.fieldnames or [])
    if missing:
        yield BadRow(1, "header lacks column(s) " + ", ".join(sorted(missing)))
        return
    for record in reader:
        if la_code and (record.get("LA (code)") or "").strip() != la_code:
            continue
        try:
            yield parse_row(record)
        except ValueError as exc:
            yield BadRow(reader.line_num, str(exc))


def open_gias(path: str) -> io.TextIOWrapper:
    return open(path, encoding=ENCODING, newline="", errors="replace")


def read_links(lines: Iterable[str]) -> Iterator[LinkRow | BadRow]:
    """Rows of a GIAS links extract (``URN``, ``LinkURN``, ``LinkName``, ``LinkType``)."""
    reader = csv.DictReader(lines)
    missing = {"URN", "LinkURN", "LinkType"} - set(reader.fieldnames or [])
    if missing:
        yield BadRow(1, "header lacks column(s) " + ", ".join(sorted(missing)))
        return
    for record in reader:
        urn, link = (record.get("URN") or "").strip(), (record.get("LinkURN") or "").strip()
        if not (urn.isdigit() and link.isdigit()):
            yield BadRow(reader.line_num, f"URN {urn!r} or LinkURN {link!r} is not a number")
            continue
        yield LinkRow(
            int(urn),
            int(link),
            (record.get("LinkType") or "").strip(),
            (record.get("LinkName") or "").strip(),
        )
