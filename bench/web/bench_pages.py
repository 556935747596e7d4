"""Page benchmark (one command): ``.venv/bin/python bench/web/bench_pages.py``.

Starts its own SecantusDB (standalone), a throwaway RabbitMQ vhost, the three services and the
gateway, seeds the demo partnership, and gives the demo teacher bookings on several events. Then
``BENCH_USERS`` concurrent users each fetch, in alternation, a page and the JSON API call(s)
that page wraps (the page signed in by its session cookie, the API by a bearer token), for
``BENCH_ROUNDS`` rounds. Prints per page its p95 beside the p95 of its API calls (a sequence of
calls timed together, as a client would make them) and the ratio (target: a page at most 1.5x
its API calls).

Pages measured: home, the events calendar, an event, my bookings, the school directory (a search
by name, by phase, and page 2 of a broad search) with the 25,000-school GIAS data set imported
once before the services start (``directory_data``), and the support directory by area with
``BENCH_OFFERS`` offers made through the API. With few rows (the teacher holding one booking,
only the demo's offers) and again with many (twelve bookings, those offers), it counts the RPCs
the gateway makes for one fetch of each page (``rpc_count``) beside the rows the page shows, and
says whether any page's count grew. A reference loop before each round and the CPU share of
each process during the rounds show the machine's phase.

Options via environment: BENCH_USERS (8), BENCH_ROUNDS (3), BENCH_PER_ROUND (40 fetches of
each page and of its API calls per user per round), BENCH_SCHOOLS (25000), BENCH_OFFERS (300),
AMQP_URI (broker root), BENCH_PROFILE (a page's path: profile 200 fetches of it in-process
before the rounds).
"""

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from directory_data import add_offers, load_schools  # noqa: E402
from figures import record, store_share  # noqa: E402
from phase import reference_loop_ms  # noqa: E402
from rpc_count import RpcCounter, csrf_token  # noqa: E402
from stack import BIN, QUIET_EVENTLET, BenchStack  # noqa: E402

from support.waiting import eventually, free_port  # noqa: E402

