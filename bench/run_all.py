"""``make bench``: every benchmark in turn, one progress line per step, then bench/REPORT.md (each
figure beside its target and its comparison run, the machine's phase, the date and commit).

Each benchmark runs as its own command (its output in var/bench/<step>.out) and records its
figures as JSON (``BENCH_FIGURES``). A broker is started when none answers and stopped again
at the end; each benchmark starts its own store and vhost (``bench/stack.py``).

Environment: ``BENCH_QUICK=1`` (a short smoke run with fewer rounds; its report goes to
var/bench/REPORT-quick.md unless ``BENCH_REPORT`` names another file), ``BENCH_ONLY=booking,auth``
(those steps only; with ``BENCH_KEEP=1`` the report also shows the other steps' figures as the
last run recorded them, saying so), ``BENCH_REPORT`` (where the report goes), ``AMQP_URI``.
"""

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from phase import reference_loop_ms  # noqa: E402
from report import render  # noqa: E402
from rows import BUILDERS  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
OUT = ROOT / "var" / "bench"


@dataclass
class Step:
    name: str
    title: str
    script: str
    full: dict = field(default_factory=dict)  # environment of the full run
    quick: dict = field(default_factory=dict)  # environment of BENCH_QUICK=1
    args: list = field(default_factory=list)
    quick_args: list = field(default_factory=list)
    minutes: float = 15  # stopped after this long (a hung step must not hold the run)


STEPS = [
    Step(
        "booking",
        "booking: burst vs baseline, throughput vs baseline, 1 vs 2 events instances",
        "bench/booking/bench_booking.py",
        full={"BENCH_ROUNDS": "4", "BENCH_REQUESTS": "1000", "BENCH_BURSTS": "4"}
        | {"BENCH_SCALE_ROUNDS": "2"},
        quick={"BENCH_ROUNDS": "1", "BENCH_REQUESTS": "300", "BENCH_BURSTS": "1"}
        | {"BENCH_SCALE_ROUNDS": "1"},
    ),
    Step(
        "inbox",
        "booking → inbox at 50 bookings/s",
        "bench/notifications/booking_to_inbox.py",
        quick={"BENCH_SECONDS": "5"},
        minutes=8,
    ),
    Step(
        "directory",
        "directory: GIAS import and search",
        "bench/directory/bench_directory.py",
        full={"BENCH_QUERIES": "200"},
        quick={"BENCH_SCHOOLS": "3000", "BENCH_OFFERS": "1000", "BENCH_QUERIES": "40"},
        minutes=10,
    ),
    Step(
        "auth",
        "auth: sign-in",
        "bench/auth/bench_sign_in.py",
        quick={"BENCH_ROUNDS": "2", "BENCH_PER_KIND": "5"},
        minutes=6,
    ),
    Step(
        "community",
        "community: 5 MB files vs a plain file server, search",
        "bench/community/bench_community.py",
        full={"BENCH_FILE_ROUNDS": "4", "BENCH_ROUNDS": "2", "BENCH_SEARCHES": "60"},
        quick_args=["--quick"],
    ),
    Step(
        "pages",
        "web pages vs their API calls",
        "bench/web/bench_pages.py",
        full={"BENCH_ROUNDS": "2", "BENCH_PER_ROUND": "20"},
        quick={"BENCH_ROUNDS": "1", "BENCH_PER_ROUND": "5", "BENCH_SCHOOLS": "3000"}
        | {"BENCH_OFFERS": "30"},
    ),
]


def progress(text: str, end: str = "\n") -> None:
    print(text, end=end, flush=True)


