"""Notifications benchmark: ``.venv/bin/python bench/notifications/booking_to_inbox.py``.

Booking -> inbox entry visible through the gateway, at a steady 50 bookings/s, timed from the start
of each booking request, with the notification's templates rendered and its email (text, HTML and
iCal invite) sent to a real SMTP server on loopback.

Starts its own SecantusDB (standalone, in memory), a throwaway RabbitMQ vhost, the mail catcher,
the directory, events and notifications services and the gateway (as ``make run`` runs them).
Registers people in the directory (so each has an email address), creates events, then each
person books through ``POST /api/v1/events/{id}/bookings`` with their own token and asks
``GET /api/v1/me/notifications?wait=2.5&after=<request start>`` on the same keep-alive connection
(long polling: the gateway answers as soon as the notifications service announces the new entry;
INBOX_FEED=0 makes it ask the notifications service instead) until the entry for that booking
(``ref`` = booking id) is in it; BENCH_LONG_POLL=0 polls every BENCH_POLL_MS instead. Prints
percentiles of:

- booking response (the POST alone),
- inbox entry visible through the gateway (the figure with the p95 <= 50 ms target),
- inbox entry written (its ``created_at`` in the store, minus the request start),
- email received by the SMTP server (the catcher's file time, minus the request start).

Environment: BENCH_RATE (50 bookings/s), BENCH_SECONDS (20), BENCH_PEOPLE (100), BENCH_POLL_MS
(5), BENCH_WATCH (1; 0: no polling, server-side figures only), GATEWAY_WORKERS (1),
GATEWAY_THREADS (128, also the RPC pool size),
NOTIFICATIONS_WORKERS (20), AMQP_URI (broker root), BENCH_TIMELINE (1: the figures second by
second, to tell steady latency from stalls).
"""

import asyncio
import math
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import jwt
import requests
from nameko.standalone.rpc import ClusterRpcProxy
from pymongo import MongoClient
from rich.progress import Progress

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(HERE))

from figures import record, store_share  # noqa: E402
from rawhttp import Connection  # noqa: E402
from stack import QUIET_EVENTLET, BenchStack, process_cpu_seconds  # noqa: E402

from support.mailbox import Mailbox  # noqa: E402
from support.waiting import free_port  # noqa: E402

