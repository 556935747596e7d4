"""Community benchmark (one command): ``.venv/bin/python bench/community/bench_community.py``.

Starts its own SecantusDB (standalone), a throwaway RabbitMQ vhost, the directory (with the demo
partnership: ``directory seed-demo``), the community service, the gateway (``python -m
gateway.serve``) and the plain HTTP file server ``baseline_files.py`` on the same HTTP server
(granian, one process). The coordinator signs in and opens a space. Then:

1. **Files**: a generated 5 MB PDF (random content: nothing compresses) is uploaded through the
   gateway (multipart, ``POST /api/v1/spaces/{id}/posts``, or ``POST
   /api/v1/posts/{id}/attachments`` when the gateway has it) and downloaded (``GET
   /api/v1/attachments/{id}``, bytes checked), in alternation with the same upload (multipart
   ``POST /files``) and download against the baseline, ``BENCH_FILE_ROUNDS`` rounds. Prints
   MB/s for each transfer, the medians and the ratio gateway / baseline for each direction, and
   the CPU per transfer of each process.
2. **Search**: ``BENCH_POSTS`` posts are written in bulk to the community's store
   (``posts_data``), spread over every space; then ``GET /api/v1/posts`` with a mix of words,
   tag, phase, school and words with a tag, as the coordinator (every space) and as a teacher
   (their cluster's space and the partnership-wide posts), one at a time, each in alternation
   with ``GET /api/v1/spaces/{id}`` (one RPC, one small read: the floor of any gateway call).
   Prints p50/p95/p99 of each, by kind, and the ratio of the p95s.

A reference loop (pure Python, timed before each round) shows the machine's phase. Figures are
written to ``bench/results/community-<time>.json``.

Options: ``--quick`` (2 file rounds, 2,000 posts, 1 search round of 50) and via environment
BENCH_FILE_ROUNDS (8), BENCH_FILE_MB (5), BENCH_POSTS (10000), BENCH_ROUNDS (3), BENCH_SEARCHES
(100 per round), BENCH_SLOWMS, GATEWAY_THREADS, AMQP_URI.
"""

import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(HERE))

from figures import record  # noqa: E402
from phase import reference_loop_ms  # noqa: E402
from posts_data import search_queries, seed_posts, seeded_hidden  # noqa: E402
from stack import BIN, QUIET_EVENTLET, BenchStack  # noqa: E402

from gateway.serve import granian_argv  # noqa: E402
from support.waiting import eventually, free_port, wait_for_port  # noqa: E402

QUICK = "--quick" in sys.argv[1:]
SECRET = "bench-secret-" + "x" * 40
PASSWORD = "demo-password"
COORDINATOR = "coordinator@demo.partnership.test"
TEACHER = "teacher@northshore.demo.partnership.test"
FILE_ROUNDS = int(os.environ.get("BENCH_FILE_ROUNDS", "2" if QUICK else "8"))
FILE_BYTES = int(float(os.environ.get("BENCH_FILE_MB", "5")) * 1_000_000)
POSTS = int(os.environ.get("BENCH_POSTS", "2000" if QUICK else "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1" if QUICK else "3"))
SEARCHES = int(os.environ.get("BENCH_SEARCHES", "50" if QUICK else "100"))
DB = "bench_community"
RESULTS = ROOT / "bench" / "results"


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def pdf_of(size: int) -> bytes:
    """A PDF of ``size`` bytes (the type check reads its signature) whose stream is random."""
    head = b"%PDF-1.4\n1 0 obj << /Length " + str(size).encode() + b" >>\nstream\n"
    tail = b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%EOF\n"
    return head + os.urandom(size - len(head) - len(tail)) + tail


