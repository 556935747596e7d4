"""Sign-in benchmark (one command): ``.venv/bin/python bench/auth/bench_sign_in.py``.

Starts its own SecantusDB (standalone), a throwaway RabbitMQ vhost, the directory service and
the gateway, stores ``BENCH_ACCOUNTS`` accounts, then signs in over HTTP in alternating rounds
of four kinds, one request at a time:

- ``right``: the right password (a token is issued);
- ``wrong``: a wrong password for a known account, before it is throttled;
- ``unknown``: an address nobody has (checked against a dummy hash);
- ``throttled``: an account past its free failures (429 with Retry-After, no hash checked).

Prints each kind's p50/p95 per round and overall, the ratio unknown / wrong (1.0: an unknown
address cannot be told from a known one by its time) and what a throttled attempt costs against
a checked one. A reference loop (pure Python, timed before each round) shows the machine's phase.

Options via environment: BENCH_ROUNDS (4), BENCH_PER_KIND (25 per round), AMQP_URI.
"""

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import requests
from pymongo import MongoClient

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from figures import record  # noqa: E402
from phase import reference_loop_ms  # noqa: E402
from stack import QUIET_EVENTLET, BenchStack  # noqa: E402

from directory.passwords import hash_password  # noqa: E402
from support.waiting import free_port, wait_for_port  # noqa: E402

SECRET = "bench-secret-" + "x" * 40
DB = "bench_signin"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
PER_KIND = int(os.environ.get("BENCH_PER_KIND", "25"))
PASSWORD = "bench-password-1"
FREE_FAILURES = 5  # the directory's default SIGNIN_ACCOUNT_FAILURES


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


class Stack(BenchStack):
    def __init__(self):
        super().__init__("signin", logs=ROOT / "var" / "bench" / "signin")
        self.port = free_port()
        self.env = {
            **os.environ,
            "AMQP_URI": self.amqp,
            "MONGO_URI": self.mongo,
            "DIRECTORY_DB": DB,
            "JWT_SECRET": SECRET,
            # one client address makes every attempt here: count per account only
            "SIGNIN_ADDRESS_FAILURES": "1000000",
            # a locked account stays locked through its round (1 s, the default, ran out between
            # slow sign-ins in a slow phase: the throttled kind then got 401)
            "SIGNIN_BASE_DELAY_SECONDS": "120",
            "PYTHONWARNINGS": QUIET_EVENTLET,
        }

    def start(self) -> None:
        self.start_broker()
        self.start_database()
        self.start_service("directory", self.env)
        self.start_gateway(self.port, self.env)
        wait_for_port(self.port)


def store_accounts(mongo: str, count: int) -> list[str]:
    """``count`` accounts sharing one argon2 hash of PASSWORD (hashing each would take minutes)."""
    shared = hash_password(PASSWORD)
    emails = [f"bench-{uuid.uuid4().hex[:8]}@bench.test" for _ in range(count)]
    with MongoClient(mongo) as client:
        client[DB]["people"].insert_many(
            [
                {
                    "_id": uuid.uuid4().hex,
                    "email": email,
                    "name": "Bench",
                    "roles": ["teacher"],
                    "school_urn": None,
                    "password_hash": shared,
                    "token_version": 0,
                }
                for email in emails
            ]
        )
    return emails


class Attempts:
    """Where each kind's next attempt comes from."""

    def __init__(self, emails: list[str]):
        self.fresh = iter(emails)
        self.wrong_left: list[str] = []
        self.locked: list[str] = []

    def wrong_account(self) -> str:
        """A known account with free failures left (each gets FREE_FAILURES - 1 here)."""
        if not self.wrong_left:
            email = next(self.fresh)
            self.wrong_left = [email] * (FREE_FAILURES - 1)
        return self.wrong_left.pop()

    def locked_account(self, sign_in) -> str:
        if not self.locked:
            email = next(self.fresh)
            for _ in range(FREE_FAILURES + 1):
                sign_in(email, "wrong-password")
            self.locked.append(email)
        return self.locked[0]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    stack = Stack()
    say(f"starting SecantusDB :{stack.mongo_port}, vhost {stack.vhost}, directory, gateway")
    session = requests.Session()
    url = f"http://127.0.0.1:{stack.port}/api/v1/auth/token"

    def sign_in(email: str, password: str) -> tuple[int, float]:
        began = time.perf_counter()
        response = session.post(url, json={"email": email, "password": password}, timeout=30)
        return response.status_code, (time.perf_counter() - began) * 1000

    try:
        stack.start()
        accounts_needed = ROUNDS * PER_KIND * 2 + 20
        emails = store_accounts(stack.mongo, accounts_needed)
        say(f"stored {len(emails)} accounts; warming up ...")
        attempts = Attempts(emails)
        right_email = emails.pop()
        for _ in range(5):
            sign_in(right_email, PASSWORD)
        kinds = {
            "right": lambda: sign_in(right_email, PASSWORD),
            "wrong": lambda: sign_in(attempts.wrong_account(), "wrong-password"),
            "unknown": lambda: sign_in(f"nobody-{uuid.uuid4().hex}@bench.test", "x-password"),
            "throttled": lambda: sign_in(attempts.locked_account(sign_in), "wrong-password"),
        }
        expected = {"right": 200, "wrong": 401, "unknown": 401, "throttled": 429}
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for round_no in range(1, ROUNDS + 1):
            reference = reference_loop_ms()
            order = list(kinds) if round_no % 2 else list(reversed(kinds))
            shown = []
            for kind in order:
                attempts.locked.clear()  # a lock lasts seconds: lock a fresh account each time
                this_round = []
                for _ in range(PER_KIND):
                    status, ms = kinds[kind]()
                    if status != expected[kind]:
                        raise SystemExit(f"{kind}: HTTP {status}, expected {expected[kind]}")
                    this_round.append(ms)
                times[kind].extend(this_round)
                shown.append(
                    f"{kind} p50 {percentile(this_round, 50):.1f} p95 "
                    f"{percentile(this_round, 95):.1f}"
                )
            say(f"round {round_no} (reference loop {reference:.0f} ms): " + "; ".join(shown))
        say("overall, ms per sign-in over HTTP (one at a time):")
        for kind, values in times.items():
            say(
                f"  {kind:9} p50 {percentile(values, 50):6.1f}  p95 {percentile(values, 95):6.1f}"
                f"  mean {statistics.fmean(values):6.1f}  (n={len(values)})"
            )
        ratio = statistics.median(times["unknown"]) / statistics.median(times["wrong"])
        cost = statistics.median(times["throttled"]) / statistics.median(times["wrong"])
        say(f"unknown / wrong (medians): {ratio:.2f} (1.00: indistinguishable)")
        say(f"throttled / wrong (medians): {cost:.2f} (what a refused guess costs the platform)")
    finally:
        stack.stop()
    record(
        {
            "p50_ms": {kind: percentile(values, 50) for kind, values in times.items()},
            "p95_ms": {kind: percentile(values, 95) for kind, values in times.items()},
            "unknown_over_wrong": ratio,
            "throttled_over_wrong": cost,
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
