"""Booking benchmark (one command): ``.venv/bin/python bench/booking/bench_booking.py``.

Starts its own SecantusDB (standalone), a throwaway RabbitMQ vhost, the directory (whose
``sessions_revoked`` feed lets the gateway trust a current token without a call) and events
services and the gateway (as ``make run`` runs them), and the single-process Flask + pymongo
baseline (which checks only the token's signature). Every booking is made by a person of its
own, stored in the directory first (a token of version 0, as a sign-in would issue).

1. Burst: 500 concurrent attempts for 50 places through the gateway (500 keep-alive
   connections, one request each): exact counts (50 confirmed, 450 waitlisted) and latency
   percentiles (target p99 <= 1 s).
2. Throughput: the gateway (with booking events published) and the baseline book places on
   fresh events in alternation, several rounds each at the same concurrency; prints req/s per
   round and the median ratio gateway / baseline (target >= 0.8).

Both servers are warmed up first (connections, pools, caches), then the burst runs, then the
throughput rounds.

Options via environment: BENCH_ROUNDS (5), BENCH_REQUESTS (1500 per round), BENCH_CONNECTIONS
(16), GATEWAY_WORKERS (1), GATEWAY_THREADS (128), EVENTS_WORKERS (20), AMQP_URI (broker root).
"""

import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import requests
from pymongo import MongoClient

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(HERE))

from figures import record, store_share  # noqa: E402
from loadgen import post_many  # noqa: E402
from scale_out import scale_out  # noqa: E402
from stack import BIN, QUIET_EVENTLET, BenchStack  # noqa: E402

from gateway.serve import granian_argv  # noqa: E402
from support.waiting import free_port, wait_for_port  # noqa: E402

SECRET = "bench-secret-" + "x" * 40
DIRECTORY_DB = "bench_directory"
COORDINATOR = "bench-coordinator"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PER_ROUND = int(os.environ.get("BENCH_REQUESTS", "1500"))
SCALE_ROUNDS = int(os.environ.get("BENCH_SCALE_ROUNDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
BURSTS = int(os.environ.get("BENCH_BURSTS", "4"))


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


class Stack(BenchStack):
    def __init__(self):
        super().__init__("booking")
        self.gateway_port = free_port()
        self.baseline_port = free_port()

    def start(self) -> None:
        self.start_broker()
        self.start_database()
        env = {
            **os.environ,
            "AMQP_URI": self.amqp,
            "MONGO_URI": self.mongo,
            "EVENTS_DB": "bench_events",
            "DIRECTORY_DB": DIRECTORY_DB,
            "BASELINE_DB": "bench_baseline",
            "JWT_SECRET": SECRET,
            "EVENTS_WORKERS": os.environ.get("EVENTS_WORKERS", "20"),
            "PYTHONWARNINGS": QUIET_EVENTLET,
            "OPS_PORT": "0",  # no operations endpoint: a second events instance must not clash
        }
        self.env = env
        self.start_service("directory", env)
        self.start_service("events", env)
        self.start_gateway(self.gateway_port, env)
        # the baseline runs on the gateway's HTTP server (one process), so the ratio measures
        # what the split into gateway + RPC + service costs, not a choice of server
        baseline = granian_argv("127.0.0.1", self.baseline_port, 1, 16, access_log=False)
        baseline[0] = str(BIN / "granian")
        baseline[-1] = "baseline_app:app"
        self.spawn("baseline", baseline, {**env, "PYTHONPATH": str(HERE)})
        store_people(self.mongo, [COORDINATOR], roles=("coordinator",), school_urn=None)
        wait_for_port(self.gateway_port)
        wait_for_port(self.baseline_port)
        os.environ.update(
            {"MONGO_URI": self.mongo, "BASELINE_DB": "bench_baseline", "JWT_SECRET": SECRET}
        )


def store_people(mongo: str, ids: list[str], roles=("teacher",), school_urn=900001) -> None:
    """Accounts in the directory's store for ``ids`` (token version 0), written straight in."""
    with MongoClient(mongo) as client:
        client[DIRECTORY_DB]["people"].insert_many(
            [
                {
                    "_id": person_id,
                    "email": f"{person_id}@bench.test",
                    "name": person_id,
                    "roles": list(roles),
                    "school_urn": school_urn,
                    "token_version": 0,
                }
                for person_id in ids
            ]
        )


def token(person_id: str, roles=("teacher",), school_urn: int | None = 900001) -> str:
    """A token as the gateway issues it at sign-in (the account's version 0)."""
    now = datetime.now(UTC)
    claims = {
        "sub": person_id,
        "ver": 0,
        "roles": list(roles),
        "school_urn": school_urn,
        "email": f"{person_id}@bench.test",
        "name": person_id,
        "iat": now,
        "exp": now + timedelta(hours=2),
    }
    return jwt.encode(claims, SECRET, algorithm="HS256")


def coordinator_headers() -> dict:
    return {"Authorization": "Bearer " + token(COORDINATOR, ("coordinator",), None)}


def gateway_event(stack: Stack, capacity: int) -> str:
    start = datetime.now(UTC) + timedelta(days=30)
    body = {
        "title": f"Bench {uuid.uuid4().hex[:6]}",
        "kind": "course",
        "capacity": capacity,
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Bench hall",
            }
        ],
    }
    url = f"http://127.0.0.1:{stack.gateway_port}/api/v1/events"
    for _ in range(100):
        try:
            response = requests.post(url, json=body, headers=coordinator_headers(), timeout=10)
            if response.status_code == 201:
                return response.json()["id"]
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"could not create an event through the gateway: {response.text}")