class Stack(BenchStack):
    def __init__(self, files: Path):
        super().__init__("community", logs=ROOT / "var" / "bench" / "community")
        self.port = free_port()
        self.baseline_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.baseline = f"http://127.0.0.1:{self.baseline_port}"
        self.env = {
            **os.environ,
            "AMQP_URI": self.amqp,
            "MONGO_URI": self.mongo,
            "DIRECTORY_DB": f"{DB}_directory",
            "COMMUNITY_DB": DB,
            "JWT_SECRET": SECRET,
            "DEMO_PASSWORD": PASSWORD,
            "SIGNIN_ADDRESS_FAILURES": "1000000",
            # the gateway's default 1 MiB request limit is below a 5 MB upload
            "MAX_REQUEST_BYTES": str(max(12 * 1024 * 1024, 2 * FILE_BYTES)),
            "BASELINE_FILES": str(files),
            "PYTHONWARNINGS": QUIET_EVENTLET,
        }

    def start(self) -> None:
        self.start_broker()
        self.start_database()
        self.watch_slow_operations([DB])
        subprocess.run(
            [str(BIN / "directory"), "seed-demo"],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for service in ("directory", "community"):
            self.start_service(service, self.env)
        self.start_gateway(self.port, self.env)
        baseline = granian_argv("127.0.0.1", self.baseline_port, 1, 32, access_log=False)
        baseline[0] = str(BIN / "granian")
        baseline[-1] = "baseline_files:app"
        self.spawn("baseline", baseline, {**self.env, "PYTHONPATH": str(HERE)})
        wait_for_port(self.port)
        wait_for_port(self.baseline_port)


def signed_in(url: str, email: str) -> requests.Session:
    session = requests.Session()

    def sign_in() -> bool:
        try:
            answer = session.post(
                url + "/api/v1/auth/token", json={"email": email, "password": PASSWORD}, timeout=30
            )
        except requests.RequestException:
            return False
        if answer.status_code == 200:
            session.headers["Authorization"] = "Bearer " + answer.json()["access_token"]
        return answer.status_code == 200

    eventually(sign_in, seconds=60, interval=0.5)
    return session


def spaces_ready(session: requests.Session, url: str) -> list[dict]:
    """The spaces the community has made for the demo's groups and clusters (it syncs with the
    directory every few seconds until it first answers)."""
    found: list[dict] = []

    def synced() -> bool:
        answer = session.get(url + "/api/v1/spaces", timeout=30)
        found[:] = answer.json().get("items", []) if answer.status_code == 200 else []
        return any(space["kind"] == "cluster" for space in found)

    eventually(synced, seconds=90, interval=1)
    return found


class Transfers:
    """Uploads and downloads of one file through the gateway and against the baseline."""

    def __init__(self, stack: Stack, coordinator: requests.Session, space_id: str, data: bytes):
        self.stack, self.session, self.space_id, self.data = stack, coordinator, space_id, data
        self.digest = hashlib.sha256(data).hexdigest()
        self.plain = requests.Session()
        self.count = 0
        self.post_id: str | None = None
        self.attachment_route = False
        self.on_post = 0

    def _new_post(self) -> str:
        answer = self.session.post(
            f"{self.stack.url}/api/v1/spaces/{self.space_id}/posts",
            data={"title": f"Bench resources {self.count}", "body": "Files."},
            timeout=60,
        )
        if answer.status_code != 201:
            raise SystemExit(f"new post: HTTP {answer.status_code} {answer.text[:300]}")
        return answer.json()["id"]

    def _file(self) -> dict:
        return {"file": ("bench-resource.pdf", self.data, "application/pdf")}

    def gateway_upload(self) -> str:
        self.count += 1
        if self.attachment_route:
            if self.on_post >= 4:  # a post holds at most 5 files: a fresh one (not timed)
                self.post_id, self.on_post = self._new_post(), 0
            self.on_post += 1
            answer = self.session.post(
                f"{self.stack.url}/api/v1/posts/{self.post_id}/attachments",
                files=self._file(),
                timeout=120,
            )
            if answer.status_code != 201:
                raise SystemExit(f"gateway upload: HTTP {answer.status_code} {answer.text[:300]}")
            found = answer.json()["id"]
            return found if "-" in found else f"{self.post_id}-{found}"
        answer = self.session.post(
            f"{self.stack.url}/api/v1/spaces/{self.space_id}/posts",
            data={"title": f"Bench resource {self.count}", "body": "A 5 MB resource."},
            files=self._file(),
            timeout=120,
        )
        if answer.status_code != 201:
            raise SystemExit(f"gateway upload: HTTP {answer.status_code} {answer.text[:300]}")
        post = answer.json()
        self.post_id = post["id"]
        return post["attachments"][0]["id"]

    def probe_attachment_route(self) -> None:
        """Use ``POST /api/v1/posts/{id}/attachments`` when the gateway has it."""
        answer = self.session.post(
            f"{self.stack.url}/api/v1/posts/{self.post_id}/attachments",
            files=self._file(),
            timeout=120,
        )
        self.attachment_route = answer.status_code == 201
        self.on_post = 2
        route = "/posts/{id}/attachments" if self.attachment_route else "/spaces/{id}/posts"
        say(f"uploads through the gateway go to POST /api/v1{route} (probe: {answer.status_code})")

    def gateway_download(self, attachment_id: str) -> None:
        answer = self.session.get(
            f"{self.stack.url}/api/v1/attachments/{attachment_id}", timeout=120
        )
        self._check(answer, "gateway download")

    def baseline_upload(self) -> str:
        answer = self.plain.post(f"{self.stack.baseline}/files", files=self._file(), timeout=120)
        if answer.status_code != 201:
            raise SystemExit(f"baseline upload: HTTP {answer.status_code} {answer.text[:300]}")
        return answer.json()["id"]

    def baseline_download(self, file_id: str) -> None:
        self._check(
            self.plain.get(f"{self.stack.baseline}/files/{file_id}", timeout=120), "baseline"
        )

    def _check(self, answer: requests.Response, what: str) -> None:
        if answer.status_code != 200 or hashlib.sha256(answer.content).hexdigest() != self.digest:
            raise SystemExit(f"{what}: HTTP {answer.status_code}, {len(answer.content)} bytes")


def timed(stack: Stack, cpu: dict, key: str, action, *args):
    """Run ``action``; its wall seconds, and the CPU each process used added to ``cpu[key]``."""
    before = stack.cpu_seconds()
    began = time.perf_counter()
    result = action(*args)
    took = time.perf_counter() - began
    after = stack.cpu_seconds()
    spent = cpu.setdefault(key, {})
    for name, seconds in after.items():
        spent[name] = spent.get(name, 0.0) + seconds - before.get(name, 0.0)
    return took, result


def measure_files(stack: Stack, transfers: Transfers) -> dict:
    mb = FILE_BYTES / 1e6
    speeds: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {"upload": [], "download": []}
    cpu: dict[str, dict] = {}
    references = []
    for round_no in range(1, FILE_ROUNDS + 1):
        reference = reference_loop_ms()
        references.append(reference)
        sides = ("gateway", "baseline") if round_no % 2 else ("baseline", "gateway")
        this: dict[str, float] = {}
        stored: dict[str, str] = {}
        for side in sides:
            upload = transfers.gateway_upload if side == "gateway" else transfers.baseline_upload
            took, stored[side] = timed(stack, cpu, f"{side} upload", upload)
            this[f"{side} upload"] = mb / took
        for side in sides:
            fetch = transfers.gateway_download if side == "gateway" else transfers.baseline_download
            took, _ = timed(stack, cpu, f"{side} download", fetch, stored[side])
            this[f"{side} download"] = mb / took
        for key, value in this.items():
            speeds.setdefault(key, []).append(value)
        for direction in ratios:
            ratios[direction].append(this[f"gateway {direction}"] / this[f"baseline {direction}"])
        say(
            f"files round {round_no} (reference loop {reference:.0f} ms), MB/s: "
            + ", ".join(f"{key} {value:.1f}" for key, value in this.items())
        )
    return {"speeds": speeds, "ratios": ratios, "cpu": cpu, "reference_ms": references}


def measure_search(stack: Stack, users: dict, floors: dict) -> dict:
    rng = random.Random(7)
    times: dict[str, list[float]] = {"search": [], "floor": []}
    by_kind: dict[str, list[float]] = {}
    totals: list[int] = []
    references = []
    cpu_before = stack.cpu_seconds()
    for round_no in range(1, ROUNDS + 1):
        reference = reference_loop_ms()
        references.append(reference)
        this = {"search": [], "floor": []}
        for n, (kind, query) in enumerate(search_queries(rng, SEARCHES)):
            user = "coordinator" if n % 2 else "teacher"
            session = users[user]
            order = ("search", "floor") if n % 2 else ("floor", "search")
            for what in order:
                began = time.perf_counter()
                if what == "search":
                    answer = session.get(stack.url + "/api/v1/posts", params=query, timeout=60)
                else:
                    answer = session.get(stack.url + floors[user], timeout=60)
                took = (time.perf_counter() - began) * 1000
                if answer.status_code != 200:
                    raise SystemExit(
                        f"{what} {query}: HTTP {answer.status_code} {answer.text[:300]}"
                    )
                this[what].append(took)
                if what == "search":
                    by_kind.setdefault(kind, []).append(took)
                    totals.append(answer.json()["total"])
        for what in this:
            times[what].extend(this[what])
        say(
            f"search round {round_no} (reference loop {reference:.0f} ms): "
            f"search p50 {percentile(this['search'], 50):.1f} p95 "
            f"{percentile(this['search'], 95):.1f} ms; floor p50 "
            f"{percentile(this['floor'], 50):.1f} p95 {percentile(this['floor'], 95):.1f} ms"
        )
    cpu_after = stack.cpu_seconds()
    searches = len(times["search"]) + len(times["floor"])
    cpu = {k: (cpu_after[k] - cpu_before.get(k, 0.0)) * 1000 / searches for k in cpu_after}
    return {
        "times": times,
        "by_kind": by_kind,
        "matches_median": statistics.median(totals),
        "cpu_ms_per_request": cpu,
        "reference_ms": references,
    }


def summary(files: dict, search: dict, upload_route: str) -> dict:
    def figures(values: list[float]) -> dict:
        return {
            "p50": round(percentile(values, 50), 1),
            "p95": round(percentile(values, 95), 1),
            "p99": round(percentile(values, 99), 1),
            "n": len(values),
        }

    transfers = FILE_ROUNDS
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "file_mb": FILE_BYTES / 1e6,
        "upload_route": upload_route,
        "files_mb_per_s_median": {
            key: round(statistics.median(values), 1) for key, values in files["speeds"].items()
        },
        "files_ratio_median": {
            key: round(statistics.median(values), 2) for key, values in files["ratios"].items()
        },
        "files_cpu_ms_per_transfer": {
            key: {name: round(s * 1000 / transfers, 1) for name, s in spent.items() if s > 0.0005}
            for key, spent in files["cpu"].items()
        },
        "files_reference_ms": [round(r) for r in files["reference_ms"]],
        "posts": POSTS,
        "search_ms": figures(search["times"]["search"]),
        "floor_ms": figures(search["times"]["floor"]),
        "search_by_kind_ms": {k: figures(v) for k, v in search["by_kind"].items()},
        "search_matches_median": search["matches_median"],
        "search_cpu_ms_per_request": {
            k: round(v, 2) for k, v in search["cpu_ms_per_request"].items() if v > 0.005
        },
        "search_reference_ms": [round(r) for r in search["reference_ms"]],
    }


