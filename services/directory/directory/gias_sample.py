"""Generates synthetic GIAS-format CSVs (real column names, made-up schools) for the demo and
benchmarks."""

import csv
import random
from pathlib import Path

from directory.gias import ENCODING

COLUMNS_FILE = Path(__file__).parent / "data" / "gias_columns.txt"
SAMPLE = Path(__file__).parent / "data" / "gias_sample.csv"
LINK_COLUMNS = ["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"]

_PLACES = [
    "Northshore",
    "Gullwing",
    "Pier View",
    "Tideway",
    "Sandhill",
    "Marram",
    "Lantern Lane",
    "Promenade",
    "Dunesend",
    "Beacon Hill",
    "Saltmarsh",
    "Harbourgate",
]
_KINDS = [
    ("Community school", "Local authority maintained schools", "Primary", " Primary (synthetic)"),
    ("Academy converter", "Academies", "Primary", " Primary Academy (synthetic)"),
    (
        "Voluntary aided school",
        "Local authority maintained schools",
        "Primary",
        " St Bede\u2019s CE Primary (synthetic)",
    ),
    ("Academy sponsor led", "Academies", "Secondary", " High School (synthetic)"),
    (
        "Community special school",
        "Special schools",
        "Not applicable",
        " Special School (synthetic)",
    ),
]
_GRADES = ["Outstanding", "Good", "Requires improvement", "Serious Weaknesses", ""]


def sample_rows(count: int, la_code: str = "890", la_name: str = "Blackpool", seed: int = 7):
    """``count`` synthetic schools as dicts keyed by GIAS column name."""
    rng = random.Random(seed)
    for i in range(count):
        type_name, group, phase, suffix = _KINDS[i % len(_KINDS)] if i < 5 else rng.choice(_KINDS)
        place = _PLACES[i % len(_PLACES)] + (
            "" if i < len(_PLACES) else f" {i // len(_PLACES) + 1}"
        )
        yield {
            "URN": str(900001 + i),
            "LA (code)": la_code,
            "LA (name)": la_name,
            "EstablishmentNumber": str(2000 + i),
            "EstablishmentName": place + suffix,
            "TypeOfEstablishment (name)": type_name,
            "EstablishmentTypeGroup (name)": group,
            "EstablishmentStatus (name)": "Open",
            "PhaseOfEducation (name)": phase,
            "Postcode": f"FY{1 + i % 8} {i % 9}XX",
            "OfstedRating (name)": rng.choice(_GRADES),
            "OfstedLastInsp": f"{1 + i % 28:02d}-{1 + i % 12:02d}-20{18 + i % 7}",
            "Town": "Blackpool",
        }


def write_csv(path: Path, rows) -> None:
    columns = [c for c in COLUMNS_FILE.read_text().splitlines() if c.strip()]
    with open(path, "w", encoding=ENCODING, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


_PRIMARY = [
    ("Community school", "Local authority maintained schools", " Primary (synthetic)"),
    ("Academy converter", "Academies", " Primary Academy (synthetic)"),
    (
        "Voluntary aided school",
        "Local authority maintained schools",
        " St Bede\u2019s CE Primary (synthetic)",
    ),
    ("Foundation school", "Local authority maintained schools", " Infant School (synthetic)"),
]
_SECONDARY = [
    ("Academy sponsor led", "Academies", " High School (synthetic)"),
    ("Academy converter", "Academies", " Academy (synthetic)"),
]
_SPECIAL = ("Community special school", "Special schools", " Special School (synthetic)")
PREDECESSOR_URN, SUCCESSOR_URN = 900041, 900042


def blackpool_rows():
    """A Blackpool-like partnership: 29 primary, 3 special and 8 secondary schools, plus a junior
    school that closed and reopened as an academy (see ``blackpool_links``)."""
    rows = list(sample_rows(40))
    for i, row in enumerate(rows):
        place = _PLACES[i % len(_PLACES)] + (
            "" if i < len(_PLACES) else f" {i // len(_PLACES) + 1}"
        )
        if i == 0:
            continue  # Northshore Primary (synthetic) stays the demo accounts' school
        if i < 29:
            type_name, group, suffix = _PRIMARY[i % len(_PRIMARY)]
            phase = "Primary"
        elif i < 32:
            (type_name, group, suffix), phase = _SPECIAL, "Not applicable"
        else:
            type_name, group, suffix = _SECONDARY[i % len(_SECONDARY)]
            phase = "Secondary"
        row.update(
            {
                "EstablishmentName": place + suffix,
                "TypeOfEstablishment (name)": type_name,
                "EstablishmentTypeGroup (name)": group,
                "PhaseOfEducation (name)": phase,
            }
        )
    closed = {
        **rows[1],
        "URN": str(PREDECESSOR_URN),
        "EstablishmentName": "Old Tideway Junior School (synthetic)",
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        "EstablishmentStatus (name)": "Closed",
        "ReasonEstablishmentClosed (name)": "Academy Converter",
        "CloseDate": "31-08-2024",
        "PhaseOfEducation (name)": "Primary",
    }
    academy = {
        **closed,
        "URN": str(SUCCESSOR_URN),
        "EstablishmentName": "Tideway Junior Academy (synthetic)",
        "TypeOfEstablishment (name)": "Academy converter",
        "EstablishmentTypeGroup (name)": "Academies",
        "EstablishmentStatus (name)": "Open",
        "ReasonEstablishmentClosed (name)": "",
        "ReasonEstablishmentOpened (name)": "Academy Converter",
        "CloseDate": "",
        "OpenDate": "01-09-2024",
    }
    return [*rows, closed, academy]


def blackpool_links():
    return [
        {
            "URN": str(SUCCESSOR_URN),
            "LinkURN": str(PREDECESSOR_URN),
            "LinkName": "Old Tideway Junior School (synthetic)",
            "LinkType": "Predecessor",
            "LinkEstablishedDate": "01-09-2024",
        },
        {
            "URN": str(PREDECESSOR_URN),
            "LinkURN": str(SUCCESSOR_URN),
            "LinkName": "Tideway Junior Academy (synthetic)",
            "LinkType": "Successor",
            "LinkEstablishedDate": "01-09-2024",
        },
    ]


def write_links(path: Path, rows) -> None:
    with open(path, "w", encoding=ENCODING, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=LINK_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> None:
    """``python -m directory.gias_sample`` rewrites the 12-school demo sample;
    ``... blackpool DIR`` writes a Blackpool-like edubase.csv and links.csv (with a conversion)."""
    if argv[:1] == ["blackpool"]:
        out = Path(argv[1])
        write_csv(out / "edubase.csv", blackpool_rows())
        write_links(out / "links.csv", blackpool_links())
    else:
        write_csv(SAMPLE, sample_rows(12))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
