"""The gateway's code from several checkouts on one stack, measured in alternation in one sitting:

    .venv/bin/python bench/booking/compare_gateways.py before=../old after=. [--bursts 6]
        [--throughput] [--baseline]

One SecantusDB, one vhost, one directory and one events service (this checkout's), and one
gateway per ``NAME=CHECKOUT`` (its ``services/gateway``, ``contracts`` and ``runtime`` first on
the path; the rest of the process, from this checkout's ``.venv``). Each round runs every
gateway in turn (the order reversed every other round), and the baseline too with
``--baseline``:

- the 500-way burst for 50 places (as ``bench_booking.py``): its p99, exact counts checked;
- with ``--throughput``: 1,000 bookings over 16 connections instead, req/s.

Prints every round's figures, each gateway's CPU per booking (its process's, from /proc), and
the median of each. Only the gateway differs between the sides, and the machine's phase changes
for all of them alike, so the figures compare even when the machine is slow.
"""

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_booking as bench  # noqa: E402
from bench_booking import say  # noqa: E402

from support.waiting import free_port, wait_for_port  # noqa: E402

BASELINE = "baseline"


def start_gateways(stack: bench.Stack, checkouts: dict[str, Path]) -> dict[str, int]:
    ports = {}
    for name, checkout in checkouts.items():
        ports[name] = free_port()
        path = ":".join(
            str(checkout / part) for part in ("services/gateway", "contracts", "runtime")
        )
        stack.start_gateway(ports[name], {**stack.env, "PYTHONPATH": path}, name=name)
    for port in ports.values():
        wait_for_port(port)
    return ports


def measure(stack: bench.Stack, name: str, port: int, throughput: bool, label: str) -> float:
    """One burst's p99 in ms, or one throughput round's req/s, on ``name``."""
    if throughput:
        if name == BASELINE:
            jobs = bench.jobs_for(bench.baseline_event(500), label, 1000)
        else:
            jobs = bench.jobs_for(bench.gateway_event(stack, 500), label, 1000, stack.mongo)
        return bench.post_many("127.0.0.1", port, jobs, 16).rate
    stack.gateway_port = port
    figures = bench.burst_once(stack, "baseline" if name == BASELINE else "gateway")
    if not figures["exact"]:
        say(f"{name}: the burst's counts were not exact")
    return figures["p99_ms"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sides", nargs="+", metavar="NAME=CHECKOUT")
    parser.add_argument("--bursts", type=int, default=6, help="rounds (default 6)")
    parser.add_argument("--throughput", action="store_true", help="req/s instead of bursts")
    parser.add_argument("--baseline", action="store_true", help="the baseline in each round too")
    args = parser.parse_args()
    checkouts = {}
    for side in args.sides:
        name, _, checkout = side.partition("=")
        if not checkout or not (Path(checkout) / "services/gateway/gateway").is_dir():
            parser.error(f"{side}: give NAME=CHECKOUT, a checkout of this project")
        checkouts[name] = Path(checkout).resolve()
    unit = "req/s" if args.throughput else "ms (burst p99)"
    stack = bench.Stack()
    figures: dict[str, list[float]] = {name: [] for name in checkouts}
    cpu: dict[str, list[float]] = {name: [] for name in checkouts}
    try:
        stack.start()
        ports = start_gateways(stack, checkouts)
        if args.baseline:
            ports[BASELINE], figures[BASELINE] = stack.baseline_port, []
        bench.warm_up(stack)
        for name, port in ports.items():  # each side's first burst warms it up
            measure(stack, name, port, args.throughput, f"warm-{name}")
        bookings = 1000 if args.throughput else 500
        for round_no in range(1, args.bursts + 1):
            order = list(ports) if round_no % 2 else list(reversed(ports))
            for name in order:
                before = stack.cpu_seconds()
                figure = measure(stack, name, ports[name], args.throughput, f"r{round_no}")
                spent = stack.cpu_seconds()
                figures[name].append(figure)
                if name in cpu:
                    cpu[name].append((spent[name] - before[name]) * 1000 / bookings)
                say(f"round {round_no} {name}: {figure:.0f} {unit}")
    finally:
        stack.stop()
    for name, values in figures.items():
        shown = ", ".join(f"{v:.0f}" for v in values)
        line = f"{name}: median {statistics.median(values):.0f} {unit} ({shown})"
        if cpu.get(name):
            line += f"; gateway CPU per booking median {statistics.median(cpu[name]):.2f} ms"
        say(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