def baseline_event(capacity: int) -> str:
    import baseline_app

    return baseline_app.setup(capacity)


def jobs_for(event_id: str, prefix: str, count: int, mongo: str | None = None) -> list:
    """``count`` bookings on the event, each by a person of its own (stored in the directory
    when ``mongo`` names the store: the gateway's persons; the baseline has none)."""
    ids = [f"{prefix}-{uuid.uuid4().hex[:6]}-{i}" for i in range(count)]
    if mongo:
        store_people(mongo, ids)
    path = f"/api/v1/events/{event_id}/bookings"
    return [(path, token(person_id), {}) for person_id in ids]


def statuses(result) -> dict:
    counts: dict = {}
    for body in result.bodies:
        key = body.get("status") or body.get("error", {}).get("code", "?")
        counts[key] = counts.get(key, 0) + 1
    return counts


def warm_up(stack: Stack) -> None:
    say("warming up both servers (600 bookings each) ...")
    for _ in range(2):
        post_many(
            "127.0.0.1",
            stack.gateway_port,
            jobs_for(gateway_event(stack, 150), uuid.uuid4().hex[:6], 300, stack.mongo),
            CONNECTIONS,
        )
        post_many(
            "127.0.0.1",
            stack.baseline_port,
            jobs_for(baseline_event(150), uuid.uuid4().hex[:6], 300),
            CONNECTIONS,
        )


