"""The page benchmark's directory data: the 25,000-school GIAS data set, imported once per run
through the directory's own ``import-gias`` command, and expertise offers made through the API.

The generated extract (``directory.gias_sample``: every GIAS column, Windows-1252) begins with
the demo partnership's twelve schools exactly as ``seed-demo`` stores them, so the import leaves
them unchanged and the demo accounts keep their schools. The new schools' ``school_imported``
announcements are dropped from the directory's outbox afterwards: relaying 25,000 of them (500
every 5 s) would keep the services busy for minutes while pages are measured, which is a
catch-up after an import, not the steady state a page is used in.
"""

import random
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import requests
from pymongo import MongoClient

from contracts.directory import DEFAULT_SUPPORT_AREAS
from directory.gias_sample import sample_rows, write_csv
from directory.storage import School

PROGRESS_SECONDS = 2.0


def load_schools(
    directory_cli: Path, env: dict, db: str, count: int, say: Callable[[str], None]
) -> None:
    """Import ``count`` generated schools with ``directory import-gias FILE --la ''`` (run with
    ``env``), saying how many the store holds every few seconds while it runs."""
    with MongoClient(env["MONGO_URI"]) as client, tempfile.TemporaryDirectory() as tmp:
        schools = client[db][School._meta["collection"]]
        before = [doc["_id"] for doc in schools.find({}, {"_id": 1})]
        csv_path = Path(tmp) / f"gias_{count}.csv"
        say(f"generating a {count}-row GIAS extract (all GIAS columns, Windows-1252)")
        write_csv(csv_path, sample_rows(count))
        size = csv_path.stat().st_size / 1e6
        say(f"importing it ({size:.1f} MB): directory import-gias {csv_path.name} --la ''")
        log = Path(tmp) / "import.log"
        began = time.perf_counter()
        with open(log, "w") as out:
            importing = subprocess.Popen(
                [str(directory_cli), "import-gias", str(csv_path), "--la", ""],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            while importing.poll() is None:
                time.sleep(PROGRESS_SECONDS)
                held = schools.count_documents({})
                say(f"  {held:6d} of {count} schools stored ({time.perf_counter() - began:.0f} s)")
        summary = log.read_text().strip().splitlines()
        if importing.returncode != 0:
            raise SystemExit(f"GIAS import failed: {' / '.join(summary[-5:])}")
        say(f"  {summary[-1] if summary else 'done'} in {time.perf_counter() - began:.1f} s")
        dropped = schools.update_many(
            {"_id": {"$nin": before}, "outbox.0": {"$exists": True}}, {"$set": {"outbox": []}}
        )
        say(f"  {dropped.modified_count} new schools' import announcements left unsent")


def add_offers(api: requests.Session, url: str, count: int, seed: int = 11) -> None:
    """``count`` expertise offers (by ``api``, the coordinator's session) at schools of the
    imported set, spread over every support area."""
    rng = random.Random(seed)
    areas = list(DEFAULT_SUPPORT_AREAS)
    now = datetime.now(UTC)
    year = now.year if now.month >= 9 else now.year - 1
    for n in range(count):
        area = areas[n % len(areas)]
        body = {
            "school_urn": 900001 + rng.randrange(1000),
            "area": area,
            "title": f"{DEFAULT_SUPPORT_AREAS[area]} support {n}",
            "phases": rng.sample(["Primary", "Secondary"], rng.randint(1, 2)),
            "academic_year": f"{year}-{(year + 1) % 100:02d}",
            "capacity_days": float(rng.choice([2, 5, 8, 10])),
        }
        made = api.post(url + "/api/v1/offers", json=body, timeout=30)
        if made.status_code != 201:
            raise SystemExit(f"POST /api/v1/offers: HTTP {made.status_code} {made.text[:200]}")