SECRET = "bench-secret-" + "x" * 40
USERS = int(os.environ.get("BENCH_USERS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PER_ROUND = int(os.environ.get("BENCH_PER_ROUND", "40"))
SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", "25000"))
OFFERS = int(os.environ.get("BENCH_OFFERS", "300"))
PROFILE = os.environ.get("BENCH_PROFILE", "")
COURSES = 12
TEACHER = "teacher@northshore.demo.partnership.test"
COORDINATOR = "coordinator@demo.partnership.test"
PASSWORD = "demo-password"


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Stack(BenchStack):
    def __init__(self):
        super().__init__("pages", logs=ROOT / "var" / "bench" / "pages")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "AMQP_URI": self.amqp,
            "MONGO_URI": self.mongo,
            "DIRECTORY_DB": "bench_pages_directory",
            "EVENTS_DB": "bench_pages_events",
            "NOTIFICATIONS_DB": "bench_pages_notifications",
            "JWT_SECRET": SECRET,
            "DEMO_PASSWORD": PASSWORD,
            "SIGNIN_ADDRESS_FAILURES": "1000000",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(free_port()),  # nothing listens: email is retried later, unmeasured
            "PYTHONWARNINGS": QUIET_EVENTLET,
        }

    def start(self) -> None:
        self.start_broker()
        self.start_database()
        for service in ("directory", "events"):
            subprocess.run(
                [str(BIN / service), "seed-demo"],
                cwd=ROOT,
                env=self.env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        load_schools(BIN / "directory", self.env, self.env["DIRECTORY_DB"], SCHOOLS, say)
        # every service /health asks after (community too), else it answers 503
        for service in ("notifications", "directory", "events", "community"):
            self.start_service(service, self.env)
        self.start_gateway(self.port, self.env)
        eventually(self._healthy, seconds=60, interval=0.3)

    def _healthy(self) -> bool:
        try:
            return requests.get(self.url + "/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False


def api_session(url: str, email: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(
        url + "/api/v1/auth/token", json={"email": email, "password": PASSWORD}, timeout=30
    )
    answer.raise_for_status()
    session.headers["Authorization"] = "Bearer " + answer.json()["access_token"]
    return session


def page_session(url: str, email: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token(session.get(url + "/sign-in", timeout=30).text)
    signed = session.post(
        url + "/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        timeout=30,
        allow_redirects=False,
    )
    if signed.status_code != 302:
        raise SystemExit(f"page sign-in failed: HTTP {signed.status_code}")
    return session


def create_courses(coordinator: requests.Session, url: str, numbers: range) -> list[str]:
    """One-session courses the coordinator creates, course ``n`` ten days and ``n`` ahead."""
    ids = []
    for n in numbers:
        start = datetime.now(UTC) + timedelta(days=10 + n)
        body = {
            "title": f"Bench course {n}",
            "kind": "course",
            "capacity": 30,
            "sessions": [
                {
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=2)).isoformat(),
                    "venue": "Bench hall",
                }
            ],
        }
        made = coordinator.post(url + "/api/v1/events", json=body, timeout=30)
        made.raise_for_status()
        ids.append(made.json()["id"])
    return ids


def book(teacher: requests.Session, url: str, event_ids: list[str]) -> None:
    for event_id in event_ids:
        teacher.post(url + f"/api/v1/events/{event_id}/bookings", json={}, timeout=30)


def pages(event_id: str, event_ids: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Each page and the API calls that give what it shows."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    by_id = "&".join(f"ids={i}" for i in event_ids)
    schools = {
        "schools by name": "q=Tideway+15",
        "schools by phase": "phase=Secondary",
        "schools page 2": "q=Primary&page=2",
    }
    return {
        "home": (
            "/home",
            [
                "/api/v1/me/bookings?per_page=100",
                f"/api/v1/events?{by_id}&per_page=100",
                "/api/v1/me/approvals?per_page=20",
                "/api/v1/me/notifications/unread-count",
            ],
        ),
        "events calendar": ("/events", [f"/api/v1/events?from={now}&per_page=200"]),
        "an event": (
            f"/events/{event_id}",
            [f"/api/v1/events/{event_id}", "/api/v1/me/bookings?per_page=100"],
        ),
        "my bookings": (
            "/bookings",
            ["/api/v1/me/bookings?per_page=100", f"/api/v1/events?{by_id}&per_page=100"],
        ),
        **{
            name: (f"/schools?{query}", [f"/api/v1/schools?{query}&per_page=20"])
            for name, query in schools.items()
        },
        "support by area": ("/support?area=maths", ["/api/v1/offers?area=maths&per_page=20"]),
    }


def counted(measured: dict) -> dict:
    """The pages whose RPCs are counted: those measured and a school search with one match."""
    narrow = "q=Tideway+1999"  # one school of the 25k
    return {
        **measured,
        "schools, one match": (f"/schools?{narrow}", [f"/api/v1/schools?{narrow}&per_page=20"]),
    }


def timed(session: requests.Session, url: str, paths: list[str]) -> float:
    began = time.perf_counter()
    for path in paths:
        response = session.get(url + path, timeout=60)
        if response.status_code != 200:
            raise SystemExit(f"GET {path}: HTTP {response.status_code} {response.text[:200]}")
    return (time.perf_counter() - began) * 1000


def measure(stack: Stack, users: list, measured: dict) -> tuple[dict, dict, dict]:
    """``ROUNDS`` rounds of every user fetching each page and its API calls in alternation:
    the latencies in ms by page, and the machine's phase (reference loop, CPU per process)."""
    page_ms = {name: [] for name in measured}
    api_ms = {name: [] for name in measured}

    def user(index: int, round_no: int) -> None:
        page, api = users[index]
        for n in range(PER_ROUND):
            for name, (page_path, api_paths) in measured.items():
                # alternate which goes first, so neither always meets a warmer server
                if (n + index + round_no) % 2:
                    page_ms[name].append(timed(page, stack.url, [page_path]))
                    api_ms[name].append(timed(api, stack.url, api_paths))
                else:
                    api_ms[name].append(timed(api, stack.url, api_paths))
                    page_ms[name].append(timed(page, stack.url, [page_path]))

    cpu_before, wall, references = stack.cpu_seconds(), 0.0, []
    for round_no in range(1, ROUNDS + 1):
        reference = reference_loop_ms()
        references.append(reference)
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=USERS) as pool:
            list(pool.map(lambda i, r=round_no: user(i, r), range(USERS)))
        took = time.perf_counter() - began
        wall += took
        say(f"round {round_no}: {took:.1f} s (reference loop {reference:.0f} ms)")
    used = stack.cpu_seconds()
    shares = ", ".join(
        f"{name} {100 * (used[name] - cpu_before.get(name, 0.0)) / wall:.0f}%"
        for name in sorted(used, key=lambda n: cpu_before.get(n, 0.0) - used[n])
    )
    say(f"CPU during the rounds, share of one core: {shares}")
    phase = {"reference_ms": references, "store_cpu_share": store_share(cpu_before, used, wall)}
    return page_ms, api_ms, phase


def main() -> int:
    stack = Stack()
    say(f"starting SecantusDB :{stack.mongo_port}, vhost {stack.vhost}, services, gateway")
    try:
        stack.start()
        coordinator, teacher = api_session(stack.url, COORDINATOR), api_session(stack.url, TEACHER)
        event_ids = create_courses(coordinator, stack.url, range(1))
        book(teacher, stack.url, event_ids)  # few rows: one course, the demo's offers
        counter = RpcCounter(stack.env, TEACHER, PASSWORD)
        before = counter.survey(teacher, stack.url, counted(pages(event_ids[0], event_ids)))
        more = create_courses(coordinator, stack.url, range(1, COURSES))
        say(f"{len(more)} more courses booked by the teacher; {OFFERS} offers by the coordinator")
        book(teacher, stack.url, more)
        add_offers(coordinator, stack.url, OFFERS)
        event_ids += more
        measured = pages(event_ids[0], event_ids)
        counter.report(before, counter.survey(teacher, stack.url, counted(measured)), say)
        if PROFILE:
            counter.profile(PROFILE, 200, say)
        users = [(page_session(stack.url, TEACHER), teacher)]
        users += [users[0]] * (USERS - 1)  # one teacher, many tabs: same data for every user
        say(f"{USERS} concurrent users; warming up ...")
        for page_path, api_paths in measured.values():
            timed(users[0][0], stack.url, [page_path])
            timed(users[0][1], stack.url, api_paths)
        page_ms, api_ms, phase = measure(stack, users, measured)
        say("p95 in ms, page beside the API call(s) it wraps (target: page <= 1.5x API):")
        for name in measured:
            page95, api95 = percentile(page_ms[name], 95), percentile(api_ms[name], 95)
            say(
                f"  {name:16} page p95 {page95:7.1f}   API p95 {api95:7.1f}   "
                f"ratio {page95 / api95:4.2f}  (page p50 {percentile(page_ms[name], 50):.1f}, "
                f"API p50 {percentile(api_ms[name], 50):.1f}; n={len(page_ms[name])})"
            )
    finally:
        stack.stop()
    p95 = {name: [percentile(page_ms[name], 95), percentile(api_ms[name], 95)] for name in measured}
    record({"page_api_p95_ms": p95, "fetches": len(next(iter(page_ms.values()))), **phase})
    return 0


if __name__ == "__main__":
    sys.exit(main())