def burst_once(stack: Stack, name: str) -> dict:
    """500 concurrent attempts for 50 places on ``name`` (gateway or baseline): the responses'
    and the stored counts, and the latency percentiles in ms."""
    if name == "gateway":
        event_id, port = gateway_event(stack, 50), stack.gateway_port
        jobs = jobs_for(event_id, "burst", 500, stack.mongo)
    else:
        event_id, port = baseline_event(50), stack.baseline_port
        jobs = jobs_for(event_id, "burst", 500)
    result = post_many("127.0.0.1", port, jobs, 500)
    counts = statuses(result)
    stored = stored_counts(stack, name, event_id)
    figures = {
        "confirmed": counts.get("confirmed", 0),
        "waitlisted": counts.get("waitlisted", 0),
        "stored_confirmed": stored[0],
        "stored_waitlisted": stored[1],
        "http": {str(k): v for k, v in result.statuses.items()},
        **{f"p{p}_ms": result.percentile(p) * 1000 for p in (50, 95, 99)},
        "max_ms": max(result.latencies) * 1000,
    }
    figures["exact"] = (figures["confirmed"], figures["waitlisted"]) == (50, 450) and stored == (
        50,
        450,
    )
    say(
        f"burst {name:8}: responses {counts}, stored {stored[0]}/{stored[1]}; p50 "
        f"{figures['p50_ms']:.0f} p95 {figures['p95_ms']:.0f} p99 {figures['p99_ms']:.0f} max "
        f"{figures['max_ms']:.0f} ms; exact {'yes' if figures['exact'] else 'NO'}"
    )
    return figures


def stored_counts(stack: Stack, name: str, event_id: str) -> tuple[int, int]:
    """The event's confirmed and waitlisted counts as its side stored them."""
    if name == "baseline":
        import baseline_app

        event = baseline_app.db.events.find_one({"_id": event_id})
        return event["confirmed_count"], event["waitlist_count"]
    shown = requests.get(
        f"http://127.0.0.1:{stack.gateway_port}/api/v1/events/{event_id}",
        headers=coordinator_headers(),
        timeout=10,
    ).json()
    return shown["confirmed_count"], shown["waitlist_count"]


def burst(stack: Stack) -> dict:
    """``BURSTS`` bursts on each side in alternation (gateway first, then baseline first): the
    gateway's p99 beside the baseline's (target: at most 0.8x), exact counts on both."""
    runs: dict[str, list[dict]] = {"gateway": [], "baseline": []}
    say(f"burst: 500 concurrent attempts for 50 places, {BURSTS} on each side in alternation")
    for n in range(BURSTS):
        for name in ("gateway", "baseline") if n % 2 == 0 else ("baseline", "gateway"):
            runs[name].append(burst_once(stack, name))
    p99 = {name: statistics.median(r["p99_ms"] for r in runs[name]) for name in runs}
    ratio = p99["gateway"] / p99["baseline"]
    say(
        f"burst: p99 median gateway {p99['gateway']:.0f} ms, baseline {p99['baseline']:.0f} ms, "
        f"ratio {ratio:.2f} (target <= 0.8; gateway p99 <= 1 s)"
    )
    return {**runs, "p99_median_ms": p99, "p99_ratio": ratio}


def cpu_per_booking(before: dict, after: dict, bookings: int) -> str:
    """Each process's CPU time over a round, in ms per booking (RabbitMQ counts every vhost)."""
    spent = {name: (after[name] - before.get(name, 0.0)) * 1000 / bookings for name in after}
    shown = [f"{name} {ms:.2f}" for name, ms in spent.items() if ms >= 0.005]
    return ", ".join(shown) + f"; total {sum(spent.values()):.2f}"


