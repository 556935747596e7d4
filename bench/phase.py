"""The machine's phase: a fixed pure-Python loop timed in ms (higher is slower; about 55-60 ms is
a fast phase on this machine, 150-400 ms a slow one)."""

import time


def reference_loop_ms() -> float:
    """A fixed pure-Python loop: its time tells the machine's phase (higher is slower)."""
    began = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i % 7
    return (time.perf_counter() - began) * 1000