SECRET = "bench-notifications-" + "x" * 40
RATE = float(os.environ.get("BENCH_RATE", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100"))
POLL = float(os.environ.get("BENCH_POLL_MS", "5")) / 1000
WARMUP = 50
WATCH = os.environ.get("BENCH_WATCH", "1") != "0"  # 0: do not poll (server-side figures only)
LONG_POLL = os.environ.get("BENCH_LONG_POLL", "1") != "0"  # 0: poll every BENCH_POLL_MS instead


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


class Stack(BenchStack):
    """Every process the measured path crosses, on a vhost and a database server of its own."""

    def __init__(self):
        super().__init__("notifications", logs=ROOT / "var" / "bench" / "notifications")
        self.port = free_port()
        self.mailbox = Mailbox(self.logs / f"mail-{uuid.uuid4().hex[:6]}")

    def start(self) -> None:
        self.start_broker()
        self.start_database()
        self.mailbox.start()
        env = {
            **os.environ,
            "AMQP_URI": self.amqp,
            "MONGO_URI": self.mongo,
            "DIRECTORY_DB": "bench_directory",
            "EVENTS_DB": "bench_events",
            "NOTIFICATIONS_DB": "bench_notifications",
            "SMTP_HOST": self.mailbox.host,
            "SMTP_PORT": str(self.mailbox.port),
            "JWT_SECRET": SECRET,
            "NOTIFICATIONS_WORKERS": os.environ.get("NOTIFICATIONS_WORKERS", "20"),
            "EVENTS_WORKERS": os.environ.get("EVENTS_WORKERS", "20"),
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": QUIET_EVENTLET,
        }
        # every service /health asks after (community too), else it answers 503
        for service in ("notifications", "directory", "events", "community"):
            self.start_service(service, env)
        self.start_gateway(self.port, env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/health", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise SystemExit("the platform did not become healthy (see var/bench/notifications/)")

    def stop(self) -> None:
        super().stop()
        self.mailbox.stop()

    def cpu_seconds(self) -> dict[str, float]:
        """Each measured process's CPU time, then the SMTP server's and the load generator's
        (they share the 2 cores with the platform)."""
        used = super().cpu_seconds()
        used["smtp server"] = process_cpu_seconds(self.mailbox.process.pid)
        used["load generator"] = time.process_time()
        return used


def token(person: dict, roles=("teacher",)) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": person["id"],
        "ver": 0,  # a stored person's first token (as a sign-in issues it)
        "email": person["email"],
        "name": person["name"],
        "roles": list(roles),
        "school_urn": person.get("school_urn"),
        "iat": now,
        "exp": now + timedelta(hours=2),
    }
    return jwt.encode(claims, SECRET, algorithm="HS256")


def setup(stack: Stack, bookings: int):
    """People in the directory (with emails) and enough events for each to book once per event."""
    tag = uuid.uuid4().hex[:6]
    with ClusterRpcProxy({"AMQP_URI": stack.amqp}, timeout=30) as rpc:
        people = [
            rpc.directory.register_person(
                {"email": f"bench{i}-{tag}@bench.test", "name": f"Bench Person {i}"},
                caller={"id": "bench", "roles": ["coordinator"]},
            )
            for i in range(PEOPLE)
        ]
        # the gateway accepts tokens of stored people only: the organiser is one too
        organiser = token(
            rpc.directory.register_person(
                {
                    "email": f"organiser-{tag}@bench.test",
                    "name": "Bench Organiser",
                    "roles": ["coordinator"],
                },
                caller={"id": "bench", "roles": ["coordinator"]},
            ),
            ["coordinator"],
        )
    start = datetime.now(UTC).replace(hour=14, minute=0, second=0, microsecond=0)
    events = []
    for j in range(math.ceil(bookings / PEOPLE)):
        body = {
            "title": f"Bench course {j} {tag}",
            "kind": "course",
            "capacity": PEOPLE,
            "sessions": [
                {
                    "starts_at": (start + timedelta(days=10 + j)).isoformat(),
                    "ends_at": (start + timedelta(days=10 + j, hours=2)).isoformat(),
                    "venue": "Bench hall",
                }
            ],
        }
        response = requests.post(
            f"http://127.0.0.1:{stack.port}/api/v1/events",
            json=body,
            headers={"Authorization": f"Bearer {organiser}"},
            timeout=30,
        )
        response.raise_for_status()
        events.append(response.json())
    return people, events


async def book_and_watch(port: int, person: dict, tok: str, event: dict, result: dict) -> None:
    """One booking, then poll the person's inbox until its entry is there."""
    conn = await Connection("127.0.0.1", port, tok).open()
    try:
        wall, started = time.time(), time.perf_counter()
        status, booking = await conn.request("POST", f"/api/v1/events/{event['id']}/bookings", {})
        booked = time.perf_counter()
        result.update(wall=wall, booked=booked - started, status=status)
        if status != 201:
            result["error"] = booking
            return
        result["booking_id"] = booking["id"]
        if not WATCH:
            result["visible"] = float("nan")
            return
        after = datetime.fromtimestamp(wall - 0.001, UTC).isoformat()
        while time.perf_counter() - started < 30:
            if LONG_POLL:  # the server answers as soon as an entry newer than ``after`` is stored
                path = f"/api/v1/me/notifications?per_page=5&wait=2.5&after={quote(after)}"
            else:
                path = "/api/v1/me/notifications?per_page=5"
            status, page = await conn.request("GET", path)
            if status != 200:
                result["error"] = f"inbox answered {status}: {page}"
                return
            if any(item.get("ref") == booking["id"] for item in page["items"]):
                result["visible"] = time.perf_counter() - started
                return
            if LONG_POLL and page["items"]:
                after = max(item["created_at"] for item in page["items"])
            else:  # (a long poll answered empty at once when the server has no waiter free)
                await asyncio.sleep(POLL)
        result["error"] = "inbox entry not visible within 30 s"
    finally:
        await conn.close()


async def run_load(port: int, plan: list, rate: float, label: str) -> list[dict]:
    results = [dict() for _ in plan]
    t0 = time.perf_counter()
    tasks = []
    with Progress(transient=True) as progress:
        bar = progress.add_task(label, total=len(plan))
        for k, (person, tok, event) in enumerate(plan):
            delay = t0 + k / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(book_and_watch(port, person, tok, event, results[k]))
            task.add_done_callback(lambda _: progress.advance(bar))
            tasks.append(task)
        await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    say(f"{label}: {len(plan)} bookings in {elapsed:.1f} s ({len(plan) / elapsed:.1f}/s offered)")
    return results


def percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    ordered = sorted(values)

    def at(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    return (
        f"p50 {at(50):6.1f}  p95 {at(95):6.1f}  p99 {at(99):6.1f}  max {ordered[-1] * 1000:6.1f} ms"
        f"  (n={len(ordered)})"
    )


def main() -> int:
    total = int(RATE * SECONDS)
    stack = Stack()
    say(f"starting the platform (vhost {stack.vhost}) ...")
    try:
        stack.start()
        stack.watch_slow_operations(["bench_directory", "bench_events", "bench_notifications"])
        people, events = setup(stack, total + WARMUP)
        say(f"{len(people)} people, {len(events)} events; warming up with {WARMUP} bookings")
        tokens = {p["id"]: token(p) for p in people}
        plan = [
            (people[k % PEOPLE], tokens[people[k % PEOPLE]["id"]], events[k // PEOPLE])
            for k in range(total + WARMUP)
        ]
        asyncio.run(run_load(stack.port, plan[:WARMUP], RATE, "warm-up"))
        before, started = stack.cpu_seconds(), time.perf_counter()
        results = asyncio.run(run_load(stack.port, plan[WARMUP:], RATE, f"{RATE:.0f} bookings/s"))
        after, elapsed = stack.cpu_seconds(), time.perf_counter() - started
        used = {name: after[name] - before[name] for name in after}
        say(
            "CPU used while measuring (share of one core): "
            + ", ".join(f"{name} {seconds / elapsed:.0%}" for name, seconds in used.items())
        )
        measured = plan[WARMUP:]
        time.sleep(3)  # let the last emails land
        figures = report(stack, measured, results)
        figures["store_cpu_share"] = store_share(before, after, elapsed)
        stack.report_slow_operations()
    finally:
        stack.stop()
    record(figures)
    return 0


def pct_ms(values: list[float], p: float) -> float | None:
    """The ``p``th percentile of ``values`` (seconds) in ms; None without samples."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def report(stack: Stack, plan: list, results: list[dict]) -> dict:
    errors = [r for r in results if "error" in r]
    ok = [r for r in results if "visible" in r]
    by_booking = {r["booking_id"]: r for r in ok}
    with MongoClient(stack.mongo) as client:
        inbox = client["bench_notifications"]["inbox"]
        written = []
        for doc in inbox.find({"ref": {"$in": list(by_booking)}}, {"ref": 1, "created_at": 1}):
            created = doc["created_at"].replace(tzinfo=UTC).timestamp()
            written.append(created - by_booking[doc["ref"]]["wall"])
    emailed = []
    wanted = {}
    for (person, _, event), r in zip(plan, results, strict=True):
        if "visible" in r:
            wanted[(person["email"].lower(), f"Booking confirmed: {event['title']}")] = r
    for path in sorted(stack.mailbox.maildir.glob("*.eml")):
        arrived = int(path.name.split("-", 1)[0]) / 1e9
        with open(path, "rb") as handle:
            head = handle.read(4096).decode(errors="replace")
        to = subject = ""
        for line in head.splitlines():
            if line.lower().startswith("to:"):
                to = line[3:].strip().lower()
            elif line.lower().startswith("subject:"):
                subject = line[8:].strip()
        r = wanted.get((to, subject))
        if r is not None:
            emailed.append(arrived - r["wall"])
    say(f"bookings: {len(results)}, inbox entries seen: {len(ok)}, errors: {len(errors)}")
    for r in errors[:5]:
        say(f"  error: {r.get('status')} {r.get('error')}")
    say(
        "booking response (POST only)      "
        + percentiles([r["booked"] for r in results if "booked" in r])
    )
    if WATCH:
        say("inbox visible through the gateway " + percentiles([r["visible"] for r in ok]))
    say("inbox entry written (store time)  " + percentiles(written))
    say("email received by SMTP server     " + percentiles(emailed))
    if os.environ.get("BENCH_TIMELINE") == "1" and ok:
        first = min(r["wall"] for r in ok)
        seconds: dict[int, list[float]] = {}
        for r in ok:
            seconds.setdefault(int(r["wall"] - first), []).append(r["visible"] * 1000)
        say("per second of the run, inbox visible p50/max (ms):")
        for second, values in sorted(seconds.items()):
            values.sort()
            say(f"  {second:3d}s  {values[len(values) // 2]:7.1f}  {values[-1]:7.1f}")
    how = "long polling" if LONG_POLL else f"polling every {POLL * 1000:.0f} ms"
    say(f"emails matched: {len(emailed)} of {len(ok)}; inbox watched by {how}")
    visible = [r["visible"] for r in ok]
    return {
        "bookings": len(results),
        "entries_seen": len(ok),
        "errors": len(errors),
        "emails": len(emailed),
        "rate": RATE,
        **{f"visible_p{p}_ms": pct_ms(visible, p) for p in (50, 95, 99)},
        "email_p95_ms": pct_ms(emailed, 95),
    }


if __name__ == "__main__":
    sys.exit(main())
