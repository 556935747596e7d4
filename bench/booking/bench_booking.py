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

from loadgen import post_many  # noqa: E402
from stack import BIN, QUIET_EVENTLET, BenchStack  # noqa: E402

from gateway.serve import granian_argv  # noqa: E402
from support.waiting import free_port, wait_for_port  # noqa: E402

SECRET = "bench-secret-" + "x" * 40
DIRECTORY_DB = "bench_directory"
COORDINATOR = "bench-coordinator"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PER_ROUND = int(os.environ.get("BENCH_REQUESTS", "1500"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


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
        }
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


def burst(stack: Stack) -> bool:
    event_id = gateway_event(stack, 50)
    jobs = jobs_for(event_id, "burst", 500, stack.mongo)
    say("burst: 500 concurrent booking attempts for 50 places through the gateway ...")
    result = post_many("127.0.0.1", stack.gateway_port, jobs, 500)
    counts = statuses(result)
    shown = requests.get(
        f"http://127.0.0.1:{stack.gateway_port}/api/v1/events/{event_id}",
        headers=coordinator_headers(),
        timeout=10,
    ).json()
    exact = counts.get("confirmed") == 50 and counts.get("waitlisted") == 450
    stored = (shown["confirmed_count"], shown["waitlist_count"]) == (50, 450)
    say(
        f"burst: responses {counts}, HTTP {result.statuses}; event shows "
        f"confirmed={shown['confirmed_count']} waitlisted={shown['waitlist_count']}"
    )
    say(
        f"burst: {result.elapsed:.2f} s total; latency p50={result.percentile(50) * 1000:.0f} ms "
        f"p95={result.percentile(95) * 1000:.0f} ms p99={result.percentile(99) * 1000:.0f} ms "
        f"max={max(result.latencies) * 1000:.0f} ms"
    )
    verdict = exact and stored and result.percentile(99) <= 1.0
    say(
        f"burst: exact counts {'yes' if exact and stored else 'NO'}; p99 <= 1 s "
        f"{'yes' if result.percentile(99) <= 1.0 else 'NO'}"
    )
    return verdict


def cpu_per_booking(before: dict, after: dict, bookings: int) -> str:
    """Each process's CPU time over a round, in ms per booking (RabbitMQ counts every vhost)."""
    spent = {name: (after[name] - before.get(name, 0.0)) * 1000 / bookings for name in after}
    shown = [f"{name} {ms:.2f}" for name, ms in spent.items() if ms >= 0.005]
    return ", ".join(shown) + f"; total {sum(spent.values()):.2f}"


def throughput(stack: Stack) -> float:
    gateway_rates, baseline_rates = [], []
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
    return ratio


def leftover_notes(client: MongoClient) -> None:
    """New bookings' 'not yet announced' notes still on the events' places a second after the
    load: none, when every booking event was published and its note dropped."""
    time.sleep(1)
    places = client["bench_events"]["places"]
    left = sum(len(doc.get("unannounced") or []) for doc in places.find({}, {"unannounced": 1}))
    say(f"notes of unannounced bookings left after the load: {left} (expected 0)")


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
        burst_ok = burst(stack)
        ratio = throughput(stack)
        leftover_notes(client)
    finally:
        stack.stop()
    say(
        f"summary: burst {'PASS' if burst_ok else 'MISS'}; ratio {ratio:.2f} "
        f"{'PASS' if ratio >= 0.8 else 'MISS'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