def interrupt(proc: subprocess.Popen) -> None:
    """SIGINT to a benchmark (its ``finally`` stops what it started), killed after 90 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()


def run_step(step: Step, figures_path: Path) -> tuple[bool, float, str]:
    """Run one benchmark to the end (or its time limit): ok, seconds taken, what went wrong."""
    env = {**os.environ, **(step.quick if QUICK else step.full)}
    env["BENCH_FIGURES"] = str(figures_path)
    figures_path.unlink(missing_ok=True)
    argv = [sys.executable, step.script, *(step.quick_args if QUICK else step.args)]
    began = time.monotonic()
    with open(OUT / f"{step.name}.out", "wb") as log:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            code = proc.wait(timeout=step.minutes * 60)
        except subprocess.TimeoutExpired:
            interrupt(proc)
            return False, time.monotonic() - began, f"stopped after {step.minutes:g} min"
        except KeyboardInterrupt:
            interrupt(proc)
            raise
    took = time.monotonic() - began
    if code != 0:
        return False, took, f"exit {code}"
    if not figures_path.exists():
        return False, took, "no figures recorded"
    return True, took, ""


def commit() -> str:
    head = subprocess.run(
        ["git", "log", "-1", "--format=%h"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(  # (this report itself left aside: an earlier run wrote it)
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/REPORT.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return head + (" (the working tree had uncommitted changes)" if dirty else "")


def command() -> str:
    """``make bench`` as it was run, with the settings that change what it runs."""
    settings = ("BENCH_QUICK", "BENCH_ONLY", "BENCH_KEEP")
    shown = [f"{k}={os.environ[k]}" for k in settings if os.environ.get(k)]
    return " ".join(["make bench", *shown])


def ensure_broker() -> bool:
    """Start a broker when none answers; True when this run started it (and must stop it)."""
    ensured = subprocess.run(
        [str(ROOT / "scripts" / "rabbitmq.sh"), "ensure"], cwd=ROOT, capture_output=True, text=True
    )
    if ensured.returncode != 0:
        raise SystemExit(f"RabbitMQ could not be started: {ensured.stderr.strip()}")
    return ensured.stdout.strip() == "started"


def phase_lines(references: dict[str, float], figures: dict[str, dict]) -> list[str]:
    loops = {step.name: figures.get(step.name, {}).get("reference_loop_ms") for step in STEPS}
    loops = {name: ms for name, ms in {**loops, **references}.items() if ms is not None}
    shown = ", ".join(f"{name} {ms:.0f} ms" for name, ms in loops.items())
    lines = [
        "Reference loop (a fixed pure-Python loop, timed before each step; about 55–60 ms is a "
        f"fast phase here, 150–400 ms a slow one): {shown}."
    ]
    store = []
    for name, key in (("booking", "throughput"), ("inbox", None), ("pages", None)):
        found = figures.get(name, {})
        found = found.get(key, {}) if key else found
        if found.get("store_cpu_share") is not None:
            store.append(f"{name} {100 * found['store_cpu_share']:.0f} %")
    if store:
        lines.append(
            "SecantusDB's CPU as a share of one core while measuring: " + ", ".join(store) + " (for"
            " booking → inbox at 50 bookings/s, 27–35 % is a quiet phase, 39–44 % medium, 48–62 %"
            " slow; the other loads are not fixed rates)."
        )
    per_booking = figures.get("booking", {}).get("throughput", {}).get("store_cpu_ms_per_booking")
    if per_booking is not None:
        lines.append(
            f"SecantusDB's CPU per booking in the throughput rounds: {per_booking:.2f} ms (gateway"
            " and baseline rounds together; 0.44–0.65 ms through the gateway in a normal phase)."
        )
    return lines


def keep_earlier(steps: list[Step], figures: dict[str, dict]) -> list[str]:
    """With ``BENCH_KEEP=1`` (and ``BENCH_ONLY``): the figures of the steps not run now, as an
    earlier run recorded them in var/bench/figures/, each named in the report's notes."""
    notes = []
    for step in STEPS:
        path = OUT / "figures" / f"{step.name}.json"
        if step in steps or not path.exists():
            continue
        figures[step.name] = json.loads(path.read_text())
        taken = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        when = figures[step.name].get("recorded_at") or f"{taken:%Y-%m-%d %H:%M} UTC"
        notes.append(f"{step.name}: figures of an earlier run (recorded {when})")
    return notes


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
    steps = [step for step in STEPS if not only or step.name in only]
    default = OUT / "REPORT-quick.md" if QUICK else HERE / "REPORT.md"
    target = Path(os.environ.get("BENCH_REPORT") or default)
    started_at, began, revision = datetime.now(UTC), time.monotonic(), commit()
    progress(f"make bench{' (BENCH_QUICK=1)' if QUICK else ''}: {len(steps)} benchmarks")
    started_broker = ensure_broker()
    figures, references, failed = {}, {}, []
    try:
        for number, step in enumerate(steps, 1):
            references[step.name] = reference_loop_ms()
            progress(f"[{number}/{len(steps)}] {step.title} ... ", end="")
            path = OUT / "figures" / f"{step.name}.json"
            ok, took, problem = run_step(step, path)
            if path.exists():
                figures[step.name] = json.loads(path.read_text())
                figures[step.name]["reference_loop_ms"] = references[step.name]
                figures[step.name]["recorded_at"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
                path.write_text(json.dumps(figures[step.name], indent=2) + "\n")
            if not ok:
                failed.append(f"{step.name}: {problem} (output in var/bench/{step.name}.out)")
            verdict = "done" if ok else f"FAILED: {problem}, see var/bench/{step.name}.out"
            progress(f"{verdict} ({took:.0f} s, reference loop {references[step.name]:.0f} ms)")
        references["end"] = reference_loop_ms()
    finally:
        if started_broker:
            subprocess.run([str(ROOT / "scripts" / "rabbitmq.sh"), "stop"], cwd=ROOT, check=False)
    notes = list(failed)
    if os.environ.get("BENCH_KEEP") == "1":
        notes += keep_earlier(steps, figures)
        steps = [step for step in STEPS if step in steps or step.name in figures]
    rows = [row for step in steps for row in BUILDERS[step.name](figures.get(step.name, {}))]
    minutes = (time.monotonic() - began) / 60
    heading = [
        f"Date: {started_at:%Y-%m-%d %H:%M} UTC; commit {revision}.",
        f"`{command()}`, {minutes:.0f} minutes. Each comparison "
        "run was measured in the same run, in alternation with the figure beside it.",
    ]
    target.write_text(render(rows, heading, phase_lines(references, figures), notes))
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    progress(f"report written to {shown}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