def report(result: dict) -> None:
    say(f"files ({result['file_mb']:g} MB, {FILE_ROUNDS} rounds), median MB/s:")
    speeds = result["files_mb_per_s_median"]
    for direction in ("upload", "download"):
        say(
            f"  {direction:8} gateway {speeds[f'gateway {direction}']:7.1f}  baseline "
            f"{speeds[f'baseline {direction}']:7.1f}  ratio (median of rounds) "
            f"{result['files_ratio_median'][direction]:.2f}"
        )
    say("  CPU ms per transfer: ")
    for key, spent in result["files_cpu_ms_per_transfer"].items():
        shown = ", ".join(f"{name} {ms:.0f}" for name, ms in sorted(spent.items()))
        say(f"    {key}: {shown}")
    search, floor = result["search_ms"], result["floor_ms"]
    say(f"search over {POSTS} posts (median {result['search_matches_median']} matches), ms:")
    for label, shown in (("GET /api/v1/posts", search), ("floor (get_space)", floor)):
        say(f"  {label:18} " + "  ".join(f"{p} {shown[p]:6.1f}" for p in ("p50", "p95", "p99")))
    say(f"  ratio of p95s {search['p95'] / floor['p95']:.2f}; by kind:")
    for kind, shown in result["search_by_kind_ms"].items():
        say(f"    {kind:10} p50 {shown['p50']:6.1f}  p95 {shown['p95']:6.1f}")
    cpu = result["search_cpu_ms_per_request"]
    say("  CPU ms per request: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(cpu.items())))
    say(
        f"  reference loop ms: files {result['files_reference_ms']}, "
        f"search {result['search_reference_ms']}"
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-community-") as tmp:
        stack = Stack(Path(tmp))
        say(f"starting SecantusDB :{stack.mongo_port}, vhost {stack.vhost}, directory, community,")
        say("gateway and the baseline file server")
        try:
            stack.start()
            coordinator = signed_in(stack.url, COORDINATOR)
            teacher = signed_in(stack.url, TEACHER)
            spaces = spaces_ready(coordinator, stack.url)
            opened = coordinator.post(
                stack.url + "/api/v1/spaces",
                json={
                    "kind": "project",
                    "name": "Benchmark resources",
                    "ends_on": (date.today() + timedelta(days=30)).isoformat(),
                },
                timeout=30,
            )
            if opened.status_code != 201:
                raise SystemExit(f"open space: HTTP {opened.status_code} {opened.text[:300]}")
            space_id = opened.json()["id"]
            say(f"{len(spaces)} spaces synced; opened {space_id}")

            data = pdf_of(FILE_BYTES)
            transfers = Transfers(stack, coordinator, space_id, data)
            say("warming up: one upload and download each way")
            transfers.gateway_download(transfers.gateway_upload())
            transfers.baseline_download(transfers.baseline_upload())
            transfers.probe_attachment_route()
            files = measure_files(stack, transfers)

            say(f"seeding {POSTS} posts in bulk into the community's store")
            space_ids = [space["id"] for space in spaces] + [space_id]
            took = seed_posts(stack.mongo, DB, space_ids, POSTS, say)
            say(f"seeded in {took:.1f} s; waiting for search to find them all")
            unhidden = POSTS - seeded_hidden(stack.mongo, DB)

            def all_found() -> bool:
                answer = coordinator.get(stack.url + "/api/v1/posts", timeout=60)
                return answer.status_code == 200 and answer.json()["total"] >= unhidden

            eventually(all_found, seconds=120, interval=2)
            users = {"coordinator": coordinator, "teacher": teacher}
            # the floor: a space each may see (the teacher's cluster, the opened one)
            theirs = teacher.get(stack.url + "/api/v1/spaces", timeout=30).json()["items"]
            floors = {
                "coordinator": f"/api/v1/spaces/{space_id}",
                "teacher": f"/api/v1/spaces/{theirs[0]['id']}",
            }
            for _, query in search_queries(random.Random(1), 20):
                teacher.get(stack.url + "/api/v1/posts", params=query, timeout=60)
                coordinator.get(stack.url + floors["coordinator"], timeout=60)
            search = measure_search(stack, users, floors)
            route = "attachments" if transfers.attachment_route else "posts"
            result = summary(files, search, route)
            stack.report_slow_operations()
        finally:
            stack.stop()
    report(result)
    record(result)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = RESULTS / f"community-{stamp}{'-quick' if QUICK else ''}.json"
    target.write_text(json.dumps(result, indent=2) + "\n")
    say(f"written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
