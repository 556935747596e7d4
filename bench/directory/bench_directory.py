"""Directory benchmark (one command): ``.venv/bin/python bench/directory/bench_directory.py``.

Starts its own SecantusDB (standalone, on disk in a temporary folder), a throwaway RabbitMQ vhost,
the directory service and the gunicorn gateway (as ``make run`` runs them), then:

1. Import: generates a 25,000-row GIAS-format CSV (Windows-1252, every GIAS column) and times
   ``directory import-gias FILE --la ''`` end to end, progress bar included (target <= 20 s).
   A second run of the same file times a re-import (nothing changed, nothing rewritten).
2. Search: with those 25k schools and 10,000 expertise offers, times ``GET /api/v1/schools`` and
   ``GET /api/v1/offers`` with a mix of name prefixes, phase, cluster, area, near_urn and min_days
   filters through the gateway; prints p50/p95/p99 (target p95 <= 50 ms).

Options via environment: BENCH_SCHOOLS (25000), BENCH_OFFERS (10000), BENCH_QUERIES (400 per
kind), BENCH_CLIENTS (4 concurrent clients), GATEWAY_WORKERS (1), GATEWAY_THREADS (128),
AMQP_URI (broker root).
"""

import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jwt
import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from figures import record  # noqa: E402
from stack import BIN, QUIET_EVENTLET, BenchStack  # noqa: E402

from contracts.directory import DEFAULT_SUPPORT_AREAS, PHASES  # noqa: E402
from directory.domain import tokens  # noqa: E402
from directory.gias_sample import sample_rows, write_csv  # noqa: E402
from support.waiting import eventually, free_port, wait_for_port  # noqa: E402

