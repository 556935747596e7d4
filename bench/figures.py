"""A benchmark's figures in machine-readable form: ``record(figures)`` writes them as JSON to the
file named by ``BENCH_FIGURES`` (set by ``bench/run_all.py``; nothing is written without it)."""

import json
import os
from pathlib import Path


def record(figures: dict) -> None:
    """Write ``figures`` (JSON-serialisable) to ``$BENCH_FIGURES`` when it is set."""
    target = os.environ.get("BENCH_FIGURES")
    if not target:
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, default=str) + "\n")


def store_share(before: dict, after: dict, seconds: float) -> float | None:
    """SecantusDB's CPU as a share of one core over ``seconds`` (``BenchStack.cpu_seconds``
    before and after): the machine's phase for a fixed load (higher is slower)."""
    if seconds <= 0 or "secantusdb" not in after:
        return None
    return (after["secantusdb"] - before.get("secantusdb", 0.0)) / seconds
