"""Generates synthetic GIAS-format CSVs (real column names, made-up schools) for the demo and
benchmarks."""

import csv
import random
from pathlib import Path

from directory.gias import ENCODING

COLUMNS_FILE = Path(__file__).parent / "data" / "gias_columns.txt"
SAMPLE = Path(__file__).parent / "data" / "gias_sample.csv"

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


if __name__ == "__main__":
    write_csv(SAMPLE, sample_rows(12))