SECRET = "bench-secret-" + "x" * 40
SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", "25000"))
OFFERS = int(os.environ.get("BENCH_OFFERS", "10000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "400"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
CLUSTERS = ("north", "south", "central", "east")
DB = "bench_directory"


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


class Stack(BenchStack):
    def __init__(self, workdir: Path):
        super().__init__("directory", logs=ROOT / "var" / "bench" / "directory")
        self.workdir = workdir
        self.gateway_port = free_port()
        self.env = {
            **os.environ,
            "AMQP_URI": self.amqp,
            "MONGO_URI": self.mongo,
            "DIRECTORY_DB": DB,
            "JWT_SECRET": SECRET,
            "PYTHONWARNINGS": QUIET_EVENTLET,
        }

    def start_database(self) -> None:
        storage = self.workdir / "mongo"
        storage.mkdir()
        super().start_database(str(storage))

    def start_services(self) -> None:
        self.start_broker()
        self.start_service("directory", self.env)
        self.start_gateway(self.gateway_port, self.env)
        wait_for_port(self.gateway_port)


def token() -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": "bench",  # the coordinator account seed_offers stores; its token version is 0
        "ver": 0,
        "iat": now,
        "exp": now + timedelta(hours=2),
    }
    return jwt.encode(claims, SECRET, algorithm="HS256")


def run_import(stack: Stack, csv_path: Path, label: str) -> float:
    say(f"{label}: directory import-gias {csv_path.name} --la ''")
    began = time.perf_counter()
    subprocess.run(
        [str(BIN / "directory"), "import-gias", str(csv_path), "--la", ""],
        cwd=ROOT,
        env=stack.env,
        check=True,
    )
    return time.perf_counter() - began


def seed_offers(stack: Stack, rng: random.Random) -> None:
    """Clusters for every school and OFFERS offers, written straight to the store."""
    from directory.storage import Cluster, Offer, Person, School, connect_store, raw, stamp
    from directory.support_areas import ensure_default_areas

    connect_store(stack.mongo, DB)
    ensure_default_areas()
    raw(Person).update_one(
        {"_id": "bench"},
        {
            "$set": {"email": "bench@bench.test", "name": "Bench", "roles": ["coordinator"]},
            "$setOnInsert": {"token_version": 0, "school_urn": None},
        },
        upsert=True,
    )
    for key in CLUSTERS:
        Cluster.objects(id=key).update_one(set__name=key.title(), upsert=True)
    for i, key in enumerate(CLUSTERS):
        raw(School).update_many(
            {"_id": {"$mod": [len(CLUSTERS), i]}}, {"$set": {"cluster": key, "rev": stamp()}}
        )
    schools = list(raw(School).find({}, ["name", "cluster"]).limit(5000))
    areas, today = list(DEFAULT_SUPPORT_AREAS), date.today()
    docs = []
    for n in range(OFFERS):
        school = rng.choice(schools)
        capacity = float(rng.choice([2, 5, 8, 10, 15, 20]))
        committed = capacity if n % 10 == 0 else float(rng.randint(0, int(capacity) - 1))
        area = rng.choice(areas)
        verified = today - timedelta(days=rng.randint(0, 500))
        title = f"{DEFAULT_SUPPORT_AREAS[area]} support {n}"
        docs.append(
            Offer(
                school_urn=school["_id"],
                school_name=school["name"],
                cluster=school["cluster"],
                area=area,
                title=title,
                title_tokens=tokens(title),
                phases=rng.sample(["Primary", "Secondary", "Not applicable"], rng.randint(1, 2)),
                academic_year="2026-27",
                capacity_days=capacity,
                days_committed=committed,
                days_remaining=capacity - committed,
                evidence={},
                last_verified_on=verified,
                verification_due_on=verified + timedelta(days=365),
            )
            .to_mongo()
            .to_dict()
        )
    for start in range(0, len(docs), 2000):
        raw(Offer).insert_many(docs[start : start + 2000], ordered=False)
    # Steady state: the import's 25k school_imported events would keep the service's outbox
    # relay busy for minutes (500 per 5 s); searches are measured without that catch-up.
    raw(School).update_many({"outbox.0": {"$exists": True}}, {"$set": {"outbox": []}})


def school_queries(rng: random.Random) -> list[dict]:
    prefixes = ["north", "gull", "pier", "tide", "sand", "marr", "lant", "prom", "dun", "beac"]
    result = []
    for _ in range(QUERIES):
        query: dict = {"per_page": 20, "page": rng.randint(1, 3)}
        kind = rng.randrange(4)
        if kind in (0, 1):
            query["q"] = rng.choice(prefixes) + ("" if kind == 0 else f" {rng.randint(2, 2000)}")
        if kind in (1, 2):
            query["phase"] = rng.choice(["Primary", "Secondary", "Not applicable"])
        if kind in (2, 3):
            query["cluster"] = rng.choice(CLUSTERS)
        result.append(query)
    return result


def offer_queries(rng: random.Random, urns: list[int]) -> list[dict]:
    result = []
    for _ in range(QUERIES):
        query: dict = {"per_page": 20, "area": rng.choice(list(DEFAULT_SUPPORT_AREAS))}
        kind = rng.randrange(4)
        if kind == 0:
            query["phase"] = rng.choice(["Primary", "Secondary"])
        elif kind == 1:
            query["cluster"] = rng.choice(CLUSTERS)
        elif kind == 2:
            query["near_urn"] = rng.choice(urns)
        else:
            query["min_days"] = rng.choice([1, 3, 5])
        result.append(query)
    assert set(PHASES) >= {"Primary", "Secondary"}
    return result


def measure(base: str, path: str, queries: list[dict], clients: int = CLIENTS) -> list[float]:
    headers = {"Authorization": f"Bearer {token()}"}
    latencies: list[float] = []
    lock = threading.Lock()
    chunks = [queries[i::clients] for i in range(clients)]
    failures: list[str] = []

    def client(chunk):
        with requests.Session() as session:
            session.headers.update(headers)
            for query in chunk:
                began = time.perf_counter()
                response = session.get(base + path, params=query, timeout=30)
                took = time.perf_counter() - began
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text[:200]}")
                with lock:
                    latencies.append(took)

    threads = [threading.Thread(target=client, args=(c,)) for c in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        say(f"{len(failures)} failed requests, first: {failures[0]}")
    return latencies


def percentiles(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    pick = lambda p: ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]  # noqa: E731
    return (
        f"n={len(ordered)} p50={pick(50) * 1000:.1f} ms p95={pick(95) * 1000:.1f} ms "
        f"p99={pick(99) * 1000:.1f} ms mean={statistics.mean(ordered) * 1000:.1f} ms"
    )


def main() -> None:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="bench-directory-") as tmp:
        workdir = Path(tmp)
        stack = Stack(workdir)
        try:
            stack.start_database()
            csv_path = workdir / "edubase_25k.csv"
            say(f"generating a {SCHOOLS}-row GIAS CSV (cp1252, all GIAS columns)")
            write_csv(csv_path, sample_rows(SCHOOLS, seed=3))
            size = csv_path.stat().st_size / 1e6
            first = run_import(stack, csv_path, f"import ({size:.1f} MB)")
            again = run_import(stack, csv_path, "re-import, unchanged")
            say(f"seeding clusters and {OFFERS} offers")
            seed_offers(stack, rng)
            stack.start_services()
            base = f"http://127.0.0.1:{stack.gateway_port}"
            probe = {"Authorization": f"Bearer {token()}"}
            eventually(
                lambda: requests.get(base + "/api/v1/offers", headers=probe, timeout=10).ok,
                seconds=60,
                interval=0.5,
            )
            urns = [900001 + rng.randrange(SCHOOLS) for _ in range(50)]
            measure(base, "/api/v1/schools", school_queries(rng)[:50])  # warm-up
            measure(base, "/api/v1/offers", offer_queries(rng, urns)[:50])
            results = {}
            for clients in sorted({1, CLIENTS}):
                say(f"searching through the gateway with {clients} concurrent client(s)")
                results[clients] = (
                    measure(base, "/api/v1/schools", school_queries(rng), clients),
                    measure(base, "/api/v1/offers", offer_queries(rng, urns), clients),
                )
        finally:
            stack.stop()
    print()
    print(f"GIAS import, {SCHOOLS} rows: {first:.1f} s (one process, progress bar included)")
    print(f"GIAS re-import, unchanged: {again:.1f} s")
    for clients, (schools, offers) in results.items():
        print(
            f"{clients} client(s), GET /api/v1/schools ({SCHOOLS} schools): {percentiles(schools)}"
        )
        print(
            f"{clients} client(s), GET /api/v1/offers ({OFFERS} offers):    {percentiles(offers)}"
        )
    print("(targets: import <= 20 s; search p95 <= 50 ms)")
    record(
        {
            "import_s": first,
            "reimport_s": again,
            "rows": SCHOOLS,
            "search_p95_ms": {
                str(clients): {"schools": p95_ms(schools), "offers": p95_ms(offers)}
                for clients, (schools, offers) in results.items()
            },
        }
    )


def p95_ms(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


if __name__ == "__main__":
    main()