def throughput(stack: Stack) -> dict:
    gateway_rates, baseline_rates = [], []
    cpu_before, began = stack.cpu_seconds(), time.perf_counter()
    for round_no in range(1, ROUNDS + 1):
        for name in ("gateway", "baseline") if round_no % 2 else ("baseline", "gateway"):
            capacity = PER_ROUND // 2
            if name == "gateway":
                event_id, port = gateway_event(stack, capacity), stack.gateway_port
            else:
                event_id, port = baseline_event(capacity), stack.baseline_port
            mongo = stack.mongo if name == "gateway" else None
            jobs = jobs_for(event_id, f"{name}-{round_no}", PER_ROUND, mongo)
            before = stack.cpu_seconds()
            result = post_many("127.0.0.1", port, jobs, CONNECTIONS)
            spent = cpu_per_booking(before, stack.cpu_seconds(), PER_ROUND)
            ok = result.statuses.get(201, 0)
            (gateway_rates if name == "gateway" else baseline_rates).append(result.rate)
            say(
                f"round {round_no} {name:8}: {result.rate:6.0f} req/s  ({ok}/{PER_ROUND} "
                f"created, {statuses(result)}) p50={result.percentile(50) * 1000:.0f} ms "
                f"p99={result.percentile(99) * 1000:.0f} ms\n          CPU ms per booking: {spent}"
            )
    ratios = [g / b for g, b in zip(gateway_rates, baseline_rates, strict=True)]
    gateway, baseline = statistics.median(gateway_rates), statistics.median(baseline_rates)
    ratio = statistics.median(ratios)
    say(
        f"throughput: gateway median {gateway:.0f} req/s, baseline median {baseline:.0f} req/s, "
        f"ratio (median of rounds) {ratio:.2f} (target >= 0.8)"
    )
    cpu_after, bookings = stack.cpu_seconds(), 2 * ROUNDS * PER_ROUND
    return {
        "gateway_rps": gateway_rates,
        "baseline_rps": baseline_rates,
        "ratios": ratios,
        "gateway_rps_median": gateway,
        "baseline_rps_median": baseline,
        "ratio_median": ratio,
        "store_cpu_ms_per_booking": (cpu_after["secantusdb"] - cpu_before["secantusdb"])
        * 1000
        / bookings,
        "store_cpu_share": store_share(cpu_before, cpu_after, time.perf_counter() - began),
    }


def book_round(stack: Stack, label: str) -> dict:
    """One round of ``PER_ROUND`` bookings through the gateway on a fresh event with half as many
    places: req/s, the responses' counts and the event's stored counts."""
    event_id = gateway_event(stack, PER_ROUND // 2)
    jobs = jobs_for(event_id, label, PER_ROUND, stack.mongo)
    result = post_many("127.0.0.1", stack.gateway_port, jobs, CONNECTIONS)
    counts = statuses(result)
    confirmed, waitlisted = stored_counts(stack, "gateway", event_id)
    return {
        "rps": result.rate,
        "total": PER_ROUND,
        "created": result.statuses.get(201, 0),
        "confirmed": counts.get("confirmed", 0),
        "waitlisted": counts.get("waitlisted", 0),
        "stored_confirmed": confirmed,
        "stored_waitlisted": waitlisted,
        "p99_ms": result.percentile(99) * 1000,
    }


def leftover_notes(client: MongoClient) -> int:
    """New bookings' 'not yet announced' notes still on the events' places a second after the
    load: none, when every booking event was published and its note dropped."""
    time.sleep(1)
    places = client["bench_events"]["places"]
    left = sum(len(doc.get("unannounced") or []) for doc in places.find({}, {"unannounced": 1}))
    say(f"notes of unannounced bookings left after the load: {left} (expected 0)")
    return left


def main() -> int:
    stack = Stack()
    say(
        f"starting SecantusDB :{stack.mongo_port}, vhost {stack.vhost}, events service, "
        f"gateway :{stack.gateway_port}, baseline :{stack.baseline_port} (logs in var/bench/)"
    )
    try:
        stack.start()
        client = MongoClient(stack.mongo)
        client.admin.command("ping")
        warm_up(stack)
        figures = {"burst": burst(stack), "throughput": throughput(stack)}
        figures["unannounced_left"] = leftover_notes(client)
        if SCALE_ROUNDS:
            figures["scale_out"] = scale_out(stack, SCALE_ROUNDS, book_round, say)
    finally:
        stack.stop()
    record(figures)
    shown = figures["burst"]
    ratio = figures["throughput"]["ratio_median"]
    exact = all(r["exact"] for side in ("gateway", "baseline") for r in shown[side])
    say(
        f"summary: burst exact {'yes' if exact else 'NO'}, p99 ratio {shown['p99_ratio']:.2f} "
        f"(target <= 0.8); throughput ratio {ratio:.2f} {'PASS' if ratio >= 0.8 else 'MISS'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
