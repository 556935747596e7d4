"""The booking benchmark for two checkouts of the project in alternation, in one sitting: the
code before a change against the code after it, each on its own set-up (its own ``.venv``).

    .venv/bin/python bench/booking/compare_revisions.py BEFORE_DIR AFTER_DIR [--runs 2]

Runs ``bench/booking/bench_booking.py`` in BEFORE, AFTER, BEFORE, AFTER, ... (``--runs`` each),
prints each run's lines as it goes, then the burst (exact counts, p99) and the throughput ratio
(gateway / baseline, the median of its rounds) of every run side by side, and the medians. The
machine's speed changes from one quarter hour to the next, so only figures from the same
sitting, taken in turn, compare.
"""

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

# the burst line before and after it ran against the baseline too
BURST = re.compile(r"burst: (?:.*p99=|p99 median gateway )(\d+) ms")
EXACT = re.compile(r"burst(?:: exact counts| exact) (yes|NO)")
RATIO = re.compile(r"ratio \(median of rounds\) ([\d.]+)")
RATE = re.compile(r"throughput: gateway median (\d+) req/s, baseline median (\d+) req/s")


def say(message: str) -> None:
    print(f"[compare] {message}", flush=True)


def run_once(checkout: Path, label: str, run_no: int) -> dict:
    say(f"{label} run {run_no}: {checkout}")
    process = subprocess.Popen(
        [str(checkout / ".venv/bin/python"), "bench/booking/bench_booking.py"],
        cwd=checkout,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    figures: dict = {"label": label, "run": run_no}
    assert process.stdout is not None
    for line in process.stdout:
        print(f"  {label}: {line}", end="", flush=True)
        for name, pattern in (("p99", BURST), ("exact", EXACT), ("ratio", RATIO)):
            found = pattern.search(line)
            if found:
                figures[name] = found.group(1)
        rates = RATE.search(line)
        if rates:
            figures["gateway"], figures["baseline"] = rates.groups()
    if process.wait() != 0:
        raise SystemExit(f"{label} run {run_no} failed (exit {process.returncode})")
    return figures


def table(runs: list[dict]) -> str:
    lines = [
        "| run | burst exact | burst p99 ms | gateway req/s | baseline req/s | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r['label']} {r['run']} | {r.get('exact', '?')} | {r.get('p99', '?')} | "
            f"{r.get('gateway', '?')} | {r.get('baseline', '?')} | {r.get('ratio', '?')} |"
        )
    for label in dict.fromkeys(r["label"] for r in runs):
        mine = [r for r in runs if r["label"] == label and "ratio" in r and "p99" in r]
        if mine:
            ratio = statistics.median(float(r["ratio"]) for r in mine)
            p99 = statistics.median(int(r["p99"]) for r in mine)
            lines.append(f"| {label} median | | {p99:.0f} | | | {ratio:.2f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--runs", type=int, default=2, help="runs of each checkout (default 2)")
    args = parser.parse_args()
    for checkout in (args.before, args.after):
        if not (checkout / ".venv/bin/python").exists():
            raise SystemExit(f"{checkout} has no .venv: run `make setup` there first")
    runs = []
    for run_no in range(1, args.runs + 1):
        for label, checkout in (("before", args.before), ("after", args.after)):
            runs.append(run_once(checkout.resolve(), label, run_no))
    say("results, in the order they were taken:\n" + table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
